/* topic_request.h - topic requests awaiting review, in sqlite.
 *
 * `klaxon topic create` files a request when it passes every rule but is
 * above the policy's review thresholds. Another operator approves (which
 * creates the topic) or rejects it; the one who asked never can. Status
 * moves pending -> approved | rejected, once. The table is topic_request
 * (store.c migration).
 */
#ifndef KX_TOPIC_REQUEST_H
#define KX_TOPIC_REQUEST_H

#include "err.h"
#include "store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kx_topic_request {
        int64_t id;
        char *topic, *team;
        int partitions, replication;
        json_t *configs;          /* {config: value}, owned */
        char *reason;             /* the requester's justification ("" if none) */
        char *why_review;         /* which threshold it is above */
        char *requested_by;
        int64_t requested_ms;
        char *status;             /* "pending", "approved", "rejected" */
        char *decided_by;         /* NULL while pending */
        int64_t decided_ms;
};

/* Insert req (id, status and decision fields ignored) as pending; *id gets
 * the new id. KX_ERR_STATE with sqlite's message. */
int kx_topic_request_add(struct kx_store *store, const struct kx_topic_request *req, int64_t *id,
                         struct kx_err *err);

/* Read request id into *req (caller frees with kx_topic_request_done).
 * KX_ERR_NOT_FOUND naming the id. */
int kx_topic_request_get(struct kx_store *store, int64_t id, struct kx_topic_request *req,
                         struct kx_err *err);

/* All requests, newest first, into a new array (*out, *cnt); pending_only
 * limits it to pending ones. Free with kx_topic_requests_free. */
int kx_topic_request_list(struct kx_store *store, bool pending_only, struct kx_topic_request **out,
                          int *cnt, struct kx_err *err);

/* Why operator may not decide req (not pending; operator is the
 * requester), into why; false when they may. */
bool kx_topic_request_refused(const struct kx_topic_request *req, const char *operator_name, char *why,
                              size_t size);

/* Move request id from pending to status ("approved"/"rejected") by
 * operator at at_ms. KX_ERR_REFUSED when kx_topic_request_refused says so
 * (checked again inside the write), KX_ERR_NOT_FOUND, KX_ERR_STATE. */
int kx_topic_request_decide(struct kx_store *store, int64_t id, const char *status,
                            const char *operator_name, int64_t at_ms, struct kx_err *err);

void kx_topic_request_done(struct kx_topic_request *req);
void kx_topic_requests_free(struct kx_topic_request *reqs, int cnt);

#endif
