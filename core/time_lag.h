/* time_lag.h - consumer lag in seconds, and the drain ETA.
 *
 * Time lag is how long ago the first record the group has not consumed was
 * written. klaxon keeps a ring of (time, LEO) points per partition and
 * finds, by linear interpolation between the two points around it, when the
 * LEO passed the committed offset. It never extrapolates: a committed offset
 * older than the ring uses the record's own timestamp if one was fetched,
 * else it is reported as a lower bound ("at least N s"). Equal LEO points
 * (an idle topic) never divide by zero: the interpolation only uses a pair
 * whose LEOs straddle the committed offset.
 */
#ifndef KX_TIME_LAG_H
#define KX_TIME_LAG_H

#include <stdbool.h>
#include <stdint.h>

struct kx_leo_point {
        int64_t at_ms;
        int64_t log_end;
};

enum kx_time_lag_kind {
        KX_TIME_LAG_UNKNOWN,     /* no data */
        KX_TIME_LAG_EXACT,       /* interpolated, or from a record timestamp */
        KX_TIME_LAG_AT_LEAST,    /* older than the ring: a lower bound */
};

struct kx_time_lag {
        enum kx_time_lag_kind kind;
        double seconds;          /* >= 0 */
};

/* Time lag of committed given points[0..n) (oldest first, LEO
 * non-decreasing in time; a decrease, e.g. a recreated topic, restarts the
 * usable ring after it). record_ts_ms is the timestamp of the record at the
 * committed offset if known, else -1. Pure. */
struct kx_time_lag kx_time_lag_eval(const struct kx_leo_point *points, int n, int64_t committed,
                                    int64_t record_ts_ms, int64_t now_ms);

/* Drain ETA in seconds for lag records at the given rates (records/s).
 * Returns -1 when the lag is growing or flat (consume <= produce) and 0 when
 * there is no lag. */
double kx_drain_eta(int64_t lag, double consume_rate, double produce_rate);

/* Rate of change per second between two (time, value) points; 0 if the
 * times are equal or a value is unknown (< 0). */
double kx_rate_per_s(int64_t t0_ms, int64_t v0, int64_t t1_ms, int64_t v1);

#endif
