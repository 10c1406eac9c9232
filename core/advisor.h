/* advisor.h - how many partitions a topic needs, with the reasoning.
 *
 * partitions = max(consumers, bytes/s / per-partition bytes/s,
 *                  msgs/s / per-partition msgs/s) x growth headroom,
 * then held to the policy: the type's range (when a type is given), the
 * hard minimum and maximum, and the low-throughput cap (under
 * low-throughput-msgs msg/s, at most low-throughput-max-partitions).
 * Per-partition figures are conservative defaults for one consumer thread
 * and one partition leader; the reasons say which rule decided. Pure.
 */
#ifndef KX_ADVISOR_H
#define KX_ADVISOR_H

#include "policy.h"

#define KX_ADVISE_PART_BYTES (5.0 * 1024 * 1024) /* bytes/s one partition takes comfortably */
#define KX_ADVISE_PART_MSGS 5000.0               /* msgs/s one consumer thread handles */
#define KX_ADVISE_HEADROOM 2.0                   /* growth before repartitioning */
#define KX_ADVISE_MAX_REASONS 10

struct kx_advice {
        int partitions;
        char reasons[KX_ADVISE_MAX_REASONS][200];
        int reason_cnt;
};

/* Advise for msgs_s msg/s, bytes_s bytes/s, consumers (max parallel
 * consumers wanted) and type (event-type name, or NULL). */
void kx_advise_partitions(const struct kx_policy *pol, double msgs_s, double bytes_s, int consumers,
                          const char *type, struct kx_advice *out);

#endif
