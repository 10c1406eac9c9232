/* replay_plan.c - resolve a replay's times to offsets per partition. */
#include "replay_plan.h"
#include "group_offsets.h"
#include "kadmin.h"
#include "kmsg_metadata.h"
#include "record_ts.h"
#include "topic_access.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kx_replay_range_decide(struct kx_replay_range *r, const char *topic, int64_t from_ms,
                           bool clamp, int64_t off_from, int64_t off_to, struct kx_err *err)
{
        r->from_offset = off_from < r->log_start ? r->log_start : off_from;
        r->to_offset = off_to < r->from_offset ? r->from_offset : off_to;
        r->clamped = false;
        if (r->log_start > 0 && r->oldest_ts > from_ms && r->from_offset == r->log_start) {
                if (!clamp)
                        return kx_err_set(err, KX_ERR_USAGE,
                                          "%s[%d]: the range starts before the log start offset "
                                          "%lld (the oldest record kept is at %lld ms, --from is "
                                          "%lld ms): older records were deleted; pass --clamp to "
                                          "replay from offset %lld",
                                          topic, r->partition, (long long)r->log_start,
                                          (long long)r->oldest_ts, (long long)from_ms,
                                          (long long)r->log_start);
                r->clamped = true;
        }
        return 0;
}

int32_t kx_replay_target_partition(int32_t p, int32_t target_partitions)
{
        if (target_partitions <= 0)
                return -1;
        return p < target_partitions ? p : p % target_partitions;
}

/* Keep only the partitions spec asks for; each must exist. */
static int select_partitions(const struct kx_replay_spec *spec, rd_kafka_topic_partition_list_t *all,
                             rd_kafka_topic_partition_list_t **out, struct kx_err *err)
{
        if (!spec->partition_cnt) {
                *out = rd_kafka_topic_partition_list_copy(all);
                return 0;
        }
        *out = rd_kafka_topic_partition_list_new(spec->partition_cnt);
        for (int i = 0; i < spec->partition_cnt; i++) {
                if (!rd_kafka_topic_partition_list_find(all, spec->topic, spec->partitions[i])) {
                        rd_kafka_topic_partition_list_destroy(*out);
                        *out = NULL;
                        return kx_err_set(err, KX_ERR_USAGE, "--partitions: topic %s has no "
                                                             "partition %d (it has %d)",
                                          spec->topic, spec->partitions[i], all->cnt);
                }
                if (!rd_kafka_topic_partition_list_find(*out, spec->topic, spec->partitions[i]))
                        rd_kafka_topic_partition_list_add(*out, spec->topic, spec->partitions[i]);
        }
        rd_kafka_topic_partition_list_sort(*out, NULL, NULL);
        return 0;
}

static rd_kafka_topic_partition_list_t *with_offsets(const rd_kafka_topic_partition_list_t *l,
                                                     int64_t offset)
{
        rd_kafka_topic_partition_list_t *c = rd_kafka_topic_partition_list_copy(l);

        for (int i = 0; i < c->cnt; i++)
                c->elems[i].offset = offset;
        return c;
}

/* The target's partition count, and its log ends (caller destroys *ends). */
static int target_partitions(rd_kafka_t *rk, const struct kx_replay_spec *spec, int32_t *cnt,
                             rd_kafka_topic_partition_list_t **ends, int timeout_ms,
                             struct kx_err *err)
{
        *cnt = 0;
        *ends = NULL;
        if (!spec->target_topic)
                return 0;
        *ends = kx_topic_partitions(rk, spec->target_topic, timeout_ms, err);
        if (!*ends) {
                if (err->code == KX_ERR_NOT_FOUND && spec->create_partitions > 0) {
                        kx_err_clear(err);
                        *cnt = spec->create_partitions;
                        return 0;
                }
                if (err->code == KX_ERR_NOT_FOUND)
                        return kx_err_set(err, KX_ERR_USAGE, "--target-topic %s does not exist: "
                                                             "create it first, or pass --create-target "
                                                             "--team TEAM to create it through the policy",
                                          spec->target_topic);
                return err->code;
        }
        *cnt = (*ends)->cnt;
        for (int i = 0; i < (*ends)->cnt; i++)
                (*ends)->elems[i].offset = -1;
        return kx_offsets_for(rk, *ends, timeout_ms, err);
}

