/* history.h - what klaxon remembers between refreshes, and what it derives.
 *
 * Per partition: a ring of (time, LEO) points, for time lag and msgs/s, and
 * the last good offsets, to carry over (marked stale) when a refresh cannot
 * read them. Per group partition: the last few samples, for Burrow's rules
 * and the consume rate. Per group: the total-lag trend for the sparkline.
 * Entries not seen for a few refreshes are dropped, so memory follows the
 * cluster. Owned and used by one thread (the monitor's).
 */
#ifndef KX_HISTORY_H
#define KX_HISTORY_H

#include "snapshot.h"

struct kx_history;

struct kx_history_opts {
        int window;            /* samples per group partition (Burrow), default 10 */
        int ring;              /* LEO points per partition, default 40 */
        int ring_spacing_ms;   /* min time between stored LEO points, default 15000 */
        int64_t allowed_lag;   /* lag that counts as caught up, default 0 */
};

void kx_history_opts_default(struct kx_history_opts *opts);

/* New, empty history. opts may be NULL. Free with kx_history_free(). */
struct kx_history *kx_history_new(const struct kx_history_opts *opts);
void kx_history_free(struct kx_history *h);

/* Record snap's offsets (taken at snap->collected_at_ms) and fill in the
 * derived fields: stale carry-over of unknown partition offsets, msgs/s,
 * per-partition and per-group status, time lag, rates, drain ETA and trend.
 * snap must not be published yet (it is written to). */
void kx_history_apply(struct kx_history *h, struct kx_snapshot *snap);

/* Record the timestamp of the record at offset on topic/partition (fetched
 * by the monitor, -1 if it could not be read); used for committed offsets
 * older than the ring. */
void kx_history_set_record_ts(struct kx_history *h, const char *topic, int32_t partition,
                              int64_t offset, int64_t ts_ms);

/* True if a timestamp for exactly this offset was already fetched or tried. */
bool kx_history_record_ts_tried(const struct kx_history *h, const char *topic, int32_t partition,
                                int64_t offset);

#endif
