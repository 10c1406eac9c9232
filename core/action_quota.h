/* action_quota.h - set or remove client quota keys of one entity (user,
 * client-id or their default), through AlterClientQuotas.
 *
 * plan     reads the entity's current quotas and asks the broker to
 *          validate the change (validate_only), so a bad key or value is
 *          refused before anything is written; before/after per key;
 *          undo holds the previous values;
 * execute  AlterClientQuotas;
 * verify   reads the entity back (again for up to about 10 s: brokers
 *          apply the change from the metadata log a moment later): every
 *          set key has its value, every removed key is gone.
 */
#ifndef KX_ACTION_QUOTA_H
#define KX_ACTION_QUOTA_H

#include "action.h"
#include "kmsg_quotas.h"

/* A new action on entity type ("user" or "client-id") and name (NULL: the
 * default entity) applying op_cnt ops (copied). cfg is borrowed and must
 * outlive the action: the protocol module connects with its settings. */
struct kx_action *kx_action_quota(const struct kx_config *cfg, const char *type, const char *name,
                                  const struct kx_quota_op *ops, int op_cnt);

#endif
