/* kafkatest.h - real-cluster helpers for integration suites, on librdkafka.
 *
 * These talk to the real Kafka started by tests/env/kafka; there is no mock.
 * Every helper fails the current test (ck_assert) on error.
 */
#ifndef KX_KAFKATEST_H
#define KX_KAFKATEST_H

#include <librdkafka/rdkafka.h>
#include <stdint.h>

/* Create a topic and wait until its metadata shows a leader for every
 * partition. */
void kt_create_topic(const char *bootstrap, const char *topic, int partitions, int replication);

/* Produce count small keyed messages to one partition, acks=all, and flush. */
void kt_produce(const char *bootstrap, const char *topic, int32_t partition, int count);

/* Commit offset for group on topic/partition from a consumer that never
 * joins the group (assign + commit), leaving the group Empty. */
void kt_commit(const char *bootstrap, const char *group, const char *topic, int32_t partition,
               int64_t offset);

/* A consumer that joins group, subscribes to topic and keeps polling on a
 * thread until kt_member_stop(). kt_member_start returns once it has an
 * assignment; if commit_partition >= 0 it first commits commit_offset there. */
struct kt_member;
struct kt_member *kt_member_start(const char *bootstrap, const char *group, const char *topic,
                                  int32_t commit_partition, int64_t commit_offset);
void kt_member_stop(struct kt_member *m);

/* Delete records before offset on topic/partition (Admin DeleteRecords). */
void kt_delete_records(const char *bootstrap, const char *topic, int32_t partition,
                       int64_t before_offset);

#endif
