/* action_topic_retention.h - raise (or set) a topic's retention.ms.
 *
 * librdkafka 2.0.2 has only the legacy AlterConfigs, which replaces every
 * dynamic config of the topic. So the plan reads them all (DescribeConfigs)
 * and execute writes back every dynamic one unchanged plus the new
 * retention.ms. A sensitive dynamic config cannot be read back, so it would
 * be lost: the plan is blocked then. Undo holds the previous retention.
 */
#ifndef KX_ACTION_TOPIC_RETENTION_H
#define KX_ACTION_TOPIC_RETENTION_H

#include "action.h"

/* A new action setting topic's retention.ms to retention_ms. */
struct kx_action *kx_action_topic_retention(const char *topic, int64_t retention_ms);

#endif
