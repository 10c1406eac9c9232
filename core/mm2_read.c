/* mm2_read.c - read MM2's checkpoints and heartbeats off the target. */
#include "mm2.h"
#include "kafka.h"
#include "topic_admin.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*record_fn)(const rd_kafka_message_t *msg, void *arg);

/* Call fn for each record of topic/partition in [from, to), by assignment
 * (no group offsets move). -1 if they did not all arrive in timeout_ms. */
static int read_range(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t from,
                      int64_t to, int timeout_ms, record_fn fn, void *arg)
{
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(1);
        int64_t deadline = kx_mono_ms() + timeout_ms, next = from;

        rd_kafka_topic_partition_list_add(list, topic, partition)->offset = from;
        if (rd_kafka_assign(rk, list) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                rd_kafka_topic_partition_list_destroy(list);
                return -1;
        }
        while (next < to && kx_mono_ms() < deadline) {
                rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);

                if (!msg)
                        continue;
                if (!msg->rkt || msg->partition != partition || strcmp(rd_kafka_topic_name(msg->rkt), topic)) {
                        rd_kafka_message_destroy(msg); /* left over from an earlier assignment */
                        continue;
                }
                if (!msg->err && msg->offset >= next) {
                        fn(msg, arg);
                        next = msg->offset + 1;
                } else if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF && msg->offset >= to) {
                        next = to; /* transaction markers or compaction: nothing more */
                }
                rd_kafka_message_destroy(msg);
        }
        rd_kafka_assign(rk, NULL);
        rd_kafka_topic_partition_list_destroy(list);
        return next >= to ? 0 : -1;
}

struct cp_acc {
        struct kx_mm2_checkpoint *arr;
        int cnt, cap;
};

static void on_checkpoint(const rd_kafka_message_t *msg, void *arg)
{
        struct cp_acc *a = arg;
        struct kx_mm2_checkpoint cp;
        int i;

        if (kx_mm2_checkpoint_decode(msg->key, msg->key_len, msg->payload, msg->len, &cp))
                return;
        for (i = 0; i < a->cnt; i++)
                if (a->arr[i].partition == cp.partition && !strcmp(a->arr[i].group, cp.group) &&
                    !strcmp(a->arr[i].topic, cp.topic))
                        break;
        if (i == a->cnt) {
                if (a->cnt == a->cap) {
                        a->cap = a->cap ? a->cap * 2 : 16;
                        a->arr = kx_xrealloc(a->arr, (size_t)a->cap * sizeof(*a->arr));
                }
                a->cnt++;
        }
        a->arr[i] = cp; /* later records win */
}

int kx_mm2_read_checkpoints(rd_kafka_t *target, const char *alias, int timeout_ms,
                            struct kx_mm2_checkpoint **out, int *cnt, struct kx_err *err)
{
        char topic[300];
        struct cp_acc acc = {0};
        int parts;

        *out = NULL;
        *cnt = 0;
        snprintf(topic, sizeof(topic), "%s.checkpoints.internal", alias);
        parts = kx_topic_partition_count(target, topic, timeout_ms);
        if (parts <= 0)
                return kx_err_set(err, KX_ERR_NOT_FOUND, "no topic %s on the target: MirrorMaker's "
                                  "checkpoint connector has written no checkpoint yet", topic);
        for (int p = 0; p < parts; p++) {
                int64_t lo, hi;

                if (rd_kafka_query_watermark_offsets(target, topic, p, &lo, &hi, timeout_ms) ||
                    (hi > lo && read_range(target, topic, p, lo, hi, timeout_ms, on_checkpoint, &acc))) {
                        free(acc.arr);
                        return kx_err_set(err, KX_ERR_KAFKA, "cannot read %s partition %d", topic, p);
                }
        }
        *out = acc.arr;
        *cnt = acc.cnt;
        return 0;
}

struct hb_acc {
        const char *alias;
        int64_t newest;
};

static void on_heartbeat(const rd_kafka_message_t *msg, void *arg)
{
        struct hb_acc *a = arg;
        struct kx_mm2_heartbeat hb;

        if (!kx_mm2_heartbeat_decode(msg->key, msg->key_len, msg->payload, msg->len, &hb) &&
            !strcmp(hb.source, a->alias) && hb.ts_ms > a->newest)
                a->newest = hb.ts_ms;
}

int64_t kx_mm2_newest_heartbeat(rd_kafka_t *target, const char *alias, int timeout_ms)
{
        struct hb_acc acc = {alias, -1};
        int parts = kx_topic_partition_count(target, "heartbeats", timeout_ms);

        for (int p = 0; p < parts; p++) {
                int64_t lo, hi;

                if (rd_kafka_query_watermark_offsets(target, "heartbeats", p, &lo, &hi, timeout_ms) ||
                    hi <= lo)
                        continue;
                read_range(target, "heartbeats", p, hi - 8 > lo ? hi - 8 : lo, hi, timeout_ms,
                           on_heartbeat, &acc);
        }
        return acc.newest;
}

rd_kafka_t *kx_mm2_reader(const struct kx_config *cfg, const char *bootstrap, struct kx_logbuf *lb,
                          struct kx_err *err)
{
        struct kx_config c;
        rd_kafka_t *rk;

        kx_config_init(&c);
        kx_config_set_str(&c.bootstrap, bootstrap ? bootstrap : cfg->bootstrap);
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                kx_config_set_prop(&c, cfg->props[i].key, cfg->props[i].value, cfg->props[i].origin);
        rk = kx_kafka_new(&c, lb, "klaxon-mm2", "klaxon-mm2-reader", err);
        kx_config_done(&c);
        return rk;
}
