/* probe_store.h - what the canary probe keeps in sqlite (migration 3).
 *
 *   slo_probe_bucket  per topic and time bucket: produce attempts,
 *                     successes, failures; messages consumed back
 *                     (delivered), in order (received), lost (gaps) and
 *                     duplicated; slow ones (over the latency threshold);
 *                     the latency histogram; broker up/down samples.
 *   slo_probe_state   per partition: next sequence number to produce, next
 *                     offset to consume, next sequence number expected, so
 *                     a restarted probe neither invents nor misses a gap.
 *   slo_probe_failed  sequence numbers whose produce failed (never written),
 *                     which a gap must not count as lost.
 *   slo_probe_meta    the probe's id (marks its messages).
 * Bucket writes add to what the row holds, so two writers of one bucket sum.
 */
#ifndef KX_PROBE_STORE_H
#define KX_PROBE_STORE_H

#include "latency_hist.h"
#include "store.h"

#include <stdint.h>

struct kx_probe_bucket {
        int64_t start_ms, width_ms;
        int64_t attempts, successes, failures;
        int64_t delivered, received, lost, duplicates, slow;
        int64_t broker_up, broker_down;
        struct kx_hist hist;
};

struct kx_probe_pstate {
        int32_t partition;
        int64_t next_seq;        /* next sequence number to produce */
        int64_t next_offset;     /* next offset to consume; -1 = none yet */
        int64_t expect_seq;      /* next sequence number the consumer expects */
};

/* Add b's counts into the stored bucket (topic, b->start_ms). */
int kx_probe_store_add(struct kx_store *st, const char *topic, const struct kx_probe_bucket *b,
                       struct kx_err *err);

/* Buckets of topic that end after from_ms, oldest first. *out is a new
 * array the caller frees (NULL when *cnt is 0). */
int kx_probe_store_buckets(struct kx_store *st, const char *topic, int64_t from_ms,
                           struct kx_probe_bucket **out, int *cnt, struct kx_err *err);

/* Downsample old buckets: for every topic and every hour (of hour_ms)
 * that ends at or before before_ms (rounded down to a whole hour), merge
 * the buckets lying wholly inside that hour into one row spanning the
 * first one's start to the last one's end: counts and histograms add up,
 * so good/bad sums over any window whose edges fall on hour boundaries
 * (and over every window that starts after before_ms) are unchanged. A
 * window edge inside a merged hour counts that hour whole, as it counted
 * a straddling bucket whole before. One transaction; *removed receives the
 * number of rows gone. Errors: KX_ERR_STATE (nothing changed). */
int kx_probe_store_compact(struct kx_store *st, int64_t before_ms, int64_t hour_ms, int *removed,
                           struct kx_err *err);

/* Resume state of every partition of topic; *out freed by the caller. */
int kx_probe_state_load(struct kx_store *st, const char *topic, struct kx_probe_pstate **out,
                        int *cnt, struct kx_err *err);
int kx_probe_state_save(struct kx_store *st, const char *topic, const struct kx_probe_pstate *ps,
                        int cnt, struct kx_err *err);

/* Remember that seq of topic/partition was never written. */
int kx_probe_failed_add(struct kx_store *st, const char *topic, int32_t partition, int64_t seq,
                        struct kx_err *err);

/* How many failed sequence numbers lie in [lo, hi); forgets every failed
 * number below hi. -1 on a database error (err set). */
int64_t kx_probe_failed_take(struct kx_store *st, const char *topic, int32_t partition, int64_t lo,
                             int64_t hi, struct kx_err *err);

/* A value of slo_probe_meta ("" when unset), and setting one. The probe
 * keeps its last fatal error under "last_error" for the console. */
int kx_probe_meta_get(struct kx_store *st, const char *key, char *buf, size_t size,
                      struct kx_err *err);
int kx_probe_meta_set(struct kx_store *st, const char *key, const char *value,
                      struct kx_err *err);

/* The probe id of this state dir (created, 16 hex digits, on first use). */
int kx_probe_id(struct kx_store *st, char *buf, size_t size, struct kx_err *err);

#endif
