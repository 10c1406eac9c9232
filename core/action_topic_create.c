/* action_topic_create.c - CreateTopics, validated first. */
#include "action_topic_create.h"
#include "topic_admin.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct create_params {
        char *topic;
        int partitions, replication;
        json_t *configs;
};

static int run_create(const struct kx_action_ctx *ctx, const struct create_params *p, bool validate_only,
                      struct kx_err *err)
{
        struct kx_new_topic t = {.name = p->topic,
                                 .partitions = p->partitions,
                                 .replication = p->replication,
                                 .configs = p->configs,
                                 .validate_only = validate_only};

        if (p->replication < 1)
                return kx_err_set(err, KX_ERR_USAGE, "topic %s: partitions and replication must be >= 1",
                                  p->topic);
        return kx_topic_create(ctx->rk, &t, ctx->timeout_ms, err);
}

static int create_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       struct kx_err *err)
{
        struct create_params *p = a->params;
        struct kx_err verr;
        char buf[600];
        const char *name;
        json_t *value;

        snprintf(buf, sizeof(buf), "create topic %s: %d partitions, replication factor %d, %zu config(s)",
                 p->topic, p->partitions, p->replication, json_object_size(p->configs));
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(p->topic);
        kx_plan_change(plan, "partitions", json_null(), json_integer(p->partitions));
        kx_plan_change(plan, "replication.factor", json_null(), json_integer(p->replication));
        json_object_foreach(p->configs, name, value)
                kx_plan_change(plan, name, json_null(), json_incref(value));
        plan->undo = json_pack("{s:s, s:s}", "delete-topic", p->topic, "how", "kafka-topics --delete --topic");
        /* The brokers' own verdict, without creating anything. */
        if (run_create(ctx, p, true, &verr)) {
                if (verr.code == KX_ERR_USAGE)
                        return kx_err_set(err, verr.code, "%s", verr.msg);
                snprintf(buf, sizeof(buf), "the brokers refuse it (validate_only): %s", verr.msg);
                plan->blocker = kx_xstrdup(buf);
        }
        return 0;
}

static int create_execute(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                          json_t **result, struct kx_err *err)
{
        struct create_params *p = a->params;
        int rc = run_create(ctx, p, false, err);

        (void)plan;
        *result = json_pack("{s:s, s:i, s:i, s:O}", "created", p->topic, "partitions", p->partitions,
                            "replication", p->replication, "configs", p->configs);
        return rc;
}

static int create_verify(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                         struct kx_err *err)
{
        struct create_params *p = a->params;
        int n = -1;

        (void)plan;
        /* A new topic reaches every broker's metadata cache within moments. */
        for (int i = 0; i < 20 && n != p->partitions; i++) {
                if (i)
                        usleep(250 * 1000);
                n = kx_topic_partition_count(ctx->rk, p->topic, ctx->timeout_ms);
        }
        if (n != p->partitions)
                return kx_err_set(err, KX_ERR_KAFKA, "verify: %s has %d partition(s), the plan said %d", p->topic,
                                  n, p->partitions);
        return 0;
}

static void create_free(struct kx_action *a)
{
        struct create_params *p = a->params;

        free(p->topic);
        json_decref(p->configs);
        free(p);
        free(a);
}

static const struct kx_action_ops topic_create_ops = {
        .name = "topic-create",
        .plan = create_plan,
        .execute = create_execute,
        .verify = create_verify,
        .free = create_free,
};

struct kx_action *kx_action_topic_create(const char *topic, int partitions, int replication,
                                         const json_t *configs)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct create_params *p = kx_xcalloc(1, sizeof(*p));

        p->topic = kx_xstrdup(topic);
        p->partitions = partitions;
        p->replication = replication;
        p->configs = configs ? json_deep_copy(configs) : json_object();
        a->ops = &topic_create_ops;
        a->params = p;
        return a;
}
