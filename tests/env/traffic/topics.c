/* topics.c - the demo's topics: their table, creation and readiness.
 *
 * CreateTopics goes through core's admin batch (one call, one event).
 * TOPIC_ALREADY_EXISTS is success: the generator is re-run against the same
 * cluster. The topic then keeps the partition count it has, which is what
 * ctx->partitions records.
 */
#include "traffic.h"
#include "../../../core/admin_batch.h"
#include "../../../core/kafka.h"

#include <stdio.h>
#include <string.h>

/* Shares sum to 1. The phases spread the topics' peaks around the wave. */
const struct tr_topic tr_topics[TR_TOPIC_CNT] = {
        [TR_PAYMENTS] = {"payments.events.transaction.v1", 12, 0.42, 0.0},
        [TR_LEDGER] = {"ledger.commands.posting.v2", 6, 0.22, 1.3},
        [TR_AUDIT] = {"audit.logs.compliance.v1", 3, 0.14, 2.6},
        [TR_ORDERS] = {"orders.events.order.v1", 6, 0.20, 3.9},
        [TR_MY_TOPIC] = {"my-topic", 1, 0.0, 0.0},
        [TR_TEST123] = {"test123", 1, 0.0, 0.0},
        [TR_PAYMENTS_DATA] = {"payments_data", 2, 0.02, 5.2},
        [TR_RETENTION] = {"ledger.events.retention.v1", 3, 0.0, 0.0},
};

#define CREATE_TIMEOUT_MS 30000
#define READY_TIMEOUT_MS  60000

int tr_broker_count(rd_kafka_t *rk, int timeout_ms, struct kx_err *err)
{
        int64_t deadline = kx_mono_ms() + timeout_ms;
        rd_kafka_resp_err_t e;

        /* A refused connection fails at once; the cluster may be starting. */
        do {
                const struct rd_kafka_metadata *md;
                int n;

                e = rd_kafka_metadata(rk, 0, NULL, &md, 5000);
                if (!e) {
                        n = md->broker_cnt;
                        rd_kafka_metadata_destroy(md);
                        if (n > 0)
                                return n;
                }
        } while (tr_sleep_ms(500) && kx_mono_ms() < deadline);
        return kx_err_set(err, KX_ERR_UNREACHABLE, "no broker answered within %d s: %s",
                          timeout_ms / 1000, e ? rd_kafka_err2str(e) : "no brokers listed");
}

struct create_ctx {
        int replication;
        struct kx_err *err;
        int rc;
};

static void create_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct create_ctx *cc = arg;
        rd_kafka_NewTopic_t *nt[TR_TOPIC_CNT];
        char errstr[256];

        (void)item;
        (void)retry;
        for (int i = 0; i < TR_TOPIC_CNT; i++)
                nt[i] = rd_kafka_NewTopic_new(tr_topics[i].name, tr_topics[i].partitions,
                                              cc->replication, errstr, sizeof(errstr));
        rd_kafka_CreateTopics(rk, nt, TR_TOPIC_CNT, opts, q);
        rd_kafka_NewTopic_destroy_array(nt, TR_TOPIC_CNT);
}

static enum kx_admin_verdict create_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct create_ctx *cc = arg;
        const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
        const rd_kafka_topic_result_t **tr;
        size_t cnt;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                cc->rc = kx_err_set(cc->err, KX_ERR_KAFKA, "CreateTopics: %s",
                                    rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        tr = rd_kafka_CreateTopics_result_topics(res, &cnt);
        for (size_t i = 0; i < cnt; i++) {
                rd_kafka_resp_err_t e = rd_kafka_topic_result_error(tr[i]);

                if (e && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS && !cc->rc)
                        cc->rc = kx_err_set(cc->err, KX_ERR_KAFKA, "create %s: %s",
                                            rd_kafka_topic_result_name(tr[i]),
                                            rd_kafka_topic_result_error_string(tr[i]));
        }
        return KX_ADMIN_DONE;
}

static int topic_index(const char *name)
{
        for (int i = 0; i < TR_TOPIC_CNT; i++)
                if (!strcmp(tr_topics[i].name, name))
                        return i;
        return -1;
}

/* How many of our topics have a leader on every partition; records their
 * partition counts. */
static int topics_ready(struct tr_ctx *ctx, const struct rd_kafka_metadata *md)
{
        int ready = 0;

        for (int t = 0; t < md->topic_cnt; t++) {
                const struct rd_kafka_metadata_topic *mt = &md->topics[t];
                int i = topic_index(mt->topic);
                bool led = mt->partition_cnt > 0 && !mt->err;

                if (i < 0)
                        continue;
                for (int p = 0; p < mt->partition_cnt && led; p++)
                        led = mt->partitions[p].leader >= 0 && !mt->partitions[p].err;
                if (led) {
                        ctx->partitions[i] = mt->partition_cnt;
                        ready++;
                }
        }
        return ready;
}

static int topics_wait(struct tr_ctx *ctx, struct kx_err *err)
{
        int64_t deadline = kx_mono_ms() + READY_TIMEOUT_MS;
        int ready = 0;

        while (!tr_stopping() && kx_mono_ms() < deadline) {
                const struct rd_kafka_metadata *md;

                if (!rd_kafka_metadata(ctx->producer, 1, NULL, &md, 5000)) {
                        ready = topics_ready(ctx, md);
                        rd_kafka_metadata_destroy(md);
                        if (ready == TR_TOPIC_CNT)
                                return 0;
                }
                tr_sleep_ms(250);
        }
        return kx_err_set(err, KX_ERR_TIMEOUT, "only %d of %d topics have leaders after %d s",
                          ready, TR_TOPIC_CNT, READY_TIMEOUT_MS / 1000);
}

int tr_topics_setup(struct tr_ctx *ctx, struct kx_err *err)
{
        struct create_ctx cc = {.replication = ctx->brokers < 3 ? ctx->brokers : 3, .err = err};
        struct kx_admin_batch batch = {
                .handles = &ctx->producer,
                .handle_cnt = 1,
                .op = RD_KAFKA_ADMIN_OP_CREATETOPICS,
                .timeout_ms = CREATE_TIMEOUT_MS,
                .max_inflight = 1,
                .issue = create_issue,
                .result = create_result,
                .ctx = &cc,
        };

        kx_admin_batch_run(&batch, 1);
        if (cc.rc)
                return cc.rc;
        return topics_wait(ctx, err);
}
