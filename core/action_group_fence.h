/* action_group_fence.h - pause and resume a consumer group.
 *
 * Kafka has no "pause group" API. klaxon fences the group instead: a DENY
 * READ ACL on the group for a principal (User:* by default, or the group's
 * principal from config) stops every member from joining, fetching its
 * offsets and committing, so consumption stops; resume deletes exactly that
 * ACL. It needs the cluster's authorizer; without one the plan is blocked
 * and says so. (Groups of Kafka Connect connectors, connect-NAME, are
 * paused through Connect's REST API once klaxon has a Connect client.)
 */
#ifndef KX_ACTION_GROUP_FENCE_H
#define KX_ACTION_GROUP_FENCE_H

#include "action.h"

/* pause true: add the DENY READ ACL; false: remove it. principal NULL means
 * "User:*". Strings are copied. */
struct kx_action *kx_action_group_fence(const char *group, const char *principal, bool pause);

#endif
