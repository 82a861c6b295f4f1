/*
 * uptime -- how long the system has run (PM's TIMES uptime in clock ticks) and how many
 * processes there are (PM's PROCINFO), e.g.
 *   up 0:01:05 (3905 ticks at 60 Hz), 14 processes
 */
#include <stdio.h>
#include <sys/times.h>
#include <time.h>
#include <minix/pm.h>

int main(int argc, char *argv[])
{
    proc_entry one;
    clock_t ticks;
    long secs;
    int total = 0;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: uptime\n");
        return 1;
    }
    ticks = times(NULL);
    if (ticks == (clock_t)-1) {
        perror("uptime: times");
        return 1;
    }
    secs = ticks / CLOCKS_PER_SEC;
    printf("up ");
    if (secs >= 86400)
        printf("%ld day%s, ", secs / 86400, secs / 86400 == 1 ? "" : "s");
    printf("%ld:%02ld:%02ld (%ld ticks at %d Hz)", secs / 3600 % 24, secs / 60 % 60, secs % 60,
           (long)ticks, CLOCKS_PER_SEC);
    if (getprocinfo(&one, 1, &total) >= 0)
        printf(", %d processes", total);
    printf("\n");
    return 0;
}
