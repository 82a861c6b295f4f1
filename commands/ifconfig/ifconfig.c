/*
 * ifconfig [-s] [ADDR] -- shows inet's IPv4 address and the card's MAC, or sets the address.
 *   eth0: inet 192.0.2.1 ether 52:54:00:12:34:56
 * -s adds inet's counters (INET_STATS):
 *   eth0: N malformed frames dropped, N echo requests answered, N ARP requests answered,
 *         N driver restarts, N frames resent
 * "(no network)" follows when inet has no working driver. Exit status 0, or 1 on an error.
 */
#include "../include/inetclient.h"     /* first: see there */
#include <stdio.h>

int main(int argc, char **argv)
{
    message m;
    uint32_t ip = 0;
    int r;

    int show_stats = argc > 1 && strcmp(argv[1], "-s") == 0;

    if (show_stats) {
        argc--;
        argv++;
    }
    if (argc > 2 || (argc == 2 && inet_parse(argv[1], &ip) != OK)) {
        printf("usage: ifconfig [-s] [A.B.C.D]\n");
        return 1;
    }
    memset(&m, 0, sizeof m);
    m.m_type = INET_IFCONFIG;
    m.m2_i1 = argc == 2;
    m.m2_l1 = (int32_t)ip;
    r = inet_call(&m);
    if (r != OK && r != EIO) {
        printf("ifconfig: inet does not answer: %d\n", r);
        return 1;
    }
    ip = (uint32_t)m.m2_l1;
    printf("eth0: inet %u.%u.%u.%u ether %02x:%02x:%02x:%02x:%02x:%02x%s\n", IP_ARGS(ip),
           (unsigned)((m.m2_i2 >> 8) & 255), (unsigned)(m.m2_i2 & 255),
           (unsigned)(((uint32_t)m.m2_l2 >> 24) & 255), (unsigned)((m.m2_l2 >> 16) & 255),
           (unsigned)((m.m2_l2 >> 8) & 255), (unsigned)(m.m2_l2 & 255),
           r == EIO ? " (no network)" : "");
    if (show_stats) {
        memset(&m, 0, sizeof m);
        m.m_type = INET_STATS;
        if (inet_call(&m) == OK)
            printf("eth0: %d malformed frames dropped, %d echo requests answered, %d ARP requests "
                   "answered, %u driver restarts, %u frames resent\n", m.m2_i2, m.m2_i3, m.m2_l1,
                   (unsigned)((uint32_t)m.m2_l2 >> 16), (unsigned)(m.m2_l2 & 0xFFFF));
    }
    return 0;
}
