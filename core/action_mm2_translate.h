/* action_mm2_translate.h - the manual checkpoint reset: commit a consumer
 * group's offsets on the target cluster as MirrorMaker 2's checkpoints
 * translated them (ALIAS.checkpoints.internal, the downstream offsets), so
 * the group resumes on the target where it stopped on the source.
 *
 * plan     reads the group's latest checkpoints and its committed offsets
 *          on the target: per partition, before -> translated offset;
 *          blocked while the group has live members on the target;
 * execute  commits the translated offsets (AlterConsumerGroupOffsets);
 * verify   the group's committed offsets equal the translated ones;
 * undo     the offsets committed before (none: the group had none).
 * ctx->rk is an admin handle on the target cluster.
 */
#ifndef KX_ACTION_MM2_TRANSLATE_H
#define KX_ACTION_MM2_TRANSLATE_H

#include "action.h"

/* A new action for group, reading checkpoints from the source alias alias
 * on the cluster of target_cfg (borrowed: it must outlive the action).
 * Strings are copied. */
struct kx_action *kx_action_mm2_translate(const struct kx_config *target_cfg, const char *alias,
                                          const char *group);

#endif
