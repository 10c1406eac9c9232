/* admin_batch.c - concurrent admin calls matched by opaque. */
#include "admin_batch.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>

struct batch_run {
        const struct kx_admin_batch *batch;
        size_t n;
        bool *retried;
};

static void issue_one(const struct kx_admin_batch *b, rd_kafka_t *rk, rd_kafka_queue_t *q,
                      size_t item, bool retry)
{
        char errstr[256];
        rd_kafka_AdminOptions_t *opts = rd_kafka_AdminOptions_new(rk, b->op);

        rd_kafka_AdminOptions_set_request_timeout(opts, b->timeout_ms, errstr, sizeof(errstr));
        rd_kafka_AdminOptions_set_opaque(opts, (void *)(uintptr_t)(item + 1));
        b->issue(rk, item, retry, opts, q, b->ctx);
        rd_kafka_AdminOptions_destroy(opts);
}

/* Worker for one handle: keep up to max_inflight of its items in flight. */
static void batch_handle_worker(size_t h, void *arg)
{
        struct batch_run *run = arg;
        const struct kx_admin_batch *b = run->batch;
        rd_kafka_t *rk = b->handles[h];
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        size_t step = (size_t)b->handle_cnt;
        size_t next = h, inflight = 0;

        while (next < run->n || inflight > 0) {
                rd_kafka_event_t *ev;
                size_t item;

                while (next < run->n && inflight < (size_t)b->max_inflight) {
                        issue_one(b, rk, q, next, false);
                        next += step;
                        inflight++;
                }
                ev = rd_kafka_queue_poll(q, 200);
                if (!ev)
                        continue;
                item = (size_t)(uintptr_t)rd_kafka_event_opaque(ev) - 1;
                if (item >= run->n) { /* not ours: a log or error event */
                        rd_kafka_event_destroy(ev);
                        continue;
                }
                inflight--;
                if (b->result(item, ev, b->ctx) == KX_ADMIN_RETRY && !run->retried[item]) {
                        run->retried[item] = true;
                        issue_one(b, rk, q, item, true);
                        inflight++;
                }
                rd_kafka_event_destroy(ev);
        }
        rd_kafka_queue_destroy(q);
}

void kx_admin_batch_run(const struct kx_admin_batch *batch, size_t n)
{
        struct batch_run run = {.batch = batch, .n = n};

        if (n == 0)
                return;
        run.retried = kx_xcalloc(n, sizeof(bool));
        kx_parallel_for((size_t)batch->handle_cnt, batch->handle_cnt, batch_handle_worker, &run);
        free(run.retried);
}

void kx_admin_run_one(rd_kafka_t *rk, rd_kafka_admin_op_t op, int timeout_ms,
                      kx_admin_issue_fn issue, kx_admin_result_fn result, void *ctx)
{
        rd_kafka_t *handles[1] = {rk};
        struct kx_admin_batch b = {
                .handles = handles, .handle_cnt = 1, .op = op, .timeout_ms = timeout_ms,
                .max_inflight = 1, .issue = issue, .result = result, .ctx = ctx,
        };

        kx_admin_batch_run(&b, 1);
}
