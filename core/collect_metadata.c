/* collect_metadata.c - phase 1: brokers, topics, partitions, ISR. */
#include "collect_internal.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Ask for metadata; an early short attempt lets a refused connection be
 * reported in seconds, not after the whole connect budget. */
static bool all_brokers_down_since(struct kx_logbuf *lb, int64_t since_ms)
{
        bool down;

        pthread_mutex_lock(&lb->lock);
        down = lb->all_down_ms >= since_ms;
        pthread_mutex_unlock(&lb->lock);
        return down;
}

/* Ask for metadata in short attempts, serving the error callback between
 * them, so that "every bootstrap broker refused" is reported in seconds
 * rather than after the whole connect budget. */
static int fetch_metadata(struct kx_collector *c, const struct rd_kafka_metadata **md,
                          struct kx_err *err)
{
        int64_t started = kx_now_ms();
        int64_t deadline = kx_mono_ms() + c->opts.connect_ms;
        char last[KX_LOGBUF_WIDTH];
        rd_kafka_resp_err_t rerr;
        int64_t left;

        while ((left = deadline - kx_mono_ms()) > 0) {
                rerr = rd_kafka_metadata(c->handles[0], 1, NULL, md,
                                         (int)(left < 2000 ? left : 2000));
                if (rerr == RD_KAFKA_RESP_ERR_NO_ERROR)
                        return 0;
                rd_kafka_poll(c->handles[0], 0); /* runs the error callback */
                kx_logbuf_last_error(c->lb, last, sizeof(last));
                if (all_brokers_down_since(c->lb, started))
                        return kx_err_set(err, KX_ERR_UNREACHABLE, "cannot reach %s: %s",
                                          c->bootstrap, last[0] ? last : "all brokers are down");
                if (rerr != RD_KAFKA_RESP_ERR__TIMED_OUT && rerr != RD_KAFKA_RESP_ERR__TRANSPORT)
                        return kx_err_set(err, KX_ERR_KAFKA, "metadata from %s: %s",
                                          c->bootstrap, rd_kafka_err2str(rerr));
        }
        kx_logbuf_last_error(c->lb, last, sizeof(last));
        return kx_err_set(err, KX_ERR_UNREACHABLE, "cannot reach %s: no metadata within %.1f s%s%s",
                          c->bootstrap, c->opts.connect_ms / 1000.0, last[0] ? ": " : "", last);
}

static void remember_broker(struct kx_collector *c, int32_t id, const char *host, int port)
{
        for (int i = 0; i < c->known_cnt; i++) {
                if (c->known[i].id == id) {
                        free(c->known[i].host);
                        c->known[i].host = kx_xstrdup(host);
                        c->known[i].port = port;
                        return;
                }
        }
        c->known = kx_xrealloc(c->known, (size_t)(c->known_cnt + 1) * sizeof(*c->known));
        c->known[c->known_cnt].id = id;
        c->known[c->known_cnt].host = kx_xstrdup(host);
        c->known[c->known_cnt].port = port;
        c->known_cnt++;
}

static int broker_cmp(const void *a, const void *b)
{
        int32_t x = ((const struct kx_broker *)a)->id, y = ((const struct kx_broker *)b)->id;

        return (x > y) - (x < y);
}

static int topic_cmp(const void *a, const void *b)
{
        return strcmp(((const struct kx_topic *)a)->name, ((const struct kx_topic *)b)->name);
}

static int partition_cmp(const void *a, const void *b)
{
        int32_t x = ((const struct kx_partition *)a)->partition;
        int32_t y = ((const struct kx_partition *)b)->partition;

        return (x > y) - (x < y);
}

/* Live brokers from metadata; then every replica id (or broker seen up in an
 * earlier collection) that metadata no longer lists, as down. */
static void build_brokers(struct kx_collect_run *run, const struct rd_kafka_metadata *md)
{
        struct kx_snapshot *snap = run->snap;
        struct kx_collector *c = run->c;
        int32_t *ids = kx_xmalloc(sizeof(int32_t) * (size_t)(md->broker_cnt + c->known_cnt + 16));
        int id_cnt = 0, id_cap = md->broker_cnt + c->known_cnt + 16;
        int32_t *live = kx_xmalloc(sizeof(int32_t) * (size_t)(md->broker_cnt + 1));

        for (int i = 0; i < md->broker_cnt; i++) {
                live[i] = md->brokers[i].id;
                ids[id_cnt++] = md->brokers[i].id;
                remember_broker(c, md->brokers[i].id, md->brokers[i].host, md->brokers[i].port);
        }
        for (int i = 0; i < c->known_cnt; i++)
                if (!kx_ids_contain(ids, id_cnt, c->known[i].id))
                        ids[id_cnt++] = c->known[i].id;
        for (int t = 0; t < md->topic_cnt; t++) {
                for (int p = 0; p < md->topics[t].partition_cnt; p++) {
                        const rd_kafka_metadata_partition_t *mp = &md->topics[t].partitions[p];

                        for (int r = 0; r < mp->replica_cnt; r++) {
                                if (kx_ids_contain(ids, id_cnt, mp->replicas[r]))
                                        continue;
                                if (id_cnt == id_cap) {
                                        id_cap *= 2;
                                        ids = kx_xrealloc(ids, sizeof(int32_t) * (size_t)id_cap);
                                }
                                ids[id_cnt++] = mp->replicas[r];
                        }
                }
        }
        snap->brokers = kx_arena_alloc(&snap->arena, sizeof(*snap->brokers) * (size_t)(id_cnt + 1));
        for (int i = 0; i < id_cnt; i++) {
                struct kx_broker *b = &snap->brokers[i];

                b->id = ids[i];
                b->up = kx_ids_contain(live, md->broker_cnt, ids[i]);
                for (int k = 0; k < c->known_cnt; k++) {
                        if (c->known[k].id == ids[i]) {
                                b->host = kx_arena_strdup(&snap->arena, c->known[k].host);
                                b->port = c->known[k].port;
                        }
                }
        }
        snap->broker_cnt = id_cnt;
        qsort(snap->brokers, (size_t)id_cnt, sizeof(*snap->brokers), broker_cmp);
        free(ids);
        free(live);
}

