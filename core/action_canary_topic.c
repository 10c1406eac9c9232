/* action_canary_topic.c - create the canary topic, one partition led by
 * each broker. */
#include "action_canary_topic.h"
#include "admin_batch.h"
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

struct create_call {
        const struct canary_params *p;
        struct kx_err *err;
        int rc;
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

static void create_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct create_call *c = arg;
        const struct canary_params *p = c->p;
        char errstr[256];
        rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(p->topic, p->broker_cnt, -1, errstr,
                                                         sizeof(errstr));
        int32_t replicas[64];

        (void)item, (void)retry;
        for (int i = 0; nt && i < p->broker_cnt; i++) {
                for (int r = 0; r < p->replication && r < 64; r++)
                        replicas[r] = p->brokers[(i + r) % p->broker_cnt];
                rd_kafka_NewTopic_set_replica_assignment(nt, i, replicas, (size_t)p->replication,
                                                         errstr, sizeof(errstr));
        }
        rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
        rd_kafka_NewTopic_destroy(nt);
}

static enum kx_admin_verdict create_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct create_call *c = arg;
        const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
        const rd_kafka_topic_result_t **tr;
        size_t cnt = 0;
        rd_kafka_resp_err_t e;

        (void)item;
        if (rd_kafka_event_error(ev)) {
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "cannot create canary topic %s: %s",
                                   c->p->topic, rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        tr = res ? rd_kafka_CreateTopics_result_topics(res, &cnt) : NULL;
        e = cnt ? rd_kafka_topic_result_error(tr[0]) : RD_KAFKA_RESP_ERR__FAIL;
        if (e == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            e == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED)
                c->rc = kx_err_set(c->err, KX_ERR_REFUSED,
                                   "cannot create canary topic %s: not authorized (%s); grant CREATE "
                                   "on it, or create it with %d partition(s), one led by each broker",
                                   c->p->topic, rd_kafka_err2name(e), c->p->broker_cnt);
        else if (e && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "cannot create canary topic %s: %s",
                                   c->p->topic,
                                   cnt && rd_kafka_topic_result_error_string(tr[0])
                                           ? rd_kafka_topic_result_error_string(tr[0])
                                           : rd_kafka_err2str(e));
        return KX_ADMIN_DONE;
}

static int canary_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                          const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct create_call c = {.p = a->params, .err = err};

        (void)plan;
        kx_admin_run_one(ctx->rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, ctx->timeout_ms, create_issue,
                         create_result, &c);
        *result = json_pack("{s:s}", "created", c.p->topic);
        return c.rc;
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
