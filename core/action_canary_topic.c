/* action_canary_topic.c - create the canary topic, one partition led by
 * each broker. */
#include "action_canary_topic.h"
#include "topic_admin.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct canary_params {
        char *topic;
        int32_t *brokers;
        int broker_cnt;
        int replication;
};

int kx_canary_topic_partitions(rd_kafka_t *rk, const char *topic, int timeout_ms,
                               int *with_leader, struct kx_err *err)
{
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms);
        int rc = 0;

        *with_leader = 0;
        rd_kafka_topic_destroy(rkt);
        if (e)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "metadata for %s: %s", topic,
                                  rd_kafka_err2str(e));
        if (md->topic_cnt < 1 || md->topics[0].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
                rc = -1;
        } else if (md->topics[0].err && md->topics[0].err != RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE) {
                rc = kx_err_set(err, KX_ERR_KAFKA, "metadata for %s: %s", topic,
                                rd_kafka_err2str(md->topics[0].err));
        } else {
                for (int i = 0; i < md->topics[0].partition_cnt; i++)
                        *with_leader += md->topics[0].partitions[i].leader >= 0;
                rc = md->topics[0].partition_cnt;
        }
        rd_kafka_metadata_destroy(md);
        return rc;
}

static int canary_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       struct kx_err *err)
{
        struct canary_params *p = a->params;
        json_t *assignment = json_array();
        char buf[512];
        int leaders, n = kx_canary_topic_partitions(ctx->rk, p->topic, ctx->timeout_ms, &leaders, err);

        if (n < -1) {
                json_decref(assignment);
                return n;
        }
        for (int i = 0; i < p->broker_cnt; i++) {
                json_t *replicas = json_array();

                for (int r = 0; r < p->replication; r++)
                        json_array_append_new(replicas,
                                              json_integer(p->brokers[(i + r) % p->broker_cnt]));
                json_array_append_new(assignment, replicas);
        }
        kx_plan_change(plan, p->topic, json_null(),
                       json_pack("{s:i, s:i, s:o}", "partitions", p->broker_cnt, "replication",
                                 p->replication, "replicas", assignment));
        plan->undo = json_pack("{s:s, s:s}", "delete-topic", p->topic, "note",
                               "the canary topic holds only probe messages");
        snprintf(buf, sizeof(buf), "create canary topic %s: %d partition(s), one led by each broker, "
                 "replication factor %d", p->topic, p->broker_cnt, p->replication);
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(p->topic);
        if (n >= 0)
                plan->blocker = kx_xstrdup("the topic exists already");
        return 0;
}

static int canary_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                          const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        const struct canary_params *p = a->params;
        int width = p->replication < KX_TOPIC_MAX_REPLICAS ? p->replication : KX_TOPIC_MAX_REPLICAS;
        int32_t *assignment = kx_xcalloc((size_t)p->broker_cnt * (size_t)width, sizeof(*assignment));
        struct kx_new_topic t = {.name = p->topic,
                                 .partitions = p->broker_cnt,
                                 .replication = -1,
                                 .assignment = assignment,
                                 .assign_width = width,
                                 .exists_ok = true};
        int rc;

        (void)plan;
        /* Partition i is led by broker i, its followers the next brokers. */
        for (int i = 0; i < p->broker_cnt; i++)
                for (int r = 0; r < width; r++)
                        assignment[i * width + r] = p->brokers[(i + r) % p->broker_cnt];
        rc = kx_topic_create(ctx->rk, &t, ctx->timeout_ms, err);
        free(assignment);
        if (rc == KX_ERR_REFUSED) {
                char why[sizeof(err->msg)];

                snprintf(why, sizeof(why), "%s", err->msg);
                rc = kx_err_set(err, KX_ERR_REFUSED,
                                "cannot create canary topic: %s; grant CREATE on it, or create it "
                                "with %d partition(s), one led by each broker",
                                why, p->broker_cnt);
        } else if (rc) {
                char why[sizeof(err->msg)];

                snprintf(why, sizeof(why), "%s", err->msg);
                rc = kx_err_set(err, rc, "cannot create canary topic: %s", why);
        }
        *result = json_pack("{s:s}", "created", p->topic);
        return rc;
}

/* Wait (bounded by the request timeout, polling metadata) for a leader on
 * every partition. */
static int canary_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                         const struct kx_plan *plan, struct kx_err *err)
{
        struct canary_params *p = a->params;
        int64_t deadline = kx_mono_ms() + ctx->timeout_ms;
        int n = 0, leaders = 0;

        (void)plan;
        do {
                n = kx_canary_topic_partitions(ctx->rk, p->topic, 2000, &leaders, err);
                if (n == p->broker_cnt && leaders == n)
                        return 0;
                usleep(200 * 1000);
        } while (kx_mono_ms() < deadline);
        return kx_err_set(err, KX_ERR_KAFKA, "canary topic %s: %d of %d partition(s) have a leader",
                          p->topic, leaders, p->broker_cnt);
}

static void canary_free(struct kx_action *a)
{
        struct canary_params *p = a->params;

        free(p->topic);
        free(p->brokers);
        free(p);
        free(a);
}

static const struct kx_action_ops canary_ops = {
        .name = "canary-create",
        .plan = canary_plan,
        .execute = canary_execute,
        .verify = canary_verify,
        .free = canary_free,
};

struct kx_action *kx_action_canary_topic(const char *topic, const int32_t *brokers, int broker_cnt,
                                         int replication)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct canary_params *p = kx_xcalloc(1, sizeof(*p));

        p->topic = kx_xstrdup(topic);
        p->brokers = kx_xmalloc(sizeof(int32_t) * (size_t)(broker_cnt > 0 ? broker_cnt : 1));
        memcpy(p->brokers, brokers, sizeof(int32_t) * (size_t)broker_cnt);
        p->broker_cnt = broker_cnt;
        p->replication = replication < 1 ? 1 : replication > broker_cnt ? broker_cnt : replication;
        a->ops = &canary_ops;
        a->params = p;
        return a;
}
