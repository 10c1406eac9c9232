/* probe.c - the canary probe's loop (see probe.h). */
#include "probe_internal.h"
#include "xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_MAGIC "klaxon-probe/1"

void kx_probe_opts_default(struct kx_probe_opts *o)
{
        memset(o, 0, sizeof(*o));
        o->topic = KX_PROBE_TOPIC;
        o->interval_ms = 1000;
        o->bucket_ms = 60000;
        o->timeout_ms = 5000;
        o->produce = o->consume = o->create = true;
        o->slow_ms = 500;
        o->compact_after_ms = 2LL * 24 * 3600 * 1000;
}

#define COMPACT_EVERY_MS (3600LL * 1000)

/* Downsample old buckets (any topic). A failure is logged, not fatal: the
 * buckets are intact and the next hour tries again. */
static void compact(struct kx_probe *p)
{
        struct kx_err e;
        int removed;

        if (kx_probe_store_compact(p->store, kx_now_ms() - p->opts->compact_after_ms, COMPACT_EVERY_MS,
                                   &removed, &e)) {
                kx_logbuf_add(p->lb, 4, "probe: compacting old buckets: %s", e.msg);
                return;
        }
        if (removed && p->opts->progress) {
                fprintf(p->opts->progress, "probe: compacted old buckets into hourly rows (%d row(s) fewer)\n",
                        removed);
                fflush(p->opts->progress);
        }
}

int kx_probe_msg_format(char *buf, size_t size, const char *id, int32_t partition, int64_t seq,
                        int64_t ts_ms)
{
        return snprintf(buf, size, MSG_MAGIC " %s %" PRId32 " %" PRId64 " %" PRId64, id, partition,
                        seq, ts_ms);
}

bool kx_probe_msg_parse(const void *payload, size_t len, char *id, size_t idsize,
                        int32_t *partition, int64_t *seq, int64_t *ts_ms)
{
        char text[128], idbuf[64];
        int used = 0;

        if (!payload || len >= sizeof(text) || len < sizeof(MSG_MAGIC))
                return false;
        memcpy(text, payload, len);
        text[len] = '\0';
        if (sscanf(text, MSG_MAGIC " %63s %" SCNd32 " %" SCNd64 " %" SCNd64 "%n", idbuf, partition,
                   seq, ts_ms, &used) != 4 || (size_t)used != len || *seq < 0)
                return false;
        if (strlen(idbuf) >= idsize)
                return false;
        memcpy(id, idbuf, strlen(idbuf) + 1);
        return true;
}

static void bucket_reset(struct kx_probe *p, int64_t now)
{
        int64_t w = p->opts->bucket_ms;

        memset(&p->cur, 0, sizeof(p->cur));
        p->cur.start_ms = now / w * w;
        p->cur.width_ms = w;
}

static void db_error(struct kx_probe *p, const struct kx_err *e)
{
        if (!p->db_err.code)
                p->db_err = *e;
}

/* Write the bucket and the resume state; start a new bucket at now. */
static void flush(struct kx_probe *p, int64_t now)
{
        struct kx_err e;
        const struct kx_probe_bucket *b = &p->cur;

        if (kx_probe_store_add(p->store, p->opts->topic, b, &e) ||
            kx_probe_state_save(p->store, p->opts->topic, p->ps, p->part_cnt, &e))
                db_error(p, &e);
        if (p->opts->progress) {
                fprintf(p->opts->progress,
                        "probe: bucket %" PRId64 " attempts=%" PRId64 " ok=%" PRId64 " failed=%" PRId64
                        " received=%" PRId64 " lost=%" PRId64 " dup=%" PRId64 " slow=%" PRId64
                        " p99=%.0fms brokers_up=%" PRId64 " brokers_down=%" PRId64 "\n",
                        b->start_ms, b->attempts, b->successes, b->failures, b->received, b->lost,
                        b->duplicates, b->slow, kx_hist_quantile(&b->hist, 0.99), b->broker_up,
                        b->broker_down);
                fflush(p->opts->progress);
        }
        bucket_reset(p, now);
}

void kx_probe_on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
        struct kx_probe *p = msg->_private;
        char id[32];
        int32_t part;
        int64_t seq, ts;
        struct kx_err e;

        (void)rk, (void)opaque;
        if (!p || !kx_probe_msg_parse(msg->payload, msg->len, id, sizeof(id), &part, &seq, &ts) ||
            part < 0 || part >= p->part_cnt)
                return;
        if (msg->err) {
                p->cur.failures++;
                kx_probe_metrics_add(p->opts->metrics, KX_PM_FAILURES, 1);
                kx_logbuf_add(p->lb, 4, "probe: produce to %s [%d] seq %" PRId64 " failed: %s",
                              p->opts->topic, part, seq, rd_kafka_err2str(msg->err));
                if (kx_probe_failed_add(p->store, p->opts->topic, part, seq, &e))
                        db_error(p, &e);
                return;
        }
        p->cur.successes++;
        kx_probe_metrics_add(p->opts->metrics, KX_PM_SUCCESSES, 1);
        if (seq > p->acked_max[part])
                p->acked_max[part] = seq;
}

