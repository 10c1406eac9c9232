/* action_topic_create.h - create one topic (CreateTopics).
 *
 * plan asks the brokers with CreateTopics validate_only, so a dry run shows
 * exactly what Kafka would refuse (the refusal becomes the plan's blocker);
 * execute creates it; verify re-reads metadata for the partition count.
 * Undo is deleting the topic (recorded, never automatic).
 */
#ifndef KX_ACTION_TOPIC_CREATE_H
#define KX_ACTION_TOPIC_CREATE_H

#include "action.h"

/* configs is {config: value} (borrowed; copied). Strings are copied. */
struct kx_action *kx_action_topic_create(const char *topic, int partitions, int replication,
                                         const json_t *configs);

#endif
