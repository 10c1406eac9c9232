/* topic_admin.h - the topic primitives several actions share: create one
 * topic (CreateTopics, optionally validate-only) and count its partitions. */
#ifndef KX_TOPIC_ADMIN_H
#define KX_TOPIC_ADMIN_H

#include "err.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdint.h>

/* Replicas per partition an assignment may list. */
#define KX_TOPIC_MAX_REPLICAS 64

/* A topic to create. Everything is borrowed for the call.
 * replication: a factor >= 1, or -1 for the brokers' default (required
 * when assignment is given). assignment: partitions rows of
 * assign_width broker ids each (row i = partition i's replicas, the first
 * its preferred leader), or NULL. configs: a JSON object of config name ->
 * string value, or NULL. */
struct kx_new_topic {
        const char *name;
        int partitions;
        int replication;
        const int32_t *assignment;
        int assign_width;
        const json_t *configs;
        bool validate_only;   /* ask the brokers to check, create nothing */
        bool exists_ok;       /* TOPIC_ALREADY_EXISTS is success */
};

/* Create t->name on rk's cluster within timeout_ms. Returns 0, or sets err:
 * KX_ERR_USAGE (partitions < 1, no replication and no assignment, or an
 * assignment wider than KX_TOPIC_MAX_REPLICAS),
 * KX_ERR_REFUSED (the principal may not create it: TOPIC/CLUSTER
 * authorization failed), KX_ERR_KAFKA (any other refusal, with the brokers'
 * reason, e.g. a policy violation or an existing topic). */
int kx_topic_create(rd_kafka_t *rk, const struct kx_new_topic *t, int timeout_ms, struct kx_err *err);

/* The partition count of topic from fresh metadata, or -1 when it does not
 * exist or metadata could not be had within timeout_ms. */
int kx_topic_partition_count(rd_kafka_t *rk, const char *topic, int timeout_ms);

#endif
