/* lag.h - consumer lag arithmetic.
 *
 * Lag is max(0, LEO - committed). A committed offset below the partition's
 * log-start offset means the group is "behind retention": the records it had
 * not read yet were deleted, so that data is lost to the group.
 */
#ifndef KX_LAG_H
#define KX_LAG_H

#include "snapshot.h"

#include <stdbool.h>
#include <stdint.h>

/* Lag of one partition, or -1 if either offset is unknown (< 0). */
int64_t kx_lag(int64_t committed, int64_t log_end);

/* True if committed and log_start are known and committed < log_start. */
bool kx_behind_retention(int64_t committed, int64_t log_start);

/* Fill every group partition's high watermark, log start, lag and
 * behind_retention from the snapshot's topics, and each group's total lag
 * (the sum of known partition lags) and behind_retention. Builder use only:
 * call before the snapshot is published. */
void kx_lag_fill_snapshot(struct kx_snapshot *snap);

#endif
