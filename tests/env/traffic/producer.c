/* producer.c - the continuous, idempotent producer and its rates.
 *
 * Every TICK_MS the thread adds rate x elapsed to each topic's credit and
 * produces the whole messages it has earned, so the long-run rate is exact
 * whatever the tick jitter. Each topic's rate drifts on a slow sine wave with
 * its own phase, so the lag and throughput graphs move.
 */
#include "traffic.h"
#include "../../../core/kafka.h"

#include <pthread.h>

#define TICK_MS          20
#define WAVE_PERIOD_S    120.0
#define WAVE_AMPLITUDE   0.4
#define FLUSH_TIMEOUT_MS 10000
#define SEED_TIMEOUT_MS  60000

struct tr_produce_stats tr_pstats;

static pthread_t producer_thread;
static bool producer_running;

/* sin(x) without libm (the Makefile's link line has no -lm): reduce to
 * [-pi/2, pi/2], then the Taylor series to x^9 (error below 4e-6). */
static double wave_sin(double x)
{
        const double pi = 3.14159265358979323846;
        double x2;

        x -= 2 * pi * (double)(int64_t)(x / (2 * pi));
        if (x > pi)
                x -= 2 * pi;
        else if (x < -pi)
                x += 2 * pi;
        if (x > pi / 2)
                x = pi - x;
        else if (x < -pi / 2)
                x = -pi - x;
        x2 = x * x;
        return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 * (1 - x2 / 72))));
}

double tr_topic_rate(const struct tr_ctx *ctx, enum tr_topic_id topic, double t_s)
{
        const double two_pi = 6.28318530717958647692;
        const struct tr_topic *t = &tr_topics[topic];

        return ctx->opts->rate * t->share *
               (1 + WAVE_AMPLITUDE * wave_sin(two_pi * t_s / WAVE_PERIOD_S + t->phase));
}

int tr_produce(rd_kafka_t *rk, enum tr_topic_id topic, int32_t partition,
               const struct tr_msg *m)
{
        for (int attempt = 0; attempt < 10; attempt++) {
                rd_kafka_headers_t *hdrs = rd_kafka_headers_new((size_t)m->hdr_cnt);
                rd_kafka_resp_err_t e;

                for (int i = 0; i < m->hdr_cnt; i++)
                        rd_kafka_header_add(hdrs, m->hdr_name[i], -1, m->hdr_value[i], -1);
                e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(tr_topics[topic].name),
                                      RD_KAFKA_V_PARTITION(partition),
                                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                      RD_KAFKA_V_KEY(m->key_len ? m->key : NULL, m->key_len),
                                      RD_KAFKA_V_VALUE((void *)m->value, m->value_len),
                                      RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
                if (!e) {
                        atomic_fetch_add(&tr_pstats.sent, 1);
                        return 0;
                }
                rd_kafka_headers_destroy(hdrs);  /* only taken over on success */
                if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL || tr_stopping())
                        break;
                rd_kafka_poll(rk, 100);
        }
        atomic_fetch_add(&tr_pstats.failed, 1);
        return -1;
}

int tr_produce_seed(const struct tr_ctx *ctx, enum tr_topic_id topic, int per_partition,
                    struct kx_err *err)
{
        long long failed_before = atomic_load(&tr_pstats.failed);
        int parts = ctx->partitions[topic];
        struct tr_rng r;
        struct tr_msg m;

        tr_rng_seed(&r, (uint64_t)kx_now_ms() ^ (uint64_t)topic);
        for (int i = 0; i < per_partition * parts; i++) {
                tr_msg_make(&m, topic, &r, (uint64_t)i);
                tr_produce(ctx->producer, topic, i % parts, &m);
                rd_kafka_poll(ctx->producer, 0);
        }
        if (rd_kafka_flush(ctx->producer, SEED_TIMEOUT_MS))
                return kx_err_set(err, KX_ERR_TIMEOUT, "%s: %d records still undelivered",
                                  tr_topics[topic].name, rd_kafka_outq_len(ctx->producer));
        if (atomic_load(&tr_pstats.failed) != failed_before)
                return kx_err_set(err, KX_ERR_KAFKA, "%s: %lld records not delivered",
                                  tr_topics[topic].name,
                                  atomic_load(&tr_pstats.failed) - failed_before);
        return 0;
}

static void *producer_main(void *arg)
{
        struct tr_ctx *ctx = arg;
        double credit[TR_TOPIC_CNT] = {0};
        uint64_t seq[TR_TOPIC_CNT] = {0};
        int64_t start = kx_mono_ms(), last = start;
        struct tr_rng r;
        struct tr_msg m;

        tr_rng_seed(&r, (uint64_t)kx_now_ms());
        while (!tr_stopping()) {
                int64_t now = kx_mono_ms(), next_tick = now + TICK_MS;
                double t_s = (double)(now - start) / 1000.0;

                for (int t = 0; t < TR_TOPIC_CNT; t++) {
                        if (tr_topics[t].share <= 0)
                                continue;
                        credit[t] += tr_topic_rate(ctx, t, t_s) * (double)(now - last) / 1000.0;
                        for (; credit[t] >= 1.0; credit[t] -= 1.0) {
                                tr_msg_make(&m, t, &r, seq[t]++);
                                tr_produce(ctx->producer, t, RD_KAFKA_PARTITION_UA, &m);
                        }
                }
                last = now;
                /* Serve delivery reports while waiting for the next tick
                 * (a negative timeout would mean "forever"). */
                rd_kafka_poll(ctx->producer, 0);
                for (int64_t left; (left = next_tick - kx_mono_ms()) > 0 && !tr_stopping();)
                        rd_kafka_poll(ctx->producer, (int)left);
        }
        rd_kafka_flush(ctx->producer, FLUSH_TIMEOUT_MS);
        return NULL;
}

int tr_producer_start(struct tr_ctx *ctx, struct kx_err *err)
{
        if (pthread_create(&producer_thread, NULL, producer_main, ctx))
                return kx_err_set(err, KX_ERR_IO, "cannot start the producer thread");
        producer_running = true;
        return 0;
}

void tr_producer_stop(void)
{
        if (!producer_running)
                return;
        pthread_join(producer_thread, NULL);
        producer_running = false;
}