static void produce_round(struct kx_probe *p, int64_t now)
{
        char buf[128];
        struct kx_err e;

        for (int i = 0; i < p->part_cnt; i++) {
                int64_t seq = p->ps[i].next_seq++;
                int n = kx_probe_msg_format(buf, sizeof(buf), p->id, i, seq, now);
                rd_kafka_resp_err_t err = rd_kafka_producev(
                        p->producer, RD_KAFKA_V_TOPIC(p->opts->topic), RD_KAFKA_V_PARTITION(i),
                        RD_KAFKA_V_VALUE(buf, (size_t)n), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                        RD_KAFKA_V_OPAQUE(p), RD_KAFKA_V_END);

                p->cur.attempts++;
                kx_probe_metrics_add(p->opts->metrics, KX_PM_ATTEMPTS, 1);
                if (err) {
                        p->cur.failures++;
                        kx_probe_metrics_add(p->opts->metrics, KX_PM_FAILURES, 1);
                        if (kx_probe_failed_add(p->store, p->opts->topic, i, seq, &e))
                                db_error(p, &e);
                }
        }
}

/* One message consumed back: order, gaps, duplicates, latency. */
static void on_message(struct kx_probe *p, const rd_kafka_message_t *m, int64_t now)
{
        struct kx_probe_pstate *ps;
        char id[32];
        int32_t part;
        int64_t seq, ts, forgiven;
        struct kx_err e;

        if (m->partition < 0 || m->partition >= p->part_cnt)
                return;
        ps = &p->ps[m->partition];
        ps->next_offset = m->offset + 1;
        if (!kx_probe_msg_parse(m->payload, m->len, id, sizeof(id), &part, &seq, &ts) ||
            strcmp(id, p->id) || part != m->partition)
                return;     /* another probe's message, or not a probe message */
        /* Latency of what was produced before the first message came back
         * measures connection set-up and the first fetch, not the cluster:
         * those messages count, untimed. */
        if (p->first_timed[part] < 0)
                p->first_timed[part] = p->opts->produce && p->ps[part].next_seq > seq + 1
                                               ? p->ps[part].next_seq : seq + 1;
        else if (seq >= p->first_timed[part]) {
                p->cur.delivered++;
                kx_hist_add(&p->cur.hist, (double)(now - ts));
                kx_probe_metrics_observe(p->opts->metrics, (double)(now - ts));
                if (now - ts > p->opts->slow_ms)
                        p->cur.slow++;
        }
        if (seq < ps->expect_seq) {
                p->cur.duplicates++;
                kx_probe_metrics_add(p->opts->metrics, KX_PM_DUPLICATES, 1);
                return;
        }
        if (seq > ps->expect_seq) {
                forgiven = kx_probe_failed_take(p->store, p->opts->topic, part, ps->expect_seq, seq, &e);
                if (forgiven < 0) {
                        db_error(p, &e);
                        forgiven = 0;
                }
                p->cur.lost += seq - ps->expect_seq - forgiven;
                if (seq - ps->expect_seq - forgiven > 0)
                        kx_probe_metrics_add(p->opts->metrics, KX_PM_LOST,
                                             (uint64_t)(seq - ps->expect_seq - forgiven));
                if (seq - ps->expect_seq - forgiven > 0)
                        kx_logbuf_add(p->lb, 4, "probe: %s [%d] lost %" PRId64 " message(s) before seq %" PRId64,
                                      p->opts->topic, part, seq - ps->expect_seq - forgiven, seq);
        }
        p->cur.received++;
        kx_probe_metrics_add(p->opts->metrics, KX_PM_CONSUMED, 1);
        ps->expect_seq = seq + 1;
}

static void consume_for(struct kx_probe *p, int wait_ms)
{
        int64_t until = kx_mono_ms() + wait_ms;

        do {
                int64_t left = until - kx_mono_ms();
                rd_kafka_message_t *m = rd_kafka_consumer_poll(p->rk, left < 0 ? 0 : left > 50 ? 50 : (int)left);

                if (p->producer)
                        rd_kafka_poll(p->producer, 0);
                if (!m)
                        continue;
                if (!m->err)
                        on_message(p, m, kx_now_ms());
                else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                        kx_logbuf_add(p->lb, 4, "probe: consume: %s", rd_kafka_message_errstr(m));
                rd_kafka_message_destroy(m);
        } while (kx_mono_ms() < until && !*p->opts->stop);
}

