/* oneshot.c - groups set up once, then left without members.
 *
 *   audit-archiver   joined, read to the end, committed, left: Empty, and
 *                    its commit stays put while audit logs keep arriving.
 *   ledger-backfill  committed offset 0, then the records before 500 were
 *                    deleted: its commit is behind the log-start offset.
 */
#include "traffic.h"
#include "../../../core/admin_batch.h"
#include "../../../core/kafka.h"

#include <string.h>

#define STALLED_SEED        100   /* records per partition */
#define STALLED_UNCOMMITTED 40    /* records per partition left after its commit */
#define STALLED_TIMEOUT_MS  60000
#define BACKFILL_SEED       1000
#define BACKFILL_DELETE_TO  500
#define ADMIN_TIMEOUT_MS    30000
#define MAX_PARTS           64

/* High watermarks of every partition of topic into hw[]. One synchronous
 * call per partition is fine for a topic of three; the collector must not
 * do this (see DESIGN.md). */
static int high_watermarks(const struct tr_ctx *ctx, enum tr_topic_id topic, int64_t *hw,
                           struct kx_err *err)
{
        for (int p = 0; p < ctx->partitions[topic]; p++) {
                int64_t lo;
                rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(
                        ctx->producer, tr_topics[topic].name, p, &lo, &hw[p], 10000);

                if (e)
                        return kx_err_set(err, KX_ERR_KAFKA, "%s[%d] watermarks: %s",
                                          tr_topics[topic].name, p, rd_kafka_err2str(e));
        }
        return 0;
}

struct progress {
        int parts;
        int64_t hw[MAX_PARTS];
        int64_t first[MAX_PARTS], last[MAX_PARTS];  /* consumed offsets; -1: none */
};

static bool read_to_end(const struct progress *pg)
{
        for (int p = 0; p < pg->parts; p++)
                if (pg->last[p] + 1 < pg->hw[p])
                        return false;
        return true;
}

/* Poll rk until every partition is read up to pg->hw, or time out. */
static int consume_to_end(rd_kafka_t *rk, struct progress *pg, struct kx_err *err)
{
        int64_t deadline = kx_mono_ms() + STALLED_TIMEOUT_MS;

        while (!read_to_end(pg)) {
                rd_kafka_message_t *m;

                if (tr_stopping())
                        return kx_err_set(err, KX_ERR_REFUSED, "interrupted during setup");
                if (kx_mono_ms() > deadline)
                        return kx_err_set(err, KX_ERR_TIMEOUT, "audit-archiver: did not read "
                                          "to the end within %d s", STALLED_TIMEOUT_MS / 1000);
                m = rd_kafka_consumer_poll(rk, 200);
                if (!m)
                        continue;
                if (!m->err && m->partition >= 0 && m->partition < pg->parts) {
                        if (pg->first[m->partition] < 0)
                                pg->first[m->partition] = m->offset;
                        pg->last[m->partition] = m->offset;
                }
                rd_kafka_message_destroy(m);
        }
        return 0;
}

/* Commit all but the last STALLED_UNCOMMITTED records read on each partition
 * (a crash just before its final commit), synchronously. */
static int commit_most(rd_kafka_t *rk, const struct progress *pg, struct kx_err *err)
{
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(pg->parts);
        rd_kafka_resp_err_t e;

        for (int p = 0; p < pg->parts; p++) {
                int64_t off = pg->last[p] + 1 - STALLED_UNCOMMITTED;

                if (pg->first[p] < 0)
                        continue;
                rd_kafka_topic_partition_list_add(list, tr_topics[TR_AUDIT].name, p)->offset =
                        off > pg->first[p] ? off : pg->first[p];
        }
        e = rd_kafka_commit(rk, list, 0);
        rd_kafka_topic_partition_list_destroy(list);
        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "audit-archiver: commit: %s",
                                  rd_kafka_err2str(e));
        return 0;
}

