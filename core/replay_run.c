/* replay_run.c - the replay loop: read by assignment, filter, throttle,
 * produce, tick (checkpoint, progress, paused or not, cancel). */
#include "replay_run.h"
#include "job_store.h"
#include "replay_internal.h"
#include "replay_tail.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cfg with our defaults under the user's own properties. */
static void cfg_with(struct kx_config *out, const struct kx_config *in, const char *const (*defs)[2],
                     size_t n)
{
        kx_config_init(out);
        kx_config_set_str(&out->bootstrap, in->bootstrap);
        for (size_t i = 0; i < n; i++)
                kx_config_set_prop(out, defs[i][0], defs[i][1], "replay default");
        for (size_t i = 0; i < in->prop_cnt; i++)
                kx_config_set_prop(out, in->props[i].key, in->props[i].value, in->props[i].origin);
}

/* The produce call's opaque is the source message itself, kept until here
 * so its payload is never copied; the handle's opaque is run->lb, which
 * leads back to the run. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
        struct kx_replay_state *run =
                (struct kx_replay_state *)(void *)((char *)opaque - offsetof(struct kx_replay_state, lb));
        rd_kafka_message_t *src = m->_private;
        struct kx_replay_range_state *rs = kx_replay_range_of(run, src->partition);

        (void)rk;
        run->activity++;
        if (rs)
                rs->inflight--;
        if (m->err) {
                if (!run->delivery_error[0])
                        snprintf(run->delivery_error, sizeof(run->delivery_error),
                                 "delivery to %s[%d] failed: %s", run->spec.target_topic,
                                 m->partition, rd_kafka_err2str(m->err));
        } else if (rs && !run->delivery_error[0]) {
                rs->written++;
                rs->dr_next = src->offset + 1;
                rs->scan_from = m->offset + 1;
        }
        rd_kafka_message_destroy(src);
}

/* librdkafka said all brokers are down within the last 5 s. */
static bool all_down(struct kx_logbuf *lb)
{
        int64_t at;

        pthread_mutex_lock(&lb->lock);
        at = lb->all_down_ms;
        pthread_mutex_unlock(&lb->lock);
        return at && kx_now_ms() - at < 5000;
}

/* Connect the producer and learn the target's metadata before reading:
 * otherwise the first second of records queues up while the idempotent
 * producer gets its producer id. */
static int warm_up(struct kx_replay_state *run, struct kx_err *err)
{
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(run->producer, run->spec.target_topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e = rd_kafka_metadata(run->producer, 0, rkt, &md, 30000);

        if (md)
                rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(rkt);
        if (e)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "metadata for %s: %s",
                                  run->spec.target_topic, rd_kafka_err2str(e));
        return 0;
}

static int open_clients(struct kx_replay_state *run, const struct kx_config *cfg, struct kx_err *err)
{
        static const char *const reader_defs[][2] = {
                {"enable.partition.eof", "true"},
                {"auto.offset.reset", "error"}, /* records deleted under us must not be skipped */
                {"fetch.wait.max.ms", "100"},
        };
        static const char *const producer_defs[][2] = {
                {"acks", "all"},
                {"linger.ms", "20"},
                {"batch.num.messages", "10000"},
                {"queue.buffering.max.messages", "200000"}, /* each holds its source fetch buffer */
                {"queue.buffering.max.kbytes", "262144"},
                {"message.timeout.ms", "0"}, /* a lost broker pauses, never drops */
        };
        struct kx_config rc_cfg, pc_cfg;
        char group[64];

        snprintf(group, sizeof(group), "klaxon-replay-%s", run->id);
        cfg_with(&rc_cfg, cfg, reader_defs, sizeof(reader_defs) / sizeof(reader_defs[0]));
        cfg_with(&pc_cfg, cfg, producer_defs, sizeof(producer_defs) / sizeof(producer_defs[0]));
        run->reader = kx_kafka_new(&rc_cfg, &run->lb, "klaxon-replay", group, err);
        if (run->reader)
                run->producer = kx_kafka_producer_new_dr(&pc_cfg, &run->lb, "klaxon-replay",
                                                         on_delivery, err);
        kx_config_done(&rc_cfg);
        kx_config_done(&pc_cfg);
        return run->reader && run->producer ? warm_up(run, err) : err->code;
}