static int fill_ranges(rd_kafka_t *rk, const struct kx_replay_spec *spec,
                       rd_kafka_topic_partition_list_t *sel,
                       const rd_kafka_topic_partition_list_t *target_ends,
                       struct kx_replay_plan *plan, int timeout_ms, struct kx_err *err)
{
        rd_kafka_topic_partition_list_t *l[4] = {with_offsets(sel, -2), with_offsets(sel, -1),
                                                 with_offsets(sel, spec->from_ms),
                                                 with_offsets(sel, spec->to_ms)};
        int rc = 0;

        for (int k = 0; k < 4 && !rc; k++)
                rc = kx_offsets_for(rk, l[k], timeout_ms, err);
        plan->ranges = kx_xcalloc((size_t)sel->cnt, sizeof(*plan->ranges));
        for (int i = 0; !rc && i < sel->cnt; i++) {
                struct kx_replay_range *r = &plan->ranges[plan->range_cnt++];

                r->partition = sel->elems[i].partition;
                r->log_start = l[0]->elems[i].offset;
                r->log_end = l[1]->elems[i].offset;
                r->oldest_ts = -1;
                r->target_partition = kx_replay_target_partition(r->partition, plan->target_partitions);
                /* a target created by the plan starts empty */
                r->target_start = spec->target_topic && !target_ends ? 0 : -1;
                if (target_ends && r->target_partition >= 0)
                        r->target_start = rd_kafka_topic_partition_list_find(
                                target_ends, spec->target_topic, r->target_partition)->offset;
                if (r->log_start > 0 && r->log_start < r->log_end &&
                    l[2]->elems[i].offset <= r->log_start)
                        kx_record_ts_fetch(rk, spec->topic, r->partition, r->log_start, timeout_ms,
                                           &r->oldest_ts);
                rc = kx_replay_range_decide(r, spec->topic, spec->from_ms, spec->clamp,
                                            l[2]->elems[i].offset, l[3]->elems[i].offset, err);
        }
        for (int k = 0; k < 4; k++)
                rd_kafka_topic_partition_list_destroy(l[k]);
        return rc;
}

/* May our principal READ the source and WRITE the target? Settings klaxon's
 * own client cannot use (e.g. GSSAPI) skip the check: the produce then
 * reports a missing WRITE when the job runs. */
static int check_access(const struct kx_config *cfg, rd_kafka_t *rk, const struct kx_replay_spec *spec,
                        int timeout_ms, struct kx_err *err)
{
        struct kx_topic_need needs[2] = {{spec->topic, KX_ACL_OP_READ, "--topic"},
                                         {spec->target_topic, KX_ACL_OP_WRITE, "--target-topic"}};
        struct kx_kadmin ka;
        int rc = kx_kadmin_init(&ka, cfg, rk, timeout_ms, err);

        if (rc == KX_ERR_CONFIG) {
                kx_err_clear(err);
                rc = 0;
        } else if (!rc)
                rc = kx_topic_access_check(&ka, needs, spec->target_topic ? 2 : 1, err);
        kx_kadmin_done(&ka);
        return rc;
}

