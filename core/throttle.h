/* throttle.h - a token bucket: at most rate units per second on average,
 * with a burst of a tenth of a second (at least one unit), so a throttled
 * replay is smooth rather than bursty. Pure: the caller passes the clock.
 */
#ifndef KX_THROTTLE_H
#define KX_THROTTLE_H

#include <stdint.h>

struct kx_bucket {
        double rate;      /* units per second; <= 0 means unlimited */
        double burst;     /* most tokens held */
        double tokens;
        int64_t last_ms;  /* clock of the last refill */
};

/* Start a bucket for rate units/s at clock now_ms, full. */
void kx_bucket_init(struct kx_bucket *b, double rate, int64_t now_ms);

/* Take n units at now_ms. Returns 0 if they may go now, else how many ms to
 * wait before they may (the units are taken either way: the caller waits,
 * then sends). An unlimited bucket always returns 0. */
int64_t kx_bucket_take(struct kx_bucket *b, double n, int64_t now_ms);

#endif
