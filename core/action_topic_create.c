/* action_topic_create.c - CreateTopics, validated first. */
#include "action_topic_create.h"
#include "admin_batch.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct create_params {
        char *topic;
        int partitions, replication;
        json_t *configs;
};

struct create_call {
        const struct create_params *p;
        bool validate_only;
        struct kx_err *err;
        int rc;
};

static void create_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct create_call *c = arg;
        char errstr[256];
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(c->p->topic, c->p->partitions, c->p->replication,
                                                        errstr, sizeof(errstr));
        const char *name;
        json_t *value;

        (void)item, (void)retry;
        if (c->validate_only)
                rd_kafka_AdminOptions_set_validate_only(opts, 1, errstr, sizeof(errstr));
        json_object_foreach(c->p->configs, name, value)
                rd_kafka_NewTopic_set_config(nt, name, json_string_value(value));
        rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
        rd_kafka_NewTopic_destroy(nt);
}

static enum kx_admin_verdict create_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct create_call *c = arg;
        const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
        const rd_kafka_topic_result_t **tr;
        size_t n = 0;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "CreateTopics %s: %s", c->p->topic,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        tr = rd_kafka_CreateTopics_result_topics(res, &n);
        if (n < 1 || rd_kafka_topic_result_error(tr[0]))
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "CreateTopics %s: %s", c->p->topic,
                                   n ? rd_kafka_topic_result_error_string(tr[0]) : "no result");
        return KX_ADMIN_DONE;
}

static int run_create(const struct kx_action_ctx *ctx, const struct create_params *p, bool validate_only,
                      struct kx_err *err)
{
        struct create_call c = {.p = p, .validate_only = validate_only, .err = err};

        if (p->partitions < 1 || p->replication < 1)
                return kx_err_set(err, KX_ERR_USAGE, "topic %s: partitions and replication must be >= 1",
                                  p->topic);
        kx_admin_run_one(ctx->rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, ctx->timeout_ms, create_issue,
                         create_result, &c);
        return c.rc;
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

/* Partition count of topic in fresh metadata, -1 if absent. */
static int partition_count(rd_kafka_t *rk, const char *topic, int timeout_ms)
{
        rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        int n = -1;

        if (t && rd_kafka_metadata(rk, 0, t, &md, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            md->topic_cnt == 1 && !md->topics[0].err)
                n = md->topics[0].partition_cnt;
        if (md)
                rd_kafka_metadata_destroy(md);
        if (t)
                rd_kafka_topic_destroy(t);
        return n;
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
                n = partition_count(ctx->rk, p->topic, ctx->timeout_ms);
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
