/* leo_history.h - per-topic log-end offsets remembered in sqlite.
 *
 * The in-memory history (history.h) forgets everything when klaxon exits;
 * idle/dead topics and measured throughput need days. So each topic's LEO
 * and log-start offset, summed over its partitions, is sampled into the
 * topic_leo table (at most one sample per topic per spacing) by whoever
 * collects: `klaxon policy check`, `klaxon idle`, `klaxon cost`, the
 * guardian, and the console's monitor. Samples older than 400 days are
 * dropped. Every function takes "now" from the caller, so tests shift
 * time with a fixed clock instead of waiting.
 */
#ifndef KX_LEO_HISTORY_H
#define KX_LEO_HISTORY_H

#include "err.h"
#include "snapshot.h"
#include "store.h"

#include <jansson.h>

#define KX_LEO_SPACING_MS (5LL * 60 * 1000)

/* Sum of LEO and of log-start over t's partitions; false if any partition's
 * offsets are unknown. */
bool kx_topic_offsets(const struct kx_topic *t, int64_t *leo, int64_t *start);

/* Record one sample per non-internal topic of snap at at_ms, skipping a
 * topic that already has a sample within spacing_ms before at_ms.
 * KX_ERR_STATE with sqlite's message. */
int kx_leo_record(struct kx_store *store, const struct kx_snapshot *snap, int64_t at_ms,
                  int64_t spacing_ms, struct kx_err *err);

/* Record one sample for topic (tests and imports). */
int kx_leo_record_one(struct kx_store *store, const char *topic, int64_t at_ms, int64_t leo,
                      int64_t start, struct kx_err *err);

/* Measured msgs/s per topic of snap over the last window_ms before now_ms:
 * (LEO now - oldest LEO sample in the window) / elapsed. Topics with no
 * sample at least min_elapsed_ms old are left out (unknown). *out is a new
 * {topic: rate} object the caller decrefs. */
int kx_leo_rates(struct kx_store *store, const struct kx_snapshot *snap, int64_t now_ms,
                 int64_t window_ms, int64_t min_elapsed_ms, json_t **out, struct kx_err *err);

/* When topic's LEO last changed, as far as the samples and the current
 * offsets (leo_now) say: *since_ms is the time of the earliest sample equal
 * to leo_now after the last smaller one (0 when there is no sample), and
 * *produced is how many messages were produced since window_start_ms
 * (leo_now minus the newest sample at or before it; -1 when no sample is
 * that old). */
int kx_leo_last_change(struct kx_store *store, const char *topic, int64_t leo_now,
                       int64_t window_start_ms, int64_t *since_ms, int64_t *produced,
                       struct kx_err *err);

#endif
