/* advisor.c - the partition advisor. */
#include "advisor.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void reason(struct kx_advice *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct kx_advice *a, const char *fmt, ...)
{
        va_list ap;

        if (a->reason_cnt >= KX_ADVISE_MAX_REASONS)
                return;
        va_start(ap, fmt);
        vsnprintf(a->reasons[a->reason_cnt++], sizeof(a->reasons[0]), fmt, ap);
        va_end(ap);
}

void kx_advise_partitions(const struct kx_policy *pol, double msgs_s, double bytes_s, int consumers,
                          const char *type, struct kx_advice *out)
{
        const struct kx_policy_limits *l = &pol->limits;
        const struct kx_policy_type *t = type ? kx_policy_type(pol, type) : NULL;
        int by_bytes = (int)ceil(bytes_s / KX_ADVISE_PART_BYTES);
        int by_msgs = (int)ceil(msgs_s / KX_ADVISE_PART_MSGS);
        int need = consumers;
        int n;

        memset(out, 0, sizeof(*out));
        reason(out, "%d consumer(s) in parallel need at least %d partition(s)", consumers, consumers);
        reason(out, "%.0f B/s at %.0f MB/s per partition needs %d", bytes_s, KX_ADVISE_PART_BYTES / 1048576,
               by_bytes);
        reason(out, "%.0f msg/s at %.0f msg/s per consumer thread needs %d", msgs_s, KX_ADVISE_PART_MSGS,
               by_msgs);
        if (by_bytes > need)
                need = by_bytes;
        if (by_msgs > need)
                need = by_msgs;
        n = (int)ceil(need * KX_ADVISE_HEADROOM);
        reason(out, "x%.0f headroom for growth (partitions can grow but never shrink): %d", KX_ADVISE_HEADROOM,
               n);
        if (t && n < t->min_partitions) {
                n = (int)t->min_partitions;
                reason(out, "raised to %d, the minimum for %s", n, t->label);
        } else if (t && n > t->max_partitions) {
                n = (int)t->max_partitions;
                reason(out, "held to %d, the maximum for %s", n, t->label);
        }
        if (msgs_s < l->low_throughput_msgs && n > l->low_throughput_max_partitions) {
                n = (int)l->low_throughput_max_partitions;
                reason(out, "held to %d: under %.0f msg/s more partitions are rejected", n, l->low_throughput_msgs);
        }
        if (n < l->min_partitions) {
                n = (int)l->min_partitions;
                reason(out, "raised to %d, the minimum for availability", n);
        }
        if (n > l->max_partitions) {
                n = (int)l->max_partitions;
                reason(out, "held to %d, the hard maximum per topic; above it, split the topic", n);
        }
        if (n > l->justification_above)
                reason(out, "above %lld partitions a request needs a justification (--reason) and review",
                       (long long)l->justification_above);
        out->partitions = n;
}
