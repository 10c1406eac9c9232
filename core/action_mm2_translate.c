/* action_mm2_translate.c - commit a group's translated offsets on the target. */
#include "action_mm2_translate.h"
#include "group_offsets.h"
#include "mm2.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct translate_params {
        const struct kx_config *cfg;
        char *alias, *group;
        rd_kafka_topic_partition_list_t *want;   /* translated offsets, from plan */
};

/* The group's latest checkpoints as a partition list (target topics). */
static int translated(struct translate_params *p, const struct kx_action_ctx *ctx,
                      rd_kafka_topic_partition_list_t **out, struct kx_err *err)
{
        struct kx_logbuf lb;
        struct kx_mm2_checkpoint *cps = NULL;
        rd_kafka_t *reader;
        int cnt = 0, rc;

        *out = NULL;
        kx_logbuf_init(&lb);
        reader = kx_mm2_reader(p->cfg, NULL, &lb, err);
        rc = reader ? kx_mm2_read_checkpoints(reader, p->alias, ctx->timeout_ms, &cps, &cnt, err) : err->code;
        if (reader)
                rd_kafka_destroy(reader);
        kx_logbuf_done(&lb);
        if (rc)
                return rc;
        *out = rd_kafka_topic_partition_list_new(cnt ? cnt : 1);
        for (int i = 0; i < cnt; i++)
                if (!strcmp(cps[i].group, p->group))
                        rd_kafka_topic_partition_list_add(*out, cps[i].topic, cps[i].partition)->offset =
                                cps[i].downstream;
        free(cps);
        rd_kafka_topic_partition_list_sort(*out, NULL, NULL);
        if (!(*out)->cnt) {
                rd_kafka_topic_partition_list_destroy(*out);
                *out = NULL;
                return kx_err_set(err, KX_ERR_NOT_FOUND, "no checkpoint for group %s in %s.checkpoints.internal",
                                  p->group, p->alias);
        }
        return 0;
}

static int translate_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                          struct kx_err *err)
{
        struct translate_params *p = a->params;
        rd_kafka_topic_partition_list_t *now;
        json_t *undo = json_array();
        char state[32], what[600];
        int members = 0, rc;

        if (p->want)
                rd_kafka_topic_partition_list_destroy(p->want);
        rc = translated(p, ctx, &p->want, err);
        if (!rc)
                rc = kx_group_describe(ctx->rk, p->group, state, sizeof(state), &members, ctx->timeout_ms, err);
        if (rc) {
                json_decref(undo);
                return rc;
        }
        now = rd_kafka_topic_partition_list_copy(p->want);
        rc = kx_group_committed(ctx->rk, p->group, now, ctx->timeout_ms, err);
        for (int i = 0; !rc && i < now->cnt; i++) {
                char where[400];
                int64_t before = now->elems[i].offset;

                snprintf(where, sizeof(where), "%s[%d]", now->elems[i].topic, now->elems[i].partition);
                kx_plan_change(plan, where, before < 0 ? json_null() : json_integer(before),
                               json_integer(p->want->elems[i].offset));
                json_array_append_new(undo, json_pack("{s:s, s:i, s:o}", "topic", now->elems[i].topic,
                                                      "partition", now->elems[i].partition, "offset",
                                                      before < 0 ? json_null() : json_integer(before)));
        }
        rd_kafka_topic_partition_list_destroy(now);
        if (rc) {
                json_decref(undo);
                return rc;
        }
        snprintf(what, sizeof(what), "commit group %s's offsets on the target as MirrorMaker's "
                 "checkpoints from %s translated them (%d partition(s))", p->group, p->alias, p->want->cnt);
        plan->summary = kx_xstrdup(what);
        plan->target = kx_xstrdup(p->group);
        plan->destructive = true;
        plan->undo = json_pack("{s:s, s:o, s:s}", "group", p->group, "offsets_before", undo, "how",
                               "commit offsets_before again (klaxon group reset --to-offset); "
                               "null: the group had no commit there");
        if (members > 0 || (strcmp(state, "Empty") && strcmp(state, "Dead"))) {
                snprintf(what, sizeof(what), "group %s is %s with %d member(s) on the target: stop its "
                         "consumers there first", p->group, state, members);
                plan->blocker = kx_xstrdup(what);
        }
        return 0;
}

static int translate_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                             const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct translate_params *p = a->params;
        int rc = kx_group_alter(ctx->rk, p->group, p->want, ctx->timeout_ms, err);

        (void)plan;
        *result = json_pack("{s:s, s:i}", "commit", rc ? "failed" : "done", "partitions", p->want->cnt);
        return rc;
}

static int translate_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                            const struct kx_plan *plan, struct kx_err *err)
{
        struct translate_params *p = a->params;
        rd_kafka_topic_partition_list_t *now = rd_kafka_topic_partition_list_copy(p->want);
        int rc = kx_group_committed(ctx->rk, p->group, now, ctx->timeout_ms, err);

        (void)plan;
        for (int i = 0; !rc && i < now->cnt; i++)
                if (now->elems[i].offset != p->want->elems[i].offset)
                        rc = kx_err_set(err, KX_ERR_KAFKA, "%s[%d] is at %lld, not the translated %lld",
                                        now->elems[i].topic, now->elems[i].partition,
                                        (long long)now->elems[i].offset, (long long)p->want->elems[i].offset);
        rd_kafka_topic_partition_list_destroy(now);
        return rc;
}

static void translate_free(struct kx_action *a)
{
        struct translate_params *p = a->params;

        if (p->want)
                rd_kafka_topic_partition_list_destroy(p->want);
        free(p->alias);
        free(p->group);
        free(p);
        free(a);
}

static const struct kx_action_ops translate_ops = {
        .name = "mm2-translate-offsets",
        .plan = translate_plan,
        .execute = translate_execute,
        .verify = translate_verify,
        .free = translate_free,
};

struct kx_action *kx_action_mm2_translate(const struct kx_config *target_cfg, const char *alias,
                                          const char *group)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct translate_params *p = kx_xcalloc(1, sizeof(*p));

        p->cfg = target_cfg;
        p->alias = kx_xstrdup(alias);
        p->group = kx_xstrdup(group);
        a->ops = &translate_ops;
        a->params = p;
        return a;
}