int kx_replay_plan_resolve(const struct kx_config *cfg, struct kx_logbuf *lb,
                           const struct kx_replay_spec *spec, struct kx_replay_plan *plan,
                           int timeout_ms, struct kx_err *err)
{
        rd_kafka_t *rk = kx_kafka_new(cfg, lb, "klaxon-replay-plan", "klaxon-replay-plan", err);
        rd_kafka_topic_partition_list_t *all = NULL, *sel = NULL, *target_ends = NULL;
        int rc;

        memset(plan, 0, sizeof(*plan));
        if (!rk)
                return err->code;
        all = kx_topic_partitions(rk, spec->topic, timeout_ms, err);
        if (!all) {
                rc = err->code == KX_ERR_NOT_FOUND
                             ? kx_err_set(err, KX_ERR_USAGE, "--topic %s: unknown topic", spec->topic)
                             : err->code;
                goto out;
        }
        if ((rc = select_partitions(spec, all, &sel, err)) ||
            (rc = target_partitions(rk, spec, &plan->target_partitions, &target_ends, timeout_ms,
                                    err)) ||
            (rc = check_access(cfg, rk, spec, timeout_ms, err)) ||
            (rc = fill_ranges(rk, spec, sel, target_ends, plan, timeout_ms, err)))
                goto out;
out:
        if (rc)
                kx_replay_plan_done(plan);
        if (all)
                rd_kafka_topic_partition_list_destroy(all);
        if (sel)
                rd_kafka_topic_partition_list_destroy(sel);
        if (target_ends)
                rd_kafka_topic_partition_list_destroy(target_ends);
        rd_kafka_destroy(rk);
        return rc;
}

int64_t kx_replay_plan_total(const struct kx_replay_plan *plan)
{
        int64_t n = 0;

        for (int i = 0; i < plan->range_cnt; i++)
                n += plan->ranges[i].to_offset - plan->ranges[i].from_offset;
        return n;
}

json_t *kx_replay_plan_to_json(const struct kx_replay_plan *plan)
{
        json_t *ranges = json_array();

        for (int i = 0; i < plan->range_cnt; i++) {
                const struct kx_replay_range *r = &plan->ranges[i];

                json_array_append_new(ranges, json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:b, s:i, s:I}",
                                                        "partition", r->partition, "log_start",
                                                        (json_int_t)r->log_start, "log_end",
                                                        (json_int_t)r->log_end, "from",
                                                        (json_int_t)r->from_offset, "to",
                                                        (json_int_t)r->to_offset, "oldest_ts",
                                                        (json_int_t)r->oldest_ts, "clamped",
                                                        r->clamped, "target_partition",
                                                        r->target_partition, "target_start",
                                                        (json_int_t)r->target_start));
        }
        return json_pack("{s:o, s:i}", "ranges", ranges, "target_partitions",
                         plan->target_partitions);
}

int kx_replay_plan_from_json(struct kx_replay_plan *plan, const json_t *j, struct kx_err *err)
{
        json_t *ranges = NULL, *v;
        json_error_t je;
        int tp = 0;
        size_t i;

        memset(plan, 0, sizeof(*plan));
        if (json_unpack_ex((json_t *)j, &je, 0, "{s:o, s:i}", "ranges", &ranges,
                           "target_partitions", &tp) || !json_is_array(ranges))
                return kx_err_set(err, KX_ERR_STATE, "replay job plan: %s", je.text);
        plan->target_partitions = tp;
        plan->ranges = kx_xcalloc(json_array_size(ranges) + 1, sizeof(*plan->ranges));
        json_array_foreach(ranges, i, v) {
                struct kx_replay_range *r = &plan->ranges[plan->range_cnt];
                json_int_t ls, le, f, t, ots, tstart;
                int p, clamped, tpart;

                if (json_unpack_ex(v, &je, 0, "{s:i, s:I, s:I, s:I, s:I, s:I, s:b, s:i, s:I}",
                                   "partition", &p, "log_start", &ls, "log_end", &le, "from", &f,
                                   "to", &t, "oldest_ts", &ots, "clamped", &clamped,
                                   "target_partition", &tpart, "target_start", &tstart)) {
                        kx_replay_plan_done(plan);
                        return kx_err_set(err, KX_ERR_STATE, "replay job plan range %zu: %s", i,
                                          je.text);
                }
                *r = (struct kx_replay_range){p, ls, le, f, t, ots, clamped, tpart, tstart};
                plan->range_cnt++;
        }
        return 0;
}

void kx_replay_plan_done(struct kx_replay_plan *plan)
{
        free(plan->ranges);
        memset(plan, 0, sizeof(*plan));
}