int tr_oneshot_stalled(const struct tr_ctx *ctx, struct kx_err *err)
{
        struct progress pg = {.parts = ctx->partitions[TR_AUDIT]};
        rd_kafka_topic_partition_list_t *sub;
        rd_kafka_t *rk;
        int rc;

        if (pg.parts > MAX_PARTS)
                return kx_err_set(err, KX_ERR_USAGE, "%s has more than %d partitions",
                                  tr_topics[TR_AUDIT].name, MAX_PARTS);
        for (int p = 0; p < pg.parts; p++)
                pg.first[p] = pg.last[p] = -1;
        rc = tr_produce_seed(ctx, TR_AUDIT, STALLED_SEED, err);
        if (!rc)
                rc = high_watermarks(ctx, TR_AUDIT, pg.hw, err);
        if (rc)
                return rc;
        rk = tr_consumer_new(ctx->opts, "audit-archiver", "archiver-0", err);
        if (!rk)
                return err->code;
        sub = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(sub, tr_topics[TR_AUDIT].name, RD_KAFKA_PARTITION_UA);
        if (rd_kafka_subscribe(rk, sub))
                rc = kx_err_set(err, KX_ERR_KAFKA, "audit-archiver: subscribe failed");
        rd_kafka_topic_partition_list_destroy(sub);
        if (!rc)
                rc = consume_to_end(rk, &pg, err);
        if (!rc)
                rc = commit_most(rk, &pg, err);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        return rc;
}

/* ---- ledger-backfill ---- */

/* Commit offset 0 on every partition of the retention topic from a consumer
 * that never joins: the group exists with offsets and no members. */
static int commit_zero(const struct tr_ctx *ctx, struct kx_err *err)
{
        rd_kafka_t *rk = tr_consumer_new(ctx->opts, "ledger-backfill", "backfill-0", err);
        rd_kafka_topic_partition_list_t *list;
        rd_kafka_resp_err_t e;

        if (!rk)
                return err->code;
        list = rd_kafka_topic_partition_list_new(ctx->partitions[TR_RETENTION]);
        for (int p = 0; p < ctx->partitions[TR_RETENTION]; p++)
                rd_kafka_topic_partition_list_add(list, tr_topics[TR_RETENTION].name, p)->offset = 0;
        e = rd_kafka_commit(rk, list, 0);
        rd_kafka_topic_partition_list_destroy(list);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        if (e)
                return kx_err_set(err, KX_ERR_KAFKA, "ledger-backfill: commit: %s",
                                  rd_kafka_err2str(e));
        return 0;
}

struct delete_ctx {
        const struct tr_ctx *ctx;
        struct kx_err *err;
        int rc;
};

static void delete_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct delete_ctx *dc = arg;
        int parts = dc->ctx->partitions[TR_RETENTION];
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(parts);
        rd_kafka_DeleteRecords_t *del;

        (void)item;
        (void)retry;
        for (int p = 0; p < parts; p++)
                rd_kafka_topic_partition_list_add(list, tr_topics[TR_RETENTION].name, p)->offset =
                        BACKFILL_DELETE_TO;
        del = rd_kafka_DeleteRecords_new(list);
        rd_kafka_topic_partition_list_destroy(list);
        rd_kafka_DeleteRecords(rk, &del, 1, opts, q);
        rd_kafka_DeleteRecords_destroy(del);
}

static enum kx_admin_verdict delete_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct delete_ctx *dc = arg;
        const rd_kafka_DeleteRecords_result_t *res = rd_kafka_event_DeleteRecords_result(ev);
        const rd_kafka_topic_partition_list_t *offs;

        (void)item;
        if (rd_kafka_event_error(ev) || !res) {
                dc->rc = kx_err_set(dc->err, KX_ERR_KAFKA, "DeleteRecords: %s",
                                    rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        offs = rd_kafka_DeleteRecords_result_offsets(res);
        for (int i = 0; i < offs->cnt && !dc->rc; i++)
                if (offs->elems[i].err)
                        dc->rc = kx_err_set(dc->err, KX_ERR_KAFKA, "DeleteRecords %s[%d]: %s",
                                            offs->elems[i].topic, offs->elems[i].partition,
                                            rd_kafka_err2str(offs->elems[i].err));
        return KX_ADMIN_DONE;
}

int tr_oneshot_behind_retention(const struct tr_ctx *ctx, struct kx_err *err)
{
        struct delete_ctx dc = {.ctx = ctx, .err = err};
        rd_kafka_t *rk = ctx->producer;
        struct kx_admin_batch batch = {
                .handles = &rk,
                .handle_cnt = 1,
                .op = RD_KAFKA_ADMIN_OP_DELETERECORDS,
                .timeout_ms = ADMIN_TIMEOUT_MS,
                .max_inflight = 1,
                .issue = delete_issue,
                .result = delete_result,
                .ctx = &dc,
        };
        int rc = tr_produce_seed(ctx, TR_RETENTION, BACKFILL_SEED, err);

        if (!rc)
                rc = commit_zero(ctx, err);
        if (rc)
                return rc;
        kx_admin_batch_run(&batch, 1);
        return dc.rc;
}
