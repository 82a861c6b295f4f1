/*
 * gmtime.c -- seconds since 1970 to a calendar date in UTC (proleptic Gregorian), by the
 * days-to-civil arithmetic: 400-year eras of 146097 days, years counted from March so that
 * the leap day is the last day of the year.
 */
#include <time.h>

struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
    long secs = *t, days = secs / 86400, rem = secs % 86400;  /* 32-bit: no libgcc division */
    long era, doe, yoe, doy, mp, y;

    if (rem < 0) {
        rem += 86400;
        days--;
    }
    tm->tm_hour = (int)(rem / 3600);
    tm->tm_min = (int)(rem / 60 % 60);
    tm->tm_sec = (int)(rem % 60);
    tm->tm_wday = (int)((days % 7 + 11) % 7);       /* 1970-01-01 was a Thursday */
    days += 719468;                                 /* from 0000-03-01 */
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    y = yoe + era * 400;
    tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
    if (tm->tm_mon <= 1)
        y++;
    tm->tm_year = (int)(y - 1900);
    {
        static const short before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

        tm->tm_yday = before[tm->tm_mon] + tm->tm_mday - 1 + (leap && tm->tm_mon > 1);
    }
    tm->tm_isdst = 0;
    return tm;
}

struct tm *gmtime(const time_t *t)
{
    static struct tm tm;

    return gmtime_r(t, &tm);
}
