/* lag_status.h - Burrow-style consumer status per partition and group.
 *
 * The window is the last few samples of one group partition, taken at every
 * refresh (every LEO sample), not only when the group commits: an idle or
 * dead group gets a fresh verdict instead of a frozen one. Rules, in order:
 *   1. current lag <= allowed                                   -> OK
 *   2. no member owns the partition, the committed offset has not moved for
 *      longer than it moved across the window, and the LEO never came down
 *      to the committed offset in the window                    -> STOP
 *   3. the committed offset went backwards and never recovered  -> REWIND
 *   4. some sample in the window had lag <= allowed             -> OK
 *   5. the offset never moved, lag > 0 (members still there)    -> STALL
 *   6. lag never decreased across the window                    -> WARN
 *   7. otherwise                                                -> OK
 * WARN needs a full window (KX_LAG_WARN_SAMPLES samples): a group that
 * commits every second always shows a little lag, and two samples on a
 * rising produce rate are not a trend. STOP and STALL need 3 samples.
 * A group's status is the worst of its partitions'. Polling cannot tell a
 * commit of the same offset from no commit, so membership separates STOP
 * (nobody consuming) from STALL (members there, offset stuck).
 */
#ifndef KX_LAG_STATUS_H
#define KX_LAG_STATUS_H

#include <stdbool.h>
#include <stdint.h>

/* Ordered from best to worst, so "worst" is the maximum. */
#define KX_LAG_STATUSES(X)                               \
        X(KX_LAG_UNKNOWN, "-", "not enough data yet")    \
        X(KX_LAG_OK, "OK", "keeping up")                 \
        X(KX_LAG_WARN, "WARN", "lag keeps growing")      \
        X(KX_LAG_STALL, "STALL", "members there, offset stuck") \
        X(KX_LAG_REWIND, "REWIND", "offset went backwards") \
        X(KX_LAG_STOP, "STOP", "nobody consuming, lag frozen") \
        X(KX_LAG_ERR, "ERR", "offsets could not be read")

#define KX_LAG_WARN_SAMPLES 5
#define KX_LAG_STOP_SAMPLES 3

enum kx_lag_status {
#define KX_LAG_ENUM(id, label, help) id,
        KX_LAG_STATUSES(KX_LAG_ENUM)
#undef KX_LAG_ENUM
};

struct kx_lag_sample {
        int64_t at_ms;       /* when the sample was taken */
        int64_t committed;   /* committed offset, -1 if none */
        int64_t log_end;     /* LEO at that time, -1 if unknown */
};

/* Status of one partition from samples[0..n) (oldest first; the last is the
 * current one). allowed_lag is the lag that counts as "caught up" (0 in
 * Burrow). has_owner: a live member has the partition assigned. Needs at
 * least 2 samples to say more than rule 1 or 3's OK; returns
 * KX_LAG_UNKNOWN otherwise. Pure. */
enum kx_lag_status kx_lag_status_eval(const struct kx_lag_sample *samples, int n,
                                      int64_t allowed_lag, bool has_owner, int64_t now_ms);

/* Short label ("OK", "STOP", ...) and one-line meaning. Never NULL. */
const char *kx_lag_status_label(enum kx_lag_status s);
const char *kx_lag_status_help(enum kx_lag_status s);

#endif
