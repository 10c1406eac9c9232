/* replay_run.h - run (or resume) one replay job to its end.
 *
 * The source is read by assignment with the job's own group.id
 * (klaxon-replay-<id>), never subscribed or committed, so no live group's
 * offsets move. Records that pass the key filter are produced to the target
 * (idempotent producer, acks=all) with key, value, headers and, with
 * keep_timestamps, the original timestamp, plus the provenance headers of
 * replay_tail.h. Throttled by the spec's msgs/s and bytes/s.
 *
 * Progress is checkpointed in the job store about once a second, per source
 * partition, only up to what the target has acknowledged. On resume the
 * target's tail is scanned for this job's provenance headers, so records
 * written after the last checkpoint are counted, not written again: a job
 * killed with -9 resumes with no gap and no duplicate.
 *
 * A lost broker pauses the job (state "paused" with librdkafka's reason);
 * it goes on by itself when the broker is back. When every range is read
 * and delivered, the per-partition counts (matched in the source range vs
 * acknowledged by the target) make the report kept with the job; the job is
 * "done" only when they agree, else "failed". The outcome is audited.
 */
#ifndef KX_REPLAY_RUN_H
#define KX_REPLAY_RUN_H

#include "config.h"
#include "err.h"
#include "store.h"

#include <signal.h>
#include <stdint.h>

struct kx_replay_progress {
        int64_t total;      /* records in the ranges, before the filter */
        int64_t read;       /* records read so far */
        int64_t written;    /* records acknowledged by the target */
        double rate;        /* records read per second, recent */
        const char *state;  /* "running", "paused" */
};

/* Called about once a second from kx_replay_run's thread. */
typedef void (*kx_replay_progress_fn)(const struct kx_replay_progress *p, void *arg);

/* Run job id from store to its end with cfg's cluster settings. stop, when
 * it becomes non-zero (a signal handler), or the job's state becoming
 * "cancelling" (klaxon job cancel), ends the job as "cancelled" after what
 * is in flight is delivered and checkpointed. Returns 0 only when the job
 * ended "done" (verified); KX_ERR_REFUSED for a job already final;
 * KX_ERR_READ_ONLY when cfg->read_only (nothing is touched); otherwise the
 * error that ended it (the job row says the same). */
int kx_replay_run(const struct kx_config *cfg, struct kx_store *store, const char *id,
                  kx_replay_progress_fn progress, void *arg, volatile sig_atomic_t *stop,
                  struct kx_err *err);

#endif
