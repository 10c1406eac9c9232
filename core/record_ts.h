/* record_ts.h - the timestamp of the record at one offset. */
#ifndef KX_RECORD_TS_H
#define KX_RECORD_TS_H

#include <librdkafka/rdkafka.h>
#include <stdint.h>

/* Fetch the record at topic/partition/offset with rk (a consumer handle
 * without a group; it is assigned and then unassigned, so no group offsets
 * move) and store its timestamp (ms) in *ts_ms. Returns 0, or -1 if no record
 * arrived within timeout_ms (deleted, compacted away, broker down). */
int kx_record_ts_fetch(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t offset,
                       int timeout_ms, int64_t *ts_ms);

#endif
