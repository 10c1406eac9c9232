/* action_canary_topic.h - create the canary probe's topic with one
 * partition led by each broker (replica lists rotate over the brokers), so
 * the probe covers every broker. Verify waits for a leader on each
 * partition. Not destructive; refused in read-only mode like every action. */
#ifndef KX_ACTION_CANARY_TOPIC_H
#define KX_ACTION_CANARY_TOPIC_H

#include "action.h"

/* A new create action for topic over brokers[0..broker_cnt) (copied), one
 * partition per broker, replication replicas each (1..broker_cnt). */
struct kx_action *kx_action_canary_topic(const char *topic, const int32_t *brokers, int broker_cnt,
                                         int replication);

/* Partitions of topic with a leader, from one metadata request: >= 0, or
 * -1 if the topic does not exist, or a negative kx code with err set. */
int kx_canary_topic_partitions(rd_kafka_t *rk, const char *topic, int timeout_ms,
                               int *with_leader, struct kx_err *err);

#endif