static void set_state(struct kx_replay_state *run, bool paused)
{
        char why[300] = "";
        struct kx_err e;

        if (paused == run->paused)
                return;
        run->paused = paused;
        if (paused) {
                kx_logbuf_last_error(&run->lb, why, sizeof(why));
                if (!why[0])
                        snprintf(why, sizeof(why), "%s", run->source_error);
        }
        kx_job_set_state(run->store, run->id, paused ? "paused" : "running",
                         paused ? why : NULL, -1, &e);
}

/* Once a second: checkpoint, progress, cancel requests, paused or not. */
static void tick(struct kx_replay_state *run, kx_replay_progress_fn progress, void *arg)
{
        int64_t now = kx_mono_ms(), read = kx_replay_read_so_far(run), written = 0;
        char state[16] = "";
        struct kx_err e;

        if (now - run->tick_ms < 1000)
                return;
        run->rate = (double)(read - run->read_at_tick) * 1000.0 / (double)(now - run->tick_ms);
        run->tick_ms = now;
        run->read_at_tick = read;
        kx_replay_save_progress(run, &e);
        if (!kx_job_state(run->store, run->id, state, sizeof(state), &e) &&
            !strcmp(state, "cancelling"))
                run->cancel = true;
        if (run->activity != run->activity_at_tick) {
                run->activity_at_tick = run->activity;
                run->last_activity_ms = now;
        }
        set_state(run, now - run->last_activity_ms > 3000 && now - run->last_trouble_ms < 10000);
        for (int i = 0; i < run->plan.range_cnt; i++)
                written += run->rs[i].written;
        if (progress) {
                struct kx_replay_progress p = {kx_replay_plan_total(&run->plan), read, written,
                                               run->rate, run->paused ? "paused" : "running"};

                progress(&p, arg);
        }
}

static void range_done(struct kx_replay_state *run, struct kx_replay_range_state *rs)
{
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);

        rs->done = true;
        rd_kafka_topic_partition_list_add(l, run->spec.topic, rs->r.partition);
        rd_kafka_pause_partitions(run->reader, l);
        rd_kafka_topic_partition_list_destroy(l);
}

static void throttle(struct kx_replay_state *run, size_t bytes)
{
        int64_t now;

        if (run->msgs.rate <= 0 && run->bytes.rate <= 0)
                return;
        now = kx_mono_ms();
        int64_t a = kx_bucket_take(&run->msgs, 1, now);
        int64_t b = kx_bucket_take(&run->bytes, (double)bytes, now);
        int64_t until = now + (a > b ? a : b);

        while ((now = kx_mono_ms()) < until)
                rd_kafka_poll(run->producer, (int)(until - now < 100 ? until - now : 100));
}

/* Produce record m to the target; on success the producer holds m (its
 * payload is sent without a copy) until on_delivery destroys it. */
static int produce(struct kx_replay_state *run, struct kx_replay_range_state *rs, rd_kafka_message_t *m,
                   bool *taken,
                   struct kx_err *err)
{
        rd_kafka_headers_t *src = NULL, *h;
        int64_t ts = run->spec.keep_timestamps ? rd_kafka_message_timestamp(m, NULL) : 0;
        rd_kafka_resp_err_t e;

