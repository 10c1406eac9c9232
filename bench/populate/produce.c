/* produce.c - a few messages to a sample of the partitions.
 *
 * One producer, explicit partitions, acks=all so that the high watermark
 * has moved by the time the flush returns. Only a sample is produced to:
 * what the benchmark measures does not depend on every offset being
 * non-zero, and the set-up time does.
 */
#include "populate.h"

#include <stdatomic.h>
#include <stdio.h>

static atomic_long delivery_errors;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
        (void)rk;
        (void)opaque;
        if (m->err && atomic_fetch_add(&delivery_errors, 1) < 5)
                pop_log("delivery to %s [%d]: %s", rd_kafka_topic_name(m->rkt), m->partition,
                        rd_kafka_err2str(m->err));
}

/* Produce one message, waiting out a full local queue. */
static rd_kafka_resp_err_t produce_one(rd_kafka_t *rk, const char *topic, int p, int seq)
{
        char value[64];
        int len = snprintf(value, sizeof(value), "bench %s/%d #%d", topic, p, seq);
        rd_kafka_resp_err_t e;

        for (;;) {
                e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(p),
                                      RD_KAFKA_V_VALUE(value, (size_t)len),
                                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                        return e;
                rd_kafka_poll(rk, 100);
        }
}

int pop_produce(const struct pop_opts *o)
{
        static const char *extra[] = {"acks", "all", "linger.ms", "50", NULL};
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        char topic[256];
        long sent = 0;
        rd_kafka_resp_err_t e;

        if (!o->sample_every || !o->messages)
                return 0;
        conf = pop_conf(o, extra);
        if (conf)
                rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
        rk = pop_new(RD_KAFKA_PRODUCER, conf);
        if (!rk)
                return -1;
        for (int t = 0; t < o->topics; t++) {
                pop_topic_name(o, t, topic, sizeof(topic));
                for (int p = 0; p < o->partitions; p++) {
                        if (!pop_sampled(o, t, p))
                                continue;
                        for (int m = 0; m < o->messages; m++) {
                                e = produce_one(rk, topic, p, m);
                                if (e) {
                                        pop_log("produce to %s [%d]: %s", topic, p,
                                                rd_kafka_err2str(e));
                                        rd_kafka_destroy(rk);
                                        return -1;
                                }
                                sent++;
                        }
                        rd_kafka_poll(rk, 0);
                }
        }
        e = rd_kafka_flush(rk, o->timeout_s * 1000);
        rd_kafka_destroy(rk);
        if (e) {
                pop_log("flush: %s", rd_kafka_err2str(e));
                return -1;
        }
        if (atomic_load(&delivery_errors)) {
                pop_log("%ld of %ld message(s) not delivered", atomic_load(&delivery_errors),
                        sent);
                return -1;
        }
        pop_log("produced %ld message(s)", sent);
        return 0;
}
