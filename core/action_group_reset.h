/* action_group_reset.h - reset a consumer group's committed offsets.
 *
 * Like kafka-consumer-groups --reset-offsets: to a datetime, an offset,
 * earliest, latest, or shifted by N, planned per partition and clamped to
 * [log start, log end]. Kafka only accepts it while the group is Empty, so a
 * group with members gets a plan with a blocker saying so. Undo holds the
 * previous offsets. Also used to skip a corrupted range ([a, b) on one
 * partition: reset that partition to b).
 */
#ifndef KX_ACTION_GROUP_RESET_H
#define KX_ACTION_GROUP_RESET_H

#include "action.h"

enum kx_reset_mode {
        KX_RESET_EARLIEST,
        KX_RESET_LATEST,
        KX_RESET_DATETIME,   /* value: ms since the epoch */
        KX_RESET_OFFSET,     /* value: the offset */
        KX_RESET_SHIFT,      /* value: +/- N from the committed offset */
};

/* A new group-reset action for group on topic, for every partition (or
 * only partition when >= 0). Strings are copied. Free with kx_action_free. */
struct kx_action *kx_action_group_reset(const char *group, const char *topic, int32_t partition,
                                        enum kx_reset_mode mode, int64_t value);

#endif
