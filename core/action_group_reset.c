/* action_group_reset.c - plan, execute and verify a group offset reset. */
#include "action_group_reset.h"
#include "group_offsets.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reset_params {
        char *group, *topic;
        int32_t partition;
        enum kx_reset_mode mode;
        int64_t value;
        rd_kafka_topic_partition_list_t *targets;  /* set by plan */
};

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
        return v < lo ? lo : v > hi ? hi : v;
}

/* Target for one partition, from its committed offset and log bounds. */
static int64_t target_for(const struct reset_params *p, int64_t committed, int64_t start,
                          int64_t end, int64_t by_time)
{
        switch (p->mode) {
        case KX_RESET_EARLIEST:
                return start;
        case KX_RESET_LATEST:
                return end;
        case KX_RESET_DATETIME:
                return by_time;
        case KX_RESET_OFFSET:
                return clamp(p->value, start, end);
        case KX_RESET_SHIFT:
                return clamp((committed >= 0 ? committed : end) + p->value, start, end);
        }
        return end;
}

static int reset_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                      struct kx_err *err)
{
        struct reset_params *p = a->params;
        rd_kafka_topic_partition_list_t *all, *committed = NULL, *starts = NULL, *ends = NULL,
                                              *times = NULL;
        char state[64], target[600], what[400];
        json_t *undo_offsets = json_array();
        int members = 0, rc;

        all = kx_topic_partitions(ctx->rk, p->topic, ctx->timeout_ms, err);
        if (!all) {
                json_decref(undo_offsets);
                return err->code;
        }
        committed = rd_kafka_topic_partition_list_new(all->cnt);
        for (int i = 0; i < all->cnt; i++)
                if (p->partition < 0 || all->elems[i].partition == p->partition)
                        rd_kafka_topic_partition_list_add(committed, p->topic, all->elems[i].partition);
        if (committed->cnt == 0) {
                rc = kx_err_set(err, KX_ERR_NOT_FOUND, "topic %s has no partition %d", p->topic,
                                p->partition);
                goto out;
        }
        starts = rd_kafka_topic_partition_list_copy(committed);
        ends = rd_kafka_topic_partition_list_copy(committed);
        times = rd_kafka_topic_partition_list_copy(committed);
        for (int i = 0; i < committed->cnt; i++) {
                starts->elems[i].offset = -2;
                ends->elems[i].offset = -1;
                times->elems[i].offset = p->mode == KX_RESET_DATETIME ? p->value : -1;
        }
        if ((rc = kx_group_describe(ctx->rk, p->group, state, sizeof(state), &members,
                                    ctx->timeout_ms, err)) ||
            (rc = kx_group_committed(ctx->rk, p->group, committed, ctx->timeout_ms, err)) ||
            (rc = kx_offsets_for(ctx->rk, starts, ctx->timeout_ms, err)) ||
            (rc = kx_offsets_for(ctx->rk, ends, ctx->timeout_ms, err)) ||
            (rc = kx_offsets_for(ctx->rk, times, ctx->timeout_ms, err)))
                goto out;
        if (p->targets)
                rd_kafka_topic_partition_list_destroy(p->targets);
        p->targets = rd_kafka_topic_partition_list_copy(committed);
        for (int i = 0; i < committed->cnt; i++) {
                int64_t before = committed->elems[i].offset;
                int64_t after = target_for(p, before, starts->elems[i].offset, ends->elems[i].offset,
                                           times->elems[i].offset);

                p->targets->elems[i].offset = after;
                snprintf(what, sizeof(what), "%s[%d]", p->topic, committed->elems[i].partition);
                kx_plan_change(plan, what, before >= 0 ? json_integer(before) : json_null(),
                               json_integer(after));
                json_array_append_new(undo_offsets,
                                      json_pack("{s:s, s:i, s:o}", "topic", p->topic, "partition",
                                                committed->elems[i].partition, "offset",
                                                before >= 0 ? json_integer(before) : json_null()));
        }
        snprintf(target, sizeof(target), "%s", p->group);
        plan->target = kx_xstrdup(target);
        plan->destructive = true; /* moved offsets are records skipped or read twice */
        snprintf(what, sizeof(what), "reset group %s on %s (%d partition(s)), group is %s",
                 p->group, p->topic, committed->cnt, state);
        plan->summary = kx_xstrdup(what);
        plan->undo = json_pack("{s:s, s:o}", "group", p->group, "offsets", undo_offsets);
        undo_offsets = NULL;
        if (strcmp(state, "Empty") && strcmp(state, "Dead")) {
                snprintf(what, sizeof(what), "group %s is %s with %d member(s): stop its consumers "
                                             "first (Kafka resets only Empty groups)",
                         p->group, state, members);
                plan->blocker = kx_xstrdup(what);
        }
out:
        json_decref(undo_offsets);
        rd_kafka_topic_partition_list_destroy(all);
        if (committed)
                rd_kafka_topic_partition_list_destroy(committed);
        if (starts)
                rd_kafka_topic_partition_list_destroy(starts);
        if (ends)
                rd_kafka_topic_partition_list_destroy(ends);
        if (times)
                rd_kafka_topic_partition_list_destroy(times);
        return rc;
}

static int reset_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                         const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct reset_params *p = a->params;
        int rc;

        (void)plan;
        rc = kx_group_alter(ctx->rk, p->group, p->targets, ctx->timeout_ms, err);
        *result = json_pack("{s:s, s:i}", "committed", rc ? "failed" : "ok", "partitions",
                            p->targets->cnt);
        return rc;
}

static int reset_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                        const struct kx_plan *plan, struct kx_err *err)
{
        struct reset_params *p = a->params;
        rd_kafka_topic_partition_list_t *now = rd_kafka_topic_partition_list_copy(p->targets);
        int rc = kx_group_committed(ctx->rk, p->group, now, ctx->timeout_ms, err);

        (void)plan;
        for (int i = 0; !rc && i < now->cnt; i++) {
                if (now->elems[i].offset != p->targets->elems[i].offset)
                        rc = kx_err_set(err, KX_ERR_KAFKA,
                                        "verify: %s[%d] is at %lld, planned %lld", p->topic,
                                        now->elems[i].partition, (long long)now->elems[i].offset,
                                        (long long)p->targets->elems[i].offset);
        }
        rd_kafka_topic_partition_list_destroy(now);
        return rc;
}

static void reset_free(struct kx_action *a)
{
        struct reset_params *p = a->params;

        free(p->group);
        free(p->topic);
        if (p->targets)
                rd_kafka_topic_partition_list_destroy(p->targets);
        free(p);
        free(a);
}

static const struct kx_action_ops group_reset_ops = {
        .name = "group-reset",
        .plan = reset_plan,
        .execute = reset_execute,
        .verify = reset_verify,
        .free = reset_free,
};

struct kx_action *kx_action_group_reset(const char *group, const char *topic, int32_t partition,
                                        enum kx_reset_mode mode, int64_t value)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct reset_params *p = kx_xcalloc(1, sizeof(*p));

        p->group = kx_xstrdup(group);
        p->topic = kx_xstrdup(topic);
        p->partition = partition;
        p->mode = mode;
        p->value = value;
        a->ops = &group_reset_ops;
        a->params = p;
        return a;
}
