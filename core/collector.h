/* collector.h - turn a live cluster into a kx_snapshot.
 *
 * One collection is: one Metadata request; log-start and end offsets through
 * chunked, concurrent ListOffsets; group states and members; committed
 * offsets of every group, sent straight to each group's coordinator; then
 * lag. A failing section (a broker down, a request timing out) is recorded
 * in snapshot->errors and the rest of the snapshot is still filled: the
 * collector never fails all-or-nothing once the cluster answered.
 *
 * A collector owns its librdkafka handles and reuses them across
 * collections. It is not itself thread-safe: one thread calls collect.
 */
#ifndef KX_COLLECTOR_H
#define KX_COLLECTOR_H

#include "config.h"
#include "err.h"
#include "kafka.h"
#include "snapshot.h"

struct kx_collector;

struct kx_collector_opts {
        int handles;          /* parallel connections per broker, default 4 */
        int timeout_ms;       /* per request, default 5000 */
        int connect_ms;       /* how long to wait for the first metadata, default 8000 */
        int chunk_size;       /* partitions per ListOffsets call, default 128 */
};

/* Fill opts with the defaults above. */
void kx_collector_opts_default(struct kx_collector_opts *opts);

/* Create a collector for cfg (copied what it needs; cfg may be freed after).
 * lb receives librdkafka's logs and must outlive the collector. opts may be
 * NULL for defaults. Errors: KX_ERR_CONFIG (unknown or bad property, naming
 * its origin), KX_ERR_USAGE (no bootstrap). *out is set on success only. */
int kx_collector_new(const struct kx_config *cfg, struct kx_logbuf *lb,
                     const struct kx_collector_opts *opts, struct kx_collector **out,
                     struct kx_err *err);

/* Run one collection. On success (0) or partial success (KX_ERR_PARTIAL,
 * snapshot->errors non-empty) *out receives a new snapshot the caller owns
 * one reference to. On KX_ERR_UNREACHABLE (no broker answered the first
 * Metadata request in time) *out is NULL and err names the reason. */
int kx_collector_collect(struct kx_collector *c, struct kx_snapshot **out,
                         struct kx_err *err);

/* The first handle, for callers that need one more request on the same
 * connections (e.g. DescribeConfigs on drill-down). Borrowed. */
rd_kafka_t *kx_collector_handle(struct kx_collector *c);

/* Destroy the collector and its handles. NULL is a no-op. */
void kx_collector_destroy(struct kx_collector *c);

#endif
