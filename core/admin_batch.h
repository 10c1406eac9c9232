/* admin_batch.h - the one shape every librdkafka admin call goes through.
 *
 * N calls are issued asynchronously over a pool of handles (one queue each),
 * at most max_inflight at a time per handle, and every result event is
 * handed back matched to its item index by the opaque. Each issued call
 * yields exactly one event (librdkafka times a call out itself), so the batch
 * always ends.
 */
#ifndef KX_ADMIN_BATCH_H
#define KX_ADMIN_BATCH_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>

/* Issue call number item on rk. opts already carries the request timeout and
 * the opaque; the callee may add to it (e.g. set_broker) and must pass it and
 * q to the rd_kafka_* admin function. It must not destroy opts. retry is true
 * when the previous attempt asked for KX_ADMIN_RETRY. */
typedef void (*kx_admin_issue_fn)(rd_kafka_t *rk, size_t item, bool retry,
                                  rd_kafka_AdminOptions_t *opts, rd_kafka_queue_t *q,
                                  void *ctx);

enum kx_admin_verdict { KX_ADMIN_DONE, KX_ADMIN_RETRY };

/* Consume the result event of item (the batch destroys ev afterwards).
 * Return KX_ADMIN_RETRY to issue the item once more with retry = true (only
 * honoured once per item). Called from the handle's worker thread. */
typedef enum kx_admin_verdict (*kx_admin_result_fn)(size_t item, rd_kafka_event_t *ev,
                                                    void *ctx);

struct kx_admin_batch {
        rd_kafka_t **handles;   /* borrowed */
        int handle_cnt;
        rd_kafka_admin_op_t op; /* for AdminOptions */
        int timeout_ms;         /* per request */
        int max_inflight;       /* per handle */
        kx_admin_issue_fn issue;
        kx_admin_result_fn result;
        void *ctx;
};

/* Run items [0, n) as described above; item i goes to handle i % handle_cnt.
 * Returns when every item has its result. */
void kx_admin_batch_run(const struct kx_admin_batch *batch, size_t n);

/* Run exactly one call on rk: kx_admin_batch_run with one handle and one
 * item. */
void kx_admin_run_one(rd_kafka_t *rk, rd_kafka_admin_op_t op, int timeout_ms,
                      kx_admin_issue_fn issue, kx_admin_result_fn result, void *ctx);

#endif
