/* action_topic_request.h - file, approve and reject topic requests, each an
 * audited action.
 *
 * file:    plan says what is asked and why it needs review; execute inserts
 *          the pending request (topic_request.h).
 * approve: plan loads the request, is blocked when the acting operator
 *          filed it (or it is no longer pending), and carries the topic
 *          creation's own plan (CreateTopics validate_only); execute creates
 *          the topic, then marks the request approved.
 * reject:  the same rules; execute marks it rejected.
 */
#ifndef KX_ACTION_TOPIC_REQUEST_H
#define KX_ACTION_TOPIC_REQUEST_H

#include "action.h"
#include "topic_request.h"

/* req is copied (id/status ignored; requested_by taken from the ctx's
 * operator at plan time). */
struct kx_action *kx_action_topic_request_file(const struct kx_topic_request *req);

/* The id the file action inserted (0 before execute). */
int64_t kx_action_topic_request_id(const struct kx_action *a);

/* approve true creates the topic; false rejects. */
struct kx_action *kx_action_topic_request_decide(int64_t id, bool approve);

#endif
