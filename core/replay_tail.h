/* replay_tail.h - the provenance headers a replay adds to every record it
 * writes, and reading them back at the target's tail: after a crash this is
 * what says how far the job really got, whatever its last checkpoint says.
 */
#ifndef KX_REPLAY_TAIL_H
#define KX_REPLAY_TAIL_H

#include "err.h"
#include "replay_plan.h"

#include <librdkafka/rdkafka.h>

#define KX_REPLAY_H_ID "klaxon-replay-id"
#define KX_REPLAY_H_TOPIC "klaxon-replay-source-topic"
#define KX_REPLAY_H_PARTITION "klaxon-replay-source-partition"
#define KX_REPLAY_H_OFFSET "klaxon-replay-source-offset"

/* Add the four provenance headers to hdrs. */
void kx_replay_headers_add(rd_kafka_headers_t *hdrs, const char *job_id, const char *topic,
                           int32_t partition, int64_t offset);

/* If hdrs carry job_id's provenance, store the source partition and offset
 * and return true. */
bool kx_replay_headers_read(const rd_kafka_headers_t *hdrs, const char *job_id, int32_t *partition,
                            int64_t *offset);

/* Read target_topic from scan_from[i] (per plan range i, the lowest one per
 * target partition wins) up to the current log end with reader (a consumer
 * handle; assigned, then unassigned, no commits), and raise last[i] to the
 * highest source offset of range i that job_id wrote there (last[] is
 * in/out: -1 for none yet). KX_ERR_TIMEOUT if the tail cannot be read
 * within timeout_ms of no progress. */
int kx_replay_tail_scan(rd_kafka_t *reader, const char *target_topic, const char *job_id,
                        const struct kx_replay_plan *plan, const int64_t *scan_from, int64_t *last,
                        int timeout_ms, struct kx_err *err);

#endif
