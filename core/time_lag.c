/* time_lag.c - time lag by interpolation, never extrapolation. */
#include "time_lag.h"

static struct kx_time_lag make(enum kx_time_lag_kind kind, double seconds)
{
        struct kx_time_lag r = {kind, seconds > 0 ? seconds : 0};

        return r;
}

struct kx_time_lag kx_time_lag_eval(const struct kx_leo_point *points, int n, int64_t committed,
                                    int64_t record_ts_ms, int64_t now_ms)
{
        int first = 0;

        if (n <= 0 || committed < 0)
                return make(KX_TIME_LAG_UNKNOWN, 0);
        if (points[n - 1].log_end >= 0 && committed >= points[n - 1].log_end)
                return make(KX_TIME_LAG_EXACT, 0);  /* caught up */
        /* Use only the ring after the last decrease (a recreated topic). */
        for (int i = 1; i < n; i++)
                if (points[i].log_end < points[i - 1].log_end)
                        first = i;
        for (int i = first; i < n; i++) {
                const struct kx_leo_point *b = &points[i];

                if (b->log_end <= committed)
                        continue;
                if (i == first)
                        break;  /* committed is older than the usable ring */
                {
                        const struct kx_leo_point *a = &points[i - 1];
                        /* a->log_end <= committed < b->log_end, so b > a. */
                        double frac = (double)(committed - a->log_end) /
                                      (double)(b->log_end - a->log_end);
                        double when = (double)a->at_ms + frac * (double)(b->at_ms - a->at_ms);

                        return make(KX_TIME_LAG_EXACT, ((double)now_ms - when) / 1000.0);
                }
        }
        if (record_ts_ms >= 0)
                return make(KX_TIME_LAG_EXACT, (double)(now_ms - record_ts_ms) / 1000.0);
        return make(KX_TIME_LAG_AT_LEAST, (double)(now_ms - points[first].at_ms) / 1000.0);
}

double kx_drain_eta(int64_t lag, double consume_rate, double produce_rate)
{
        if (lag <= 0)
                return 0;
        if (consume_rate <= produce_rate)
                return -1;
        return (double)lag / (consume_rate - produce_rate);
}

double kx_rate_per_s(int64_t t0_ms, int64_t v0, int64_t t1_ms, int64_t v1)
{
        if (t1_ms == t0_ms || v0 < 0 || v1 < 0)
                return 0;
        return (double)(v1 - v0) * 1000.0 / (double)(t1_ms - t0_ms);
}
