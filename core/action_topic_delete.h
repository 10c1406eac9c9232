/* action_topic_delete.h - delete one topic (DeleteTopics): the end of the
 * idle-topic lifecycle. Destructive: the topic's name is typed to confirm.
 * klaxon never runs it by itself. */
#ifndef KX_ACTION_TOPIC_DELETE_H
#define KX_ACTION_TOPIC_DELETE_H

#include "action.h"

/* topic is copied. */
struct kx_action *kx_action_topic_delete(const char *topic);

#endif
