/*
 * ethping [-c N] [-i SECONDS] [-W TICKS] ADDR -- ICMP echo requests to ADDR through inet, like
 * ping: one line per reply with its round trip (resolution: one clock tick), then
 *   --- ADDR ping statistics ---
 *   N packets transmitted, M received, X% packet loss
 * (the last line exactly as ping's). -c N requests (default 4); -i the pause between them in
 * whole seconds (default 1; 0 = the next as soon as the previous is answered); -W how long
 * to wait for each reply in clock ticks (default inet's: one second). Exit status 0 when
 * every request was answered, else 1.
 */
#include "../include/inetclient.h"     /* first: see there */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int count = 4, interval = 1, wait_ticks = 0, received = 0, c;
    uint32_t dst;

    while ((c = getopt(argc, argv, "c:i:W:")) != -1) {
        switch (c) {
        case 'c': count = atoi(optarg); break;
        case 'i': interval = atoi(optarg); break;
        case 'W': wait_ticks = atoi(optarg); break;
        default: count = -1; break;
        }
    }
    if (count <= 0 || optind != argc - 1 || inet_parse(argv[optind], &dst) != OK) {
        printf("usage: ethping [-c N] [-i SECONDS] [-W TICKS] A.B.C.D\n");
        return 2;
    }
    printf("PING %s: 56 data bytes\n", argv[optind]);
    for (int seq = 0; seq < count; seq++) {
        message m;
        int r;

        if (seq > 0 && interval > 0)
            sleep((unsigned)interval);
        memset(&m, 0, sizeof m);
        m.m_type = INET_PING;
        m.m2_l1 = (int32_t)dst;
        m.m2_i2 = seq;
        m.m2_i3 = wait_ticks;
        r = inet_call(&m);
        if (r == OK) {
            uint32_t us = (uint32_t)m.m2_l2;

            received++;
            printf("64 bytes from %s: icmp_seq=%d time=%u.%03u ms\n", argv[optind], seq,
                   (unsigned)(us / 1000), (unsigned)(us % 1000));
        } else if (r == EAGAIN) {
            printf("no reply for icmp_seq=%d\n", seq);
        } else if (r == EIO) {
            printf("icmp_seq=%d: %s does not answer ARP (or no network)\n", seq, argv[optind]);
        } else {
            printf("icmp_seq=%d: error %d\n", seq, r);
        }
    }
    printf("--- %s ping statistics ---\n", argv[optind]);
    printf("%d packets transmitted, %d received, %d%% packet loss\n", count, received,
           (count - received) * 100 / count);
    return received == count ? 0 : 1;
}
