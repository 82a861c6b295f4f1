/*
 * date [-s] -- prints the time of day in UTC, e.g. "Mon Dec  7 05:54:48 UTC 2026"
 * (-s: seconds since 1970 instead). The time is PM's TIME: the CMOS clock the kernel read
 * at boot plus the uptime; there are no time zones.
 */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

int main(int argc, char *argv[])
{
    static const char days[] = "SunMonTueWedThuFriSat";
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct timeval tv;
    struct tm tm;
    int secs = 0;

    if (argc == 2 && strcmp(argv[1], "-s") == 0)
        secs = 1;
    else if (argc != 1) {
        fprintf(stderr, "usage: date [-s]\n");
        return 1;
    }
    if (gettimeofday(&tv, NULL) < 0) {
        perror("date: gettimeofday");
        return 1;
    }
    if (secs) {
        printf("%ld\n", (long)tv.tv_sec);
        return 0;
    }
    gmtime_r(&tv.tv_sec, &tm);
    printf("%.3s %.3s %2d %02d:%02d:%02d UTC %d\n", days + 3 * tm.tm_wday,
           months + 3 * tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           tm.tm_year + 1900);
    return 0;
}
