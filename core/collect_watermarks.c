/* collect_watermarks.c - phase 2: log-start offsets and high watermarks.
 *
 * rd_kafka_offsets_for_times() batches one ListOffsets per leader, but it is
 * quadratic in the list size and one partition error can fail a whole call.
 * So partitions are grouped by leader into chunks of opts.chunk_size, the
 * chunks (x2: earliest and latest) run concurrently over the handle pool, and
 * a chunk that fails for a partition-level reason is retried per partition.
 * A chunk that fails because its leader is unreachable is not retried: that
 * would only multiply the timeout.
 */
#include "collect_internal.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdlib.h>

struct wm_ref {
        struct kx_partition *part;
        const char *topic;
        int32_t leader;
        bool queued;  /* already in the retry list (guarded by wm->lock) */
};

struct wm_chunk {
        size_t first, count;  /* range in refs[] */
};

struct wm_run {
        struct kx_collect_run *run;
        struct wm_ref *refs;
        struct wm_chunk *chunks;
        size_t chunk_cnt;
        struct wm_ref **retry;  /* partitions to query one at a time */
        size_t retry_cnt;
        pthread_mutex_t lock;
};

#define WM_EARLIEST (-2)
#define WM_LATEST   (-1)

static void store(struct wm_ref *ref, int64_t which, int64_t offset)
{
        if (which == WM_EARLIEST)
                ref->part->log_start_offset = offset;
        else
                ref->part->high_watermark = offset;
}

static bool leader_unreachable(rd_kafka_resp_err_t e)
{
        return e == RD_KAFKA_RESP_ERR__TIMED_OUT || e == RD_KAFKA_RESP_ERR__TRANSPORT ||
               e == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
}

static void queue_retry(struct wm_run *wm, struct wm_ref *ref)
{
        pthread_mutex_lock(&wm->lock);
        if (!ref->queued) {
                ref->queued = true;
                wm->retry[wm->retry_cnt++] = ref;
        }
        pthread_mutex_unlock(&wm->lock);
}

/* Query refs[first..first+count) for one kind of offset on handle rk.
 * Returns the call's top-level error. */
static rd_kafka_resp_err_t query(struct wm_run *wm, rd_kafka_t *rk, struct wm_ref **refs,
                                 size_t count, int64_t which, bool may_retry)
{
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new((int)count);
        rd_kafka_resp_err_t e;

        for (size_t i = 0; i < count; i++) {
                rd_kafka_topic_partition_t *tp =
                        rd_kafka_topic_partition_list_add(list, refs[i]->topic, refs[i]->part->partition);
                tp->offset = which;
                tp->opaque = refs[i];
        }
        e = rd_kafka_offsets_for_times(rk, list, wm->run->c->opts.timeout_ms);
        for (int i = 0; i < list->cnt; i++) {
                rd_kafka_topic_partition_t *tp = &list->elems[i];
                struct wm_ref *ref = tp->opaque;

                if (!e && !tp->err && tp->offset >= 0) {
                        store(ref, which, tp->offset);
                } else if (may_retry && !leader_unreachable(e)) {
                        queue_retry(wm, ref);
                } else {
                        ref->part->error = rd_kafka_err2str(e ? e : tp->err);
                }
        }
        rd_kafka_topic_partition_list_destroy(list);
        return e;
}

static void chunk_worker(size_t item, void *arg)
{
        struct wm_run *wm = arg;
        struct wm_chunk *ch = &wm->chunks[item / 2];
        int64_t which = item % 2 ? WM_LATEST : WM_EARLIEST;
        rd_kafka_t *rk = wm->run->c->handles[item % (size_t)wm->run->c->handle_cnt];
        struct wm_ref **refs = kx_xmalloc(sizeof(*refs) * ch->count);
        rd_kafka_resp_err_t e;

        for (size_t i = 0; i < ch->count; i++)
                refs[i] = &wm->refs[ch->first + i];
        e = query(wm, rk, refs, ch->count, which, true);
        if (e && leader_unreachable(e))
                kx_collect_error(wm->run, "offsets", "broker %d: %zu partitions: %s",
                                 refs[0]->leader, ch->count, rd_kafka_err2str(e));
        free(refs);
}

/* Retry, one partition per call, whichever offsets are still unknown. */
static void retry_worker(size_t item, void *arg)
{
        struct wm_run *wm = arg;
        struct wm_ref *ref = wm->retry[item];
        rd_kafka_t *rk = wm->run->c->handles[item % (size_t)wm->run->c->handle_cnt];

        if (ref->part->log_start_offset < 0)
                query(wm, rk, &ref, 1, WM_EARLIEST, false);
        if (ref->part->high_watermark < 0)
                query(wm, rk, &ref, 1, WM_LATEST, false);
}

static int ref_cmp(const void *a, const void *b)
{
        int32_t x = ((const struct wm_ref *)a)->leader, y = ((const struct wm_ref *)b)->leader;

        return (x > y) - (x < y);
}

void kx_collect_watermarks(struct kx_collect_run *run)
{
        struct kx_snapshot *snap = run->snap;
        struct wm_run wm = {.run = run};
        size_t n = 0, chunk = (size_t)run->c->opts.chunk_size;
        size_t failed = 0;

        for (int t = 0; t < snap->topic_cnt; t++)
                n += (size_t)snap->topics[t].partition_cnt;
        wm.refs = kx_xmalloc(sizeof(*wm.refs) * (n + 1));
        n = 0;
        for (int t = 0; t < snap->topic_cnt; t++) {
                for (int p = 0; p < snap->topics[t].partition_cnt; p++) {
                        struct kx_partition *part = &snap->topics[t].partitions[p];

                        if (part->offline)
                                continue;
                        wm.refs[n].part = part;
                        wm.refs[n].topic = snap->topics[t].name;
                        wm.refs[n].leader = part->leader;
                        wm.refs[n].queued = false;
                        n++;
                }
        }
        qsort(wm.refs, n, sizeof(*wm.refs), ref_cmp);
        /* Chunks never span two leaders. */
        wm.chunks = kx_xmalloc(sizeof(*wm.chunks) * (n + 1));
        for (size_t i = 0; i < n;) {
                size_t j = i;

                while (j < n && j - i < chunk && wm.refs[j].leader == wm.refs[i].leader)
                        j++;
                wm.chunks[wm.chunk_cnt].first = i;
                wm.chunks[wm.chunk_cnt].count = j - i;
                wm.chunk_cnt++;
                i = j;
        }
        wm.retry = kx_xmalloc(sizeof(*wm.retry) * (n + 1));
        pthread_mutex_init(&wm.lock, NULL);

        kx_parallel_for(wm.chunk_cnt * 2, run->c->handle_cnt * 2, chunk_worker, &wm);
        if (wm.retry_cnt)
                kx_parallel_for(wm.retry_cnt, run->c->handle_cnt * 2, retry_worker, &wm);
        for (size_t i = 0; i < n; i++)
                if (wm.refs[i].part->log_start_offset < 0 || wm.refs[i].part->high_watermark < 0)
                        failed++;
        if (failed && wm.retry_cnt)
                kx_collect_error(run, "offsets", "%zu partition(s) without offsets after retry",
                                 failed);
        pthread_mutex_destroy(&wm.lock);
        free(wm.retry);
        free(wm.chunks);
        free(wm.refs);
}
