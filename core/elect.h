/* elect.h - preferred or unclean leader election (ElectLeaders, which
 * librdkafka 2.0.2 lacks), and which partitions are off their preferred
 * leader according to librdkafka's metadata.
 */
#ifndef KX_ELECT_H
#define KX_ELECT_H

#include "arena.h"
#include "kadmin.h"
#include "kmsg_elect.h"

#include <librdkafka/rdkafka.h>

/* Run an election for topics (NULL: every partition) through any broker.
 * *out (in a) has one result per partition: 0, ELECTION_NOT_NEEDED (84) or
 * an error. KX_ERR_KAFKA for a top-level error. */
int kx_elect_leaders(const struct kx_kadmin *ka, enum kx_election type, const struct kx_elect_topic *topics,
                     int cnt, int32_t timeout_ms, struct kx_arena *a, struct kx_elect_result *out,
                     struct kx_err *err);

/* A partition whose leader is not its preferred (first) replica. */
struct kx_unbalanced {
        char *topic;
        int32_t partition;
        int32_t leader;              /* -1: none */
        int32_t preferred;
        bool preferred_in_isr;       /* an election can move it now */
        int32_t live_replica;        /* leaderless only: a replica on a live
                                      * broker, which an unclean election can
                                      * pick (-1: none alive) */
};

/* From metadata of topic (NULL: every non-internal topic), via rk: the
 * partitions off their preferred leader (leaderless ones included, with
 * leader -1 and live_replica set), in arena a. KX_ERR_UNREACHABLE
 * when metadata fails, KX_ERR_NOT_FOUND for an unknown topic. */
int kx_elect_unbalanced(rd_kafka_t *rk, const char *topic, int timeout_ms, struct kx_arena *a,
                        struct kx_unbalanced **out, int *cnt, struct kx_err *err);

#endif
