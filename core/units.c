/* units.c - retention durations and byte sizes. */
#include "units.h"
#include "timeparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

int kx_parse_retention(const char *text, int64_t *ms, struct kx_err *err)
{
        char *end;
        long long v;

        if (!strcmp(text, "infinite") || !strcmp(text, "never") || !strcmp(text, "-1")) {
                *ms = KX_FOREVER;
                return 0;
        }
        v = strtoll(text, &end, 10);
        if (end != text && v >= 0 && !strcmp(end, "y")) {
                *ms = (int64_t)v * 365 * DAY_MS;
                return 0;
        }
        if (kx_parse_duration(text, ms, NULL) == 0)
                return 0;
        return kx_err_set(err, KX_ERR_USAGE, "bad duration \"%s\": use e.g. 12h, 7d, 10y or infinite",
                          text);
}

int kx_parse_bytes(const char *text, int64_t *bytes, struct kx_err *err)
{
        static const struct {
                const char *unit;
                int64_t mult;
        } units[] = {{"", 1}, {"B", 1}, {"KB", 1LL << 10}, {"MB", 1LL << 20},
                     {"GB", 1LL << 30}, {"TB", 1LL << 40}};
        char *end;
        long long v = strtoll(text, &end, 10);

        if (end != text && v >= 0) {
                for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
                        if (!strcmp(end, units[i].unit)) {
                                *bytes = (int64_t)v * units[i].mult;
                                return 0;
                        }
                }
        }
        return kx_err_set(err, KX_ERR_USAGE, "bad size \"%s\": use e.g. 1MB, 450GB, 1TB", text);
}

char *kx_format_retention(int64_t ms, char *buf, size_t size)
{
        static const struct {
                const char *unit;
                int64_t ms;
        } units[] = {{"y", 365 * DAY_MS}, {"d", DAY_MS}, {"h", 3600000}, {"m", 60000},
                     {"s", 1000}, {"ms", 1}};

        if (ms < 0) {
                snprintf(buf, size, "infinite");
                return buf;
        }
        for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
                if (ms >= units[i].ms && ms % units[i].ms == 0) {
                        snprintf(buf, size, "%lld%s", (long long)(ms / units[i].ms), units[i].unit);
                        return buf;
                }
        }
        snprintf(buf, size, "0ms");
        return buf;
}

char *kx_format_bytes(double bytes, char *buf, size_t size)
{
        static const char *const units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
        int u = 0;

        while (bytes >= 1024 && u < 5) {
                bytes /= 1024;
                u++;
        }
        snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
        return buf;
}
