/* replay_plan.h - a replay request resolved against the cluster: per
 * source partition, the offsets [from, to) that the times map to, fixed at
 * plan time so a resumed job replays exactly the same records.
 *
 * Target partition mapping: source partition p goes to target partition p
 * when the target has more than p partitions, else to p % target_count
 * (order is kept per source partition; several source partitions may then
 * share a target partition, told apart by the provenance headers).
 */
#ifndef KX_REPLAY_PLAN_H
#define KX_REPLAY_PLAN_H

#include "config.h"
#include "err.h"
#include "kafka.h"
#include "replay_spec.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_replay_range {
        int32_t partition;
        int64_t log_start, log_end;    /* at plan time */
        int64_t from_offset, to_offset;/* [from, to); count = to - from (before the filter) */
        int64_t oldest_ts;             /* timestamp at log_start, -1 if not read */
        bool clamped;                  /* the range began before log_start (--clamp) */
        int32_t target_partition;      /* -1 for a group target */
        int64_t target_start;          /* target partition's log end at plan time, -1 for a group */
};

struct kx_replay_plan {
        struct kx_replay_range *ranges; /* owned, sorted by partition */
        int range_cnt;
        int32_t target_partitions;      /* partitions of the target topic; 0 for a group */
};

/* Decide one partition's range from what the cluster said: off_from/off_to
 * are offsets-for-times results for from_ms/to_ms (already the log end when
 * no record is that new), oldest_ts the timestamp of the record at
 * log_start (-1 if unknown). When log_start > 0 and the oldest retained
 * record is newer than from_ms, records of the range were deleted: that is
 * KX_ERR_USAGE naming topic, partition and the log start unless clamp, and
 * r->clamped with clamp. Pure. */
int kx_replay_range_decide(struct kx_replay_range *r, const char *topic, int64_t from_ms,
                           bool clamp, int64_t off_from, int64_t off_to, struct kx_err *err);

/* The target partition for source partition p (see the mapping above). */
int32_t kx_replay_target_partition(int32_t p, int32_t target_partitions);

/* Resolve spec against the cluster with a reader made from cfg (logs into
 * lb): unknown topic or partition, missing target topic (unless
 * spec->create_partitions: then it is planned with that many partitions,
 * each starting at offset 0), a source our principal may not READ or a
 * target it may not WRITE (topic_access.h; KX_ERR_REFUSED), and the checks
 * of kx_replay_range_decide are errors naming what is wrong. Fills plan (free
 * with kx_replay_plan_done). */
int kx_replay_plan_resolve(const struct kx_config *cfg, struct kx_logbuf *lb,
                           const struct kx_replay_spec *spec, struct kx_replay_plan *plan,
                           int timeout_ms, struct kx_err *err);

/* Sum of (to - from) over the ranges. */
int64_t kx_replay_plan_total(const struct kx_replay_plan *plan);

/* JSON form (kept with the job) and back; from_json fills a zeroed plan. */
json_t *kx_replay_plan_to_json(const struct kx_replay_plan *plan);
int kx_replay_plan_from_json(struct kx_replay_plan *plan, const json_t *j, struct kx_err *err);

void kx_replay_plan_done(struct kx_replay_plan *plan);

#endif
