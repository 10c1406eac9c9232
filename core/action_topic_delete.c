/* action_topic_delete.c - DeleteTopics, planned from fresh metadata. */
#include "action_topic_delete.h"
#include "admin_batch.h"
#include "topic_admin.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct delete_call {
        const char *topic;
        struct kx_err *err;
        int rc;
};

static void delete_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct delete_call *c = arg;
        rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(c->topic);

        (void)item, (void)retry;
        rd_kafka_DeleteTopics(rk, &dt, 1, opts, q);
        rd_kafka_DeleteTopic_destroy(dt);
}

static enum kx_admin_verdict delete_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct delete_call *c = arg;
        const rd_kafka_DeleteTopics_result_t *res = rd_kafka_event_DeleteTopics_result(ev);
        const rd_kafka_topic_result_t **tr;
        size_t n = 0;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "DeleteTopics %s: %s", c->topic,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        tr = rd_kafka_DeleteTopics_result_topics(res, &n);
        if (n < 1 || rd_kafka_topic_result_error(tr[0]))
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "DeleteTopics %s: %s", c->topic,
                                   n ? rd_kafka_topic_result_error_string(tr[0]) : "no result");
        return KX_ADMIN_DONE;
}

static int delete_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       struct kx_err *err)
{
        const char *topic = a->params;
        int n = kx_topic_partition_count(ctx->rk, topic, ctx->timeout_ms);
        char buf[400];

        if (n < 0)
                return kx_err_set(err, KX_ERR_NOT_FOUND, "topic %s does not exist", topic);
        snprintf(buf, sizeof(buf), "delete topic %s and all %d partition(s) of data", topic, n);
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(topic);
        plan->destructive = true;
        kx_plan_change(plan, "topic", json_integer(n), json_null());
        plan->undo = json_pack("{s:s, s:i, s:s}", "topic", topic, "partitions", n, "how",
                               "not reversible: recreate the topic and restore from an archive");
        if (topic[0] == '_')
                plan->blocker = kx_xstrdup("internal topics are never deleted by klaxon");
        return 0;
}

static int delete_execute(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                          json_t **result, struct kx_err *err)
{
        struct delete_call c = {.topic = a->params, .err = err};

        (void)plan;
        kx_admin_run_one(ctx->rk, RD_KAFKA_ADMIN_OP_DELETETOPICS, ctx->timeout_ms, delete_issue, delete_result, &c);
        *result = json_pack("{s:s}", "deleted", c.topic);
        return c.rc;
}

static int delete_verify(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                         struct kx_err *err)
{
        int n = 0;

        (void)plan;
        /* Deletion reaches every broker's metadata within moments. */
        for (int i = 0; i < 20 && n >= 0; i++) {
                if (i)
                        usleep(250 * 1000);
                n = kx_topic_partition_count(ctx->rk, a->params, ctx->timeout_ms);
        }
        return n < 0 ? 0 : kx_err_set(err, KX_ERR_KAFKA, "verify: %s still exists", (const char *)a->params);
}

static void delete_free(struct kx_action *a)
{
        free(a->params);
        free(a);
}

static const struct kx_action_ops topic_delete_ops = {
        .name = "topic-delete",
        .plan = delete_plan,
        .execute = delete_execute,
        .verify = delete_verify,
        .free = delete_free,
};

struct kx_action *kx_action_topic_delete(const char *topic)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));

        a->params = kx_xstrdup(topic);
        a->ops = &topic_delete_ops;
        return a;
}