static void build_topics(struct kx_collect_run *run, const struct rd_kafka_metadata *md)
{
        struct kx_snapshot *snap = run->snap;
        struct kx_arena *a = &snap->arena;

        snap->topics = kx_arena_alloc(a, sizeof(*snap->topics) * (size_t)(md->topic_cnt + 1));
        snap->topic_cnt = md->topic_cnt;
        for (int t = 0; t < md->topic_cnt; t++) {
                const rd_kafka_metadata_topic_t *mt = &md->topics[t];
                struct kx_topic *topic = &snap->topics[t];

                topic->name = kx_arena_strdup(a, mt->topic);
                topic->internal = mt->topic[0] == '_';
                topic->size_bytes = -1;   /* filled from log dirs when known */
                if (mt->err)
                        topic->error = rd_kafka_err2str(mt->err); /* static string */
                topic->partition_cnt = mt->partition_cnt;
                topic->partitions = kx_arena_alloc(a, sizeof(struct kx_partition) *
                                                              (size_t)(mt->partition_cnt + 1));
                for (int p = 0; p < mt->partition_cnt; p++) {
                        const rd_kafka_metadata_partition_t *mp = &mt->partitions[p];
                        struct kx_partition *part = &topic->partitions[p];
                        const struct kx_broker *leader;

                        part->partition = mp->id;
                        part->leader = mp->leader;
                        part->replicas = kx_arena_memdup(a, mp->replicas,
                                                         sizeof(int32_t) * (size_t)mp->replica_cnt);
                        part->replica_cnt = mp->replica_cnt;
                        part->isr = kx_arena_memdup(a, mp->isrs, sizeof(int32_t) * (size_t)mp->isr_cnt);
                        part->isr_cnt = mp->isr_cnt;
                        part->under_replicated = mp->isr_cnt < mp->replica_cnt;
                        leader = mp->leader >= 0 ? kx_snapshot_broker(snap, mp->leader) : NULL;
                        part->offline = !leader || !leader->up;
                        part->log_start_offset = KX_OFFSET_UNKNOWN;
                        part->high_watermark = KX_OFFSET_UNKNOWN;
                        if (part->offline)
                                part->error = "offline: no live leader";
                        else if (leader)
                                ((struct kx_broker *)leader)->leader_count++;
                }
                qsort(topic->partitions, (size_t)topic->partition_cnt, sizeof(struct kx_partition),
                      partition_cmp);
        }
        qsort(snap->topics, (size_t)snap->topic_cnt, sizeof(*snap->topics), topic_cmp);
}

/* Down brokers and offline partitions make the snapshot partial: their
 * offsets are unknown, and on-call must not read "0 lag" from a silence. */
static void report_unhealthy(struct kx_collect_run *run)
{
        const struct kx_snapshot *snap = run->snap;

        for (int i = 0; i < snap->broker_cnt; i++)
                if (!snap->brokers[i].up)
                        kx_collect_error(run, "brokers", "broker %d is down (not in metadata)",
                                         snap->brokers[i].id);
        for (int t = 0; t < snap->topic_cnt; t++) {
                const struct kx_topic *topic = &snap->topics[t];
                int offline = 0;

                if (topic->error)
                        kx_collect_error(run, "metadata", "topic %s: %s", topic->name, topic->error);
                for (int p = 0; p < topic->partition_cnt; p++)
                        offline += topic->partitions[p].offline;
                if (offline)
                        kx_collect_error(run, "partitions",
                                         "topic %s: %d of %d partition(s) offline (no live leader)",
                                         topic->name, offline, topic->partition_cnt);
        }
}

int kx_collect_metadata(struct kx_collect_run *run, struct kx_err *err)
{
        const struct rd_kafka_metadata *md = NULL;
        char *cluster_id;
        int rc = fetch_metadata(run->c, &md, err);

        if (rc)
                return rc;
        build_brokers(run, md);
        build_topics(run, md);
        report_unhealthy(run);
        rd_kafka_metadata_destroy(md);
        cluster_id = rd_kafka_clusterid(run->c->handles[0], 100);
        if (cluster_id) {
                run->snap->cluster_id = kx_arena_strdup(&run->snap->arena, cluster_id);
                rd_kafka_mem_free(run->c->handles[0], cluster_id);
        }
        return 0;
}