static void remember_broker(struct kx_probe *p, int32_t id)
{
        for (int i = 0; i < p->broker_cnt; i++)
                if (p->brokers[i] == id)
                        return;
        p->brokers = kx_xrealloc(p->brokers, sizeof(int32_t) * (size_t)(p->broker_cnt + 1));
        p->brokers[p->broker_cnt++] = id;
}

/* One up/down sample per broker: up if metadata lists it; known brokers
 * are every broker ever listed and every replica of the canary topic. */
static void sample_brokers(struct kx_probe *p)
{
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(p->rk, p->opts->topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e = rd_kafka_metadata(p->rk, 0, rkt, &md, 2000);

        rd_kafka_topic_destroy(rkt);
        if (e) {
                p->cur.broker_down += p->broker_cnt;
                return;
        }
        for (int i = 0; i < md->broker_cnt; i++)
                remember_broker(p, md->brokers[i].id);
        for (int t = 0; t < md->topic_cnt; t++)
                for (int i = 0; i < md->topics[t].partition_cnt; i++)
                        for (int r = 0; r < md->topics[t].partitions[i].replica_cnt; r++)
                                remember_broker(p, md->topics[t].partitions[i].replicas[r]);
        for (int i = 0; i < p->broker_cnt; i++) {
                bool up = false;

                for (int k = 0; k < md->broker_cnt; k++)
                        up |= md->brokers[k].id == p->brokers[i];
                if (up)
                        p->cur.broker_up++;
                else
                        p->cur.broker_down++;
        }
        rd_kafka_metadata_destroy(md);
}

/* True once every partition was consumed up to its high watermark. */
static bool caught_up(struct kx_probe *p)
{
        for (int i = 0; i < p->part_cnt; i++) {
                int64_t lo, hi;

                if (p->acked_max[i] >= p->ps[i].expect_seq)
                        return false;
                if (rd_kafka_get_watermark_offsets(p->rk, p->opts->topic, i, &lo, &hi) == 0 &&
                    hi > p->ps[i].next_offset && p->ps[i].next_offset >= 0)
                        return false;
        }
        return true;
}

/* After the last round: deliver what is queued, then read it back. */
static void drain(struct kx_probe *p)
{
        int64_t deadline = kx_mono_ms() + p->opts->timeout_ms + 2000;

        if (p->producer)
                rd_kafka_flush(p->producer, p->opts->timeout_ms + 1000);
        while (p->opts->consume && !*p->opts->stop && kx_mono_ms() < deadline) {
                consume_for(p, 100);
                if (caught_up(p))
                        break;
        }
}

int kx_probe_run(const struct kx_config *cfg, const struct kx_probe_opts *opts,
                 struct kx_store *store, struct kx_logbuf *lb, struct kx_err *err)
{
        struct kx_probe p = {.opts = opts, .store = store, .lb = lb};
        int64_t started = kx_mono_ms(), next_round = started, next_compact = started;
        long rounds = 0;
        int rc;

        kx_err_clear(&p.db_err);
        kx_probe_config(&p, cfg);
        bucket_reset(&p, kx_now_ms());
        rc = kx_probe_setup(&p, err);
        {       /* the console shows why the probe is not running */
                char last[400];
                struct kx_err e;

                snprintf(last, sizeof(last), "%s", rc ? err->msg : "");
                kx_probe_meta_set(store, "last_error", last, &e);
        }
        if (opts->progress && !rc)
                fprintf(opts->progress, "probe: %s, %d partition(s), probe id %s\n", opts->topic,
                        p.part_cnt, p.id);
        while (!rc && !*opts->stop) {
                int64_t mono = kx_mono_ms(), now = kx_now_ms();

                if ((opts->rounds && rounds >= opts->rounds) ||
                    (opts->duration_ms && mono - started >= opts->duration_ms))
                        break;
                if (now >= p.cur.start_ms + p.cur.width_ms || now < p.cur.start_ms)
                        flush(&p, now);
                if (opts->compact_after_ms > 0 && mono >= next_compact) {
                        compact(&p);
                        next_compact = mono + COMPACT_EVERY_MS;
                }
                if (mono >= next_round) {
                        sample_brokers(&p);
                        if (opts->produce)
                                produce_round(&p, now);
                        rounds++;
                        next_round += opts->interval_ms;
                        if (next_round < mono)   /* fell behind (a stall): skip, don't burst */
                                next_round = mono + opts->interval_ms;
                }
                if (opts->consume)
                        consume_for(&p, (int)(next_round - kx_mono_ms() > 0 ? next_round - kx_mono_ms() : 0));
                else
                        rd_kafka_poll(p.producer, (int)(next_round - mono > 0 ? next_round - mono : 0));
        }
        if (!rc) {
                drain(&p);
                flush(&p, kx_now_ms());
                if (p.db_err.code) {
                        *err = p.db_err;
                        rc = p.db_err.code;
                }
        }
        kx_probe_teardown(&p);
        return rc;
}
