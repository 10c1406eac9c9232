/* consumers.c - the consumer groups that keep running.
 *
 * Each member is a real KafkaConsumer (classic protocol) on its own thread.
 * Auto commit is off; offsets are stored as records are returned and
 * committed asynchronously every commit_ms, and once more before close.
 *
 *   payments-settlement  two members, keeps up: Stable, small lag.
 *   ledger-projector     consumes at 40% of the topic's mean rate; the wave
 *                        never takes production below 60%, so lag only grows.
 *   orders-analytics     assign()s every partition and commits, like a batch
 *                        job on a "simple" group: Empty, yet committing.
 */
#include "traffic.h"
#include "../../../core/kafka.h"

#include <pthread.h>
#include <stdio.h>

struct live {
        const char *group;
        const char *client_id;
        enum tr_topic_id topic;
        bool assign;            /* assign() every partition instead of subscribing */
        double pace;            /* max rate as a fraction of the topic's mean; 0: none */
        int commit_ms;
        rd_kafka_t *rk;
        pthread_t thread;
        bool running;
        atomic_llong consumed;
        const struct tr_ctx *ctx;
};

static struct live lives[] = {
        {.group = "payments-settlement", .client_id = "settlement-worker-1",
         .topic = TR_PAYMENTS, .commit_ms = 1000},
        {.group = "payments-settlement", .client_id = "settlement-worker-2",
         .topic = TR_PAYMENTS, .commit_ms = 1000},
        {.group = "ledger-projector", .client_id = "projector-0", .topic = TR_LEDGER,
         .pace = 0.40, .commit_ms = 1000},
        {.group = "orders-analytics", .client_id = "analytics-batch", .topic = TR_ORDERS,
         .assign = true, .commit_ms = 2000},
};

#define LIVE_CNT (sizeof(lives) / sizeof(lives[0]))

/* Log a consumer error once per change of error code, not once per poll. */
static void note_error(struct live *l, rd_kafka_resp_err_t e, rd_kafka_resp_err_t *last)
{
        if (e == *last || tr_stopping())
                return;
        *last = e;
        tr_log("%s/%s: %s", l->group, l->client_id, rd_kafka_err2str(e));
}

static void *live_main(void *arg)
{
        struct live *l = arg;
        double rate = l->pace * l->ctx->opts->rate * tr_topics[l->topic].share;
        int64_t start = kx_mono_ms(), last_commit = start;
        rd_kafka_resp_err_t last_err = 0;
        long long n = 0;

        while (!tr_stopping()) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(l->rk, 100);
                int64_t now = kx_mono_ms();
                bool got = m && !m->err;

                if (m) {
                        if (got)
                                atomic_store(&l->consumed, ++n);
                        else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                                note_error(l, m->err, &last_err);
                        rd_kafka_message_destroy(m);
                }
                if (now - last_commit >= l->commit_ms) {
                        rd_kafka_commit(l->rk, NULL, 1);
                        last_commit = now;
                }
                /* The slow group: wait until this record is due at its pace. */
                if (rate > 0 && got) {
                        int64_t due = start + (int64_t)((double)n * 1000.0 / rate);

                        if (due > now)
                                tr_sleep_ms(due - now < 500 ? due - now : 500);
                }
        }
        rd_kafka_commit(l->rk, NULL, 1);
        return NULL;
}

/* Every partition of the topic, from the group's committed offset. */
static int assign_all(struct live *l, struct kx_err *err)
{
        int parts = l->ctx->partitions[l->topic];
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(parts);
        rd_kafka_resp_err_t e;

        for (int p = 0; p < parts; p++)
                rd_kafka_topic_partition_list_add(list, tr_topics[l->topic].name, p)->offset =
                        RD_KAFKA_OFFSET_STORED;
        e = rd_kafka_assign(l->rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "%s: assign: %s", l->group,
                                  rd_kafka_err2str(e));
        return 0;
}

static int subscribe(struct live *l, struct kx_err *err)
{
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
        rd_kafka_resp_err_t e;

        rd_kafka_topic_partition_list_add(list, tr_topics[l->topic].name, RD_KAFKA_PARTITION_UA);
        e = rd_kafka_subscribe(l->rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "%s: subscribe: %s", l->group,
                                  rd_kafka_err2str(e));
        return 0;
}

static int live_start(struct live *l, const struct tr_ctx *ctx, struct kx_err *err)
{
        int rc;

        l->ctx = ctx;
        atomic_store(&l->consumed, 0);
        l->rk = tr_consumer_new(ctx->opts, l->group, l->client_id, err);
        if (!l->rk)
                return err->code;
        rc = l->assign ? assign_all(l, err) : subscribe(l, err);
        if (!rc && pthread_create(&l->thread, NULL, live_main, l))
                rc = kx_err_set(err, KX_ERR_IO, "%s: cannot start a thread", l->group);
        if (rc) {
                rd_kafka_destroy(l->rk);
                l->rk = NULL;
                return rc;
        }
        l->running = true;
        return 0;
}

int tr_consumers_start(const struct tr_ctx *ctx, struct kx_err *err)
{
        for (size_t i = 0; i < LIVE_CNT; i++) {
                int rc = live_start(&lives[i], ctx, err);

                if (rc) {
                        tr_stop_request();
                        tr_consumers_stop();
                        return rc;
                }
        }
        return 0;
}

void tr_consumers_stop(void)
{
        for (size_t i = 0; i < LIVE_CNT; i++) {
                struct live *l = &lives[i];

                if (!l->running)
                        continue;
                pthread_join(l->thread, NULL);
                rd_kafka_consumer_close(l->rk);  /* waits for the last commit */
                rd_kafka_destroy(l->rk);
                l->rk = NULL;
                l->running = false;
        }
}

void tr_consumers_report(void)
{
        char line[512];
        int len = 0;

        for (size_t i = 0; i < LIVE_CNT && len < (int)sizeof(line); i++)
                len += snprintf(line + len, sizeof(line) - (size_t)len, "%s%s/%s %lld",
                                i ? ", " : "", lives[i].group, lives[i].client_id,
                                (long long)atomic_load(&lives[i].consumed));
        tr_log("consumed: %s", line);
}