        h = !rd_kafka_message_headers(m, &src) ? rd_kafka_headers_copy(src) : rd_kafka_headers_new(4);
        kx_replay_headers_add(h, run->id, run->spec.topic, m->partition, m->offset);
        throttle(run, m->len + m->key_len);
        while ((e = rd_kafka_producev(run->producer, RD_KAFKA_V_TOPIC(run->spec.target_topic),
                                      RD_KAFKA_V_PARTITION(rs->r.target_partition),
                                      RD_KAFKA_V_VALUE(m->payload, m->len),
                                      RD_KAFKA_V_KEY(m->key, m->key_len), RD_KAFKA_V_HEADERS(h),
                                      RD_KAFKA_V_TIMESTAMP(ts > 0 ? ts : 0), RD_KAFKA_V_OPAQUE(m),
                                      RD_KAFKA_V_END)) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                rd_kafka_poll(run->producer, 50);
        if (e) {
                rd_kafka_headers_destroy(h);
                return kx_err_set(err, KX_ERR_KAFKA, "produce to %s[%d]: %s", run->spec.target_topic,
                                  rs->r.target_partition, rd_kafka_err2str(e));
        }
        rs->inflight++;
        *taken = true;
        return 0;
}

static int on_record(struct kx_replay_state *run, rd_kafka_message_t *m, bool *taken, struct kx_err *err)
{
        struct kx_replay_range_state *rs = kx_replay_range_of(run, m->partition);

        if (!rs || rs->done)
                return 0;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                range_done(run, rs);
                return 0;
        }
        if (m->offset >= rs->r.to_offset) {
                range_done(run, rs);
                return 0;
        }
        rs->next_read = m->offset + 1;
        if (kx_replay_key_match(&run->keys, m->key, m->key_len)) {
                rs->matched++;
                if (m->offset <= rs->skip_through) {
                        rs->written++; /* already in the target: an earlier run wrote it */
                        rs->dr_next = rs->next_read;
                } else if (produce(run, rs, m, taken, err)) {
                        return err->code;
                }
        }
        if (rs->next_read >= rs->r.to_offset)
                range_done(run, rs);
        return 0;
}

static int assign_source(struct kx_replay_state *run, int *left)
{
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(run->plan.range_cnt);
        rd_kafka_resp_err_t e = 0;

        *left = 0;
        for (int i = 0; i < run->plan.range_cnt; i++) {
                struct kx_replay_range_state *rs = &run->rs[i];

                if (rs->next_read >= rs->r.to_offset) {
                        rs->done = true;
                        continue;
                }
                rd_kafka_topic_partition_list_add(l, run->spec.topic, rs->r.partition)->offset =
                        rs->next_read;
                (*left)++;
        }
        if (*left)
                e = rd_kafka_assign(run->reader, l);
        rd_kafka_topic_partition_list_destroy(l);
        return e ? -1 : 0;
}

/* One message from the source: a record, or an error worth knowing. */
static int on_message(struct kx_replay_state *run, rd_kafka_message_t *m, bool *taken,
                      struct kx_err *err)
{
        if (!m->err || m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                run->activity++;
                return on_record(run, m, taken, err);
        }
        snprintf(run->source_error, sizeof(run->source_error), "%s", rd_kafka_message_errstr(m));
        run->last_trouble_ms = kx_mono_ms();
        if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET ||
            m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)
                return kx_err_set(err, KX_ERR_KAFKA, "%s[%d]: records were deleted under the replay: %s",
                                  run->spec.topic, m->partition, run->source_error);
        return 0;
}

#define BATCH 1000

/* Read and produce until every range is done (or stop/cancel/error). The
 * source is read in batches straight off the consumer queue. */
