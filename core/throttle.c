/* throttle.c - token bucket for messages/s and bytes/s. */
#include "throttle.h"

void kx_bucket_init(struct kx_bucket *b, double rate, int64_t now_ms)
{
        b->rate = rate;
        b->burst = rate / 10 > 1 ? rate / 10 : 1;
        b->tokens = b->burst;
        b->last_ms = now_ms;
}

int64_t kx_bucket_take(struct kx_bucket *b, double n, int64_t now_ms)
{
        if (b->rate <= 0)
                return 0;
        if (now_ms > b->last_ms) {
                b->tokens += (double)(now_ms - b->last_ms) * b->rate / 1000.0;
                if (b->tokens > b->burst)
                        b->tokens = b->burst;
                b->last_ms = now_ms;
        }
        b->tokens -= n;
        if (b->tokens >= 0)
                return 0;
        /* Round up: waiting a hair too long keeps the average under rate. */
        return (int64_t)(-b->tokens * 1000.0 / b->rate) + 1;
}
