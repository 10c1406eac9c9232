/* action_group_fence.h - pause and resume a consumer group.
 *
 * Kafka has no "pause group" API. klaxon fences the group instead: a DENY
 * READ ACL on the group for a principal (User:* by default, or the group's
 * principal from config) stops every member from joining, fetching its
 * offsets and committing, so consumption stops; resume deletes exactly that
 * ACL. It needs the cluster's authorizer; without one the plan is blocked
 * and says so. A Kafka Connect sink's group (connect-NAME) is paused the
 * honest way instead, through Connect's REST API, when a Connect URL is
 * configured: the connector stops consuming and resume restarts it.
 */
#ifndef KX_ACTION_GROUP_FENCE_H
#define KX_ACTION_GROUP_FENCE_H

#include "action.h"

/* pause true: add the DENY READ ACL (or pause the connector); false: undo.
 * principal NULL means "User:*"; connect_url NULL means no Connect worker.
 * Strings are copied. */
struct kx_action *kx_action_group_fence(const char *group, const char *principal, bool pause,
                                        const char *connect_url);

#endif
