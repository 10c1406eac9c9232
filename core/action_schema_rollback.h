/* action_schema_rollback.h - roll a schema registry subject back to an
 * earlier version.
 *
 * plan     reads the subject's versions, the target and the latest schema
 *          and the compatibility level: which version becomes latest and why
 *          (the one asked for, or the version before the latest), which
 *          versions are soft-deleted;
 * execute  soft-deletes every version above the target, newest first; where
 *          the registry does not allow deleting (any refusal other than "not
 *          found"), re-registers the target's schema instead; then pins the
 *          subject's compatibility level if asked;
 * verify   the latest version (and its schema id) equals the target, and the
 *          level is the pinned one;
 * undo     the deleted versions' schemas (id, type, text) and the level
 *          before, to re-register them in order.
 */
#ifndef KX_ACTION_SCHEMA_ROLLBACK_H
#define KX_ACTION_SCHEMA_ROLLBACK_H

#include "action.h"

/* A new rollback of subject on the registry at registry_url to version
 * to_version (0: the version before the latest). pin_compat: a
 * compatibility level to set on the subject afterwards, or NULL. Strings
 * are copied; free with kx_action_free. */
struct kx_action *kx_action_schema_rollback(const char *registry_url, const char *subject,
                                            int to_version, const char *pin_compat);

#endif
