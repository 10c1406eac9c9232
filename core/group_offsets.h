/* group_offsets.h - one group's state and committed offsets, read and
 * written through librdkafka's admin API (used by actions, not by the
 * collector, which batches across all groups). */
#ifndef KX_GROUP_OFFSETS_H
#define KX_GROUP_OFFSETS_H

#include "err.h"

#include <librdkafka/rdkafka.h>

/* State ("Empty", "Stable", ..., "Dead" when the group does not exist) and
 * member count of group, into state/members. */
int kx_group_describe(rd_kafka_t *rk, const char *group, char *state, size_t state_size,
                      int *members, int timeout_ms, struct kx_err *err);

/* Committed offsets of group for the partitions in list (offset set to
 * -1 where there is no commit). list is updated in place. */
int kx_group_committed(rd_kafka_t *rk, const char *group, rd_kafka_topic_partition_list_t *list,
                       int timeout_ms, struct kx_err *err);

/* Commit list's offsets for group (AlterConsumerGroupOffsets). Per-partition
 * failures are reported in err. */
int kx_group_alter(rd_kafka_t *rk, const char *group, const rd_kafka_topic_partition_list_t *list,
                   int timeout_ms, struct kx_err *err);

/* Partition ids of topic from metadata into a new list (caller destroys);
 * NULL with KX_ERR_NOT_FOUND if the topic does not exist. */
rd_kafka_topic_partition_list_t *kx_topic_partitions(rd_kafka_t *rk, const char *topic,
                                                     int timeout_ms, struct kx_err *err);

/* Resolve list's offsets in place: each element's offset holds a timestamp
 * (ms), or -2 earliest / -1 latest, and becomes the matching offset (the
 * log end when no record is that new, as Kafka's own reset does). Errors
 * of leadership still settling (NOT_LEADER, LEADER_NOT_AVAILABLE, ... right
 * after a topic is created or a broker restarts) are retried until
 * timeout_ms; then, or for any other error, KX_ERR_KAFKA and list is left
 * unchanged. */
int kx_offsets_for(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *list, int timeout_ms,
                   struct kx_err *err);

#endif
