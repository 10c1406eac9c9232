/* timeparse.c - ISO 8601 times and human durations. */
#include "timeparse.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool all_digits(const char *s)
{
        if (!*s)
                return false;
        for (; *s; s++)
                if (!isdigit((unsigned char)*s))
                        return false;
        return true;
}

int kx_parse_time(const char *text, int64_t *ms, struct kx_err *err)
{
        struct tm tm;
        int y, mo, d, h, mi, n = 0, sec = 0, frac_ms = 0, zone_min = 0;
        const char *rest;

        if (all_digits(text)) {
                *ms = strtoll(text, NULL, 10);
                return 0;
        }
        if (sscanf(text, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
                goto bad;
        rest = text + n;
        if (*rest == ':') {
                int k = 0;

                if (sscanf(rest, ":%2d%n", &sec, &k) != 1)
                        goto bad;
                rest += k;
                if (*rest == '.') {
                        int digits = 0;

                        for (rest++; isdigit((unsigned char)*rest); rest++, digits++)
                                if (digits < 3)
                                        frac_ms = frac_ms * 10 + (*rest - '0');
                        for (; digits < 3; digits++)
                                frac_ms *= 10;
                }
        }
        if (*rest == 'Z') {
                rest++;
        } else if (*rest == '+' || *rest == '-') {
                int zh, zm = 0, sign = *rest == '-' ? -1 : 1;

                if (sscanf(rest + 1, "%2d:%2d", &zh, &zm) < 1 && sscanf(rest + 1, "%2d%2d", &zh, &zm) < 1)
                        goto bad;
                zone_min = sign * (zh * 60 + zm);
                rest += strlen(rest);
        }
        if (*rest || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
                goto bad;
        memset(&tm, 0, sizeof(tm));
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = h;
        tm.tm_min = mi;
        tm.tm_sec = sec;
        *ms = ((int64_t)timegm(&tm) - (int64_t)zone_min * 60) * 1000 + frac_ms;
        return 0;
bad:
        return kx_err_set(err, KX_ERR_USAGE, "bad time \"%s\": use 2026-11-23T03:12:00Z "
                                             "(ISO 8601) or ms since the epoch", text);
}

int kx_parse_duration(const char *text, int64_t *ms, struct kx_err *err)
{
        static const struct {
                const char *unit;
                int64_t ms;
        } units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000},
                     {"w", 604800000}, {"", 1}};
        char *end;
        long long v = strtoll(text, &end, 10);

        if (end == text || v < 0)
                goto bad;
        for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
                if (!strcmp(end, units[i].unit)) {
                        *ms = (int64_t)v * units[i].ms;
                        return 0;
                }
        }
bad:
        return kx_err_set(err, KX_ERR_USAGE, "bad duration \"%s\": use e.g. 500ms, 90s, 15m, 12h, 7d",
                          text);
}