static int loop(struct kx_replay_state *run, kx_replay_progress_fn progress, void *arg,
                volatile sig_atomic_t *stop, struct kx_err *err)
{
        rd_kafka_queue_t *q;
        rd_kafka_message_t **batch;
        int left, rc = 0;

        if (assign_source(run, &left))
                return kx_err_set(err, KX_ERR_KAFKA, "assign %s failed", run->spec.topic);
        q = rd_kafka_queue_get_consumer(run->reader);
        batch = kx_xcalloc(BATCH, sizeof(*batch));
        while (!rc && !kx_replay_all_done(run) && !(stop && *stop) && !run->cancel &&
               !run->delivery_error[0]) {
                ssize_t n = rd_kafka_consume_batch_queue(q, 100, batch, BATCH);

                for (ssize_t i = 0; i < n; i++) {
                        bool taken = false;

                        if (!rc)
                                rc = on_message(run, batch[i], &taken, err);
                        if (!taken)
                                rd_kafka_message_destroy(batch[i]);
                        if (run->msgs.rate > 0 || run->bytes.rate > 0)
                                tick(run, progress, arg); /* a throttled batch takes long */
                }
                if (all_down(&run->lb))
                        run->last_trouble_ms = kx_mono_ms();
                rd_kafka_poll(run->producer, 0);
                tick(run, progress, arg);
        }
        free(batch);
        rd_kafka_queue_destroy(q);
        rd_kafka_assign(run->reader, NULL);
        /* Deliver what is in flight, however long a lost broker takes. */
        int64_t stop_at = kx_mono_ms();

        while (rd_kafka_outq_len(run->producer) > 0 && !run->delivery_error[0]) {
                if ((stop && *stop) && kx_mono_ms() - stop_at > 30000) {
                        rd_kafka_purge(run->producer,
                                       RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
                        rd_kafka_flush(run->producer, 1000);
                        break;
                }
                rd_kafka_poll(run->producer, 100);
                if (all_down(&run->lb))
                        run->last_trouble_ms = kx_mono_ms();
                tick(run, progress, arg);
                if (rd_kafka_fatal_error(run->producer, NULL, 0))
                        break;
        }
        return rc;
}

int kx_replay_run(const struct kx_config *cfg, struct kx_store *store, const char *id,
                  kx_replay_progress_fn progress, void *arg, volatile sig_atomic_t *stop,
                  struct kx_err *err)
{
        struct kx_replay_state run = {.id = id, .store = store};
        struct kx_err e;
        int rc;

        kx_replay_spec_init(&run.spec);
        kx_logbuf_init(&run.lb);
        kx_strmap_init(&run.keys);
        if (cfg->read_only) /* writing to the target is a mutation, whoever asks */
                rc = kx_err_set(err, KX_ERR_READ_ONLY, "read-only mode: replay job %s refused", id);
        else
                rc = kx_replay_load(&run, err);
        if (rc)
                goto out;
        kx_strmap_done(&run.keys);
        kx_replay_key_set(&run.spec, &run.keys);
        kx_bucket_init(&run.msgs, run.spec.rate, kx_mono_ms());
        kx_bucket_init(&run.bytes, run.spec.bytes_rate, kx_mono_ms());
        run.tick_ms = run.last_activity_ms = kx_mono_ms();
        /* Checkpoints need no fsync each: the target's tail is the truth after a crash. */
        kx_store_exec(store, "PRAGMA synchronous=NORMAL", &e);
        kx_job_set_state(store, id, "running", NULL, getpid(), &e);
        rc = open_clients(&run, cfg, err);
        if (!rc)
                rc = kx_replay_resume_point(&run, err);
        if (!rc)
                run.read_at_tick = kx_replay_read_so_far(&run);
        if (!rc)
                rc = loop(&run, progress, arg, stop, err);
        if (run.rs)
                rc = kx_replay_finish(cfg, &run, rc, stop, err);
        else
                kx_job_finish(store, id, "failed", err->msg, NULL, &e);
out:
        if (run.producer) { /* first: its delivery reports free the source messages it holds */
                rd_kafka_purge(run.producer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
                rd_kafka_flush(run.producer, 5000);
                rd_kafka_destroy(run.producer);
        }
        if (run.reader) {
                rd_kafka_consumer_close(run.reader);
                rd_kafka_destroy(run.reader);
        }
        free(run.rs);
        kx_strmap_done(&run.keys);
        kx_replay_plan_done(&run.plan);
        kx_replay_spec_done(&run.spec);
        kx_logbuf_done(&run.lb);
        return rc;
}
