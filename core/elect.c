/* elect.c - ElectLeaders, and preferred-leader imbalance from metadata. */
#include "elect.h"
#include "kproto.h"

#include <stdlib.h>
#include <string.h>

struct elect_arg {
        enum kx_election type;
        const struct kx_elect_topic *topics;
        int cnt;
        int32_t timeout_ms;
};

static void elect_body(struct kx_kenc *e, int16_t v, const void *arg)
{
        const struct elect_arg *x = arg;

        kx_kmsg_elect_body(e, v, x->type, x->topics, x->cnt, x->timeout_ms);
}

int kx_elect_leaders(const struct kx_kadmin *ka, enum kx_election type, const struct kx_elect_topic *topics,
                     int cnt, int32_t timeout_ms, struct kx_arena *a, struct kx_elect_result *out,
                     struct kx_err *err)
{
        struct elect_arg x = {type, topics, cnt, timeout_ms};
        unsigned char *resp;
        size_t len;
        int16_t v;
        int rc;

        memset(out, 0, sizeof(*out));
        /* v0 has no election type: ask for 1-2 only. */
        rc = kx_kadmin_request(ka, -1, KX_KAPI_ELECT_LEADERS, 1, 2, elect_body, &x, &v, &resp, &len, err);
        if (!rc)
                rc = kx_kmsg_elect_decode(resp, len, v, a, out, err);
        if (!rc && out->error) {
                char buf[32];

                rc = kx_err_set(err, KX_ERR_KAFKA, "ElectLeaders: %s", kx_kerr_name(out->error, buf, sizeof(buf)));
        }
        free(resp);
        return rc;
}

static bool in_isr(const rd_kafka_metadata_partition_t *p, int32_t id)
{
        for (int i = 0; i < p->isr_cnt; i++)
                if (p->isrs[i] == id)
                        return true;
        return false;
}

/* Metadata lists only live (registered, unfenced) brokers. */
static bool broker_live(const struct rd_kafka_metadata *md, int32_t id)
{
        for (int b = 0; b < md->broker_cnt; b++)
                if (md->brokers[b].id == id)
                        return true;
        return false;
}

/* First replica of mp on a live broker, or -1. */
static int32_t first_live_replica(const struct rd_kafka_metadata *md, const rd_kafka_metadata_partition_t *mp)
{
        for (int r = 0; r < mp->replica_cnt; r++)
                if (broker_live(md, mp->replicas[r]))
                        return mp->replicas[r];
        return -1;
}

int kx_elect_unbalanced(rd_kafka_t *rk, const char *topic, int timeout_ms, struct kx_arena *a,
                        struct kx_unbalanced **out, int *cnt, struct kx_err *err)
{
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e;
        int n = 0, cap = 0;

        *out = NULL;
        *cnt = 0;
        e = rd_kafka_metadata(rk, 1, NULL, &md, timeout_ms);
        if (e)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "metadata: %s", rd_kafka_err2str(e));
        for (int t = 0; t < md->topic_cnt; t++) {
                const rd_kafka_metadata_topic_t *mt = &md->topics[t];

                if (topic ? strcmp(mt->topic, topic) : (mt->topic[0] == '_'))
                        continue;
                if (topic && (mt->err || !mt->partition_cnt)) {
                        rd_kafka_metadata_destroy(md);
                        return kx_err_set(err, KX_ERR_NOT_FOUND, "topic %s: %s", topic,
                                          mt->err ? rd_kafka_err2str(mt->err) : "no partitions");
                }
                for (int p = 0; p < mt->partition_cnt; p++) {
                        const rd_kafka_metadata_partition_t *mp = &mt->partitions[p];

                        if (!mp->replica_cnt || mp->leader == mp->replicas[0])
                                continue;
                        if (n == cap) {
                                struct kx_unbalanced *grown;

                                cap = cap ? cap * 2 : 32;
                                grown = kx_arena_alloc(a, (size_t)cap * sizeof(*grown));
                                if (n)
                                        memcpy(grown, *out, (size_t)n * sizeof(*grown));
                                *out = grown;
                        }
                        (*out)[n].topic = kx_arena_strdup(a, mt->topic);
                        (*out)[n].partition = mp->id;
                        (*out)[n].leader = mp->leader;
                        (*out)[n].preferred = mp->replicas[0];
                        (*out)[n].preferred_in_isr =
                                in_isr(mp, mp->replicas[0]) && broker_live(md, mp->replicas[0]);
                        (*out)[n].live_replica = mp->leader < 0 ? first_live_replica(md, mp) : -1;
                        n++;
                }
        }
        if (topic && !n) {
                bool found = false;

                for (int t = 0; t < md->topic_cnt && !found; t++)
                        found = !strcmp(md->topics[t].topic, topic) && !md->topics[t].err;
                if (!found) {
                        rd_kafka_metadata_destroy(md);
                        return kx_err_set(err, KX_ERR_NOT_FOUND, "topic %s does not exist", topic);
                }
        }
        rd_kafka_metadata_destroy(md);
        *cnt = n;
        return 0;
}
