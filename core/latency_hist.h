/* latency_hist.h - a fixed log-bucket latency histogram (ms).
 *
 * Bucket i holds latencies in (2^((i-1)/4), 2^(i/4)] ms, bucket 0 holds
 * <= 1 ms and the last one everything above; four buckets per doubling give
 * percentiles within 19 % (p50, p99, p999 of the canary). Plain data: add
 * and merge freely, serialise to "i:count,i:count" for sqlite.
 */
#ifndef KX_LATENCY_HIST_H
#define KX_LATENCY_HIST_H

#include <stddef.h>
#include <stdint.h>

#define KX_HIST_BUCKETS 72   /* up to 2^(71/4) ms ~ 3.4 days */

struct kx_hist {
        uint64_t count[KX_HIST_BUCKETS];
        uint64_t total;
};

/* Bucket index of a latency (negative latencies count as 0 ms). */
int kx_hist_index(double ms);

/* Upper bound of bucket i, ms. */
double kx_hist_upper(int i);

void kx_hist_add(struct kx_hist *h, double ms);
void kx_hist_merge(struct kx_hist *into, const struct kx_hist *from);

/* The q-quantile (0 < q <= 1) as its bucket's upper bound, ms; -1 if empty. */
double kx_hist_quantile(const struct kx_hist *h, double q);

/* Write non-empty buckets as "i:count,..." into buf (truncated to size). */
void kx_hist_format(const struct kx_hist *h, char *buf, size_t size);

/* Add the buckets of a kx_hist_format string into h. Returns 0, or -1 on a
 * malformed string (h then holds what parsed before the fault). */
int kx_hist_parse_add(struct kx_hist *h, const char *text);

#endif
