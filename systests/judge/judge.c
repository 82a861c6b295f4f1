/*
 * judge -- args SECONDS @p1 @p2 ...: sleeps SECONDS of guest time, then reads the clock ticks
 * each process was billed and prints its share. Powers off with status 0 if every process got at
 * least half of a fair share, 1 otherwise.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        panic("usage: judge SECONDS @process...");
    }
    int seconds = atoi(argv[1]);
    int n = argc - 2;
    uint32_t ticks[16];
    uint32_t total = 0, uptime = 0, sys;
    message m;

    sys_setalarm((uint32_t)seconds * sys_hz(), 0);
    do {
        ipc_receive(CLOCK, &m, NULL);
    } while (m.m_source != CLOCK);
    for (int i = 0; i < n && i < 16; i++) {
        if (sys_times(atoi(argv[i + 2]), &ticks[i], &sys, &uptime) != OK) {
            panic("times of %s failed", argv[i + 2]);
        }
        total += ticks[i];
    }
    int fair = 1;
    for (int i = 0; i < n && i < 16; i++) {
        unsigned percent = total == 0 ? 0 : ticks[i] * 100u / total;
        printf("process %d: %u ticks, %u%% of %u\n", i + 1, (unsigned)ticks[i], percent, (unsigned)total);
        if (ticks[i] * 2u * (unsigned)n < total) {
            fair = 0;
        }
    }
    printf("uptime %u ticks: %s\n", (unsigned)uptime, fair ? "fair" : "UNFAIR");
    sys_abort(RBT_HALT, fair ? 0 : 1);
    return 1;
}
