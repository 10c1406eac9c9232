/* job_store.h - long-running jobs (replays) in klaxon's sqlite store: the
 * request, the plan, state, progress, per-partition checkpoints and the
 * final report. Every process that runs, lists or cancels jobs opens its
 * own store handle; sqlite's WAL and busy timeout serialise them.
 *
 * States: queued, running, paused (broker lost: resumes by itself),
 * cancelling (asked to stop), done (verified), failed, cancelled. A
 * running/paused job whose process is gone shows as "interrupted"
 * (kx_job_state_shown) and can be resumed.
 */
#ifndef KX_JOB_STORE_H
#define KX_JOB_STORE_H

#include "err.h"
#include "store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_job {
        char id[32];
        char kind[16];           /* "replay" */
        char state[16];
        char *detail;            /* why paused/failed, or "" (owned) */
        int64_t created_ms, updated_ms;
        int pid;                 /* process running it, 0 if none */
        int64_t total, done;     /* records to read, and read so far */
        double rate;             /* records/s over the last progress interval */
        json_t *spec, *plan, *report; /* owned; report NULL until the job ends */
        char *bootstrap;         /* cluster it runs against (owned) */
};

struct kx_job_cp {
        int32_t partition;       /* source partition */
        int64_t next_offset;     /* every record before it is read and, if it matched, delivered */
        int64_t matched;         /* records that passed the filter before next_offset */
        int64_t written;         /* of those, delivered to the target */
        int64_t scan_from;       /* target offset from which this job's tail must be scanned */
};

/* Create a job (state queued) and its checkpoints (cp_cnt of them); its new
 * id goes into id (size >= 32). spec/plan are copied. */
int kx_job_create(struct kx_store *store, const char *kind, const json_t *spec, const json_t *plan,
                  const char *bootstrap, int64_t total, const struct kx_job_cp *cps, int cp_cnt,
                  char *id, size_t id_size, struct kx_err *err);

/* Load job id into *job (free with kx_job_free). KX_ERR_NOT_FOUND naming
 * the id when there is none. */
int kx_job_get(struct kx_store *store, const char *id, struct kx_job *job, struct kx_err *err);

/* Every job, newest first, into a new array (*jobs, *cnt; free each with
 * kx_job_free, then free the array). */
int kx_job_list(struct kx_store *store, struct kx_job **jobs, size_t *cnt, struct kx_err *err);

void kx_job_free(struct kx_job *job);

/* Set state and detail (NULL: ""), and pid when pid >= 0. */
int kx_job_set_state(struct kx_store *store, const char *id, const char *state, const char *detail,
                     int pid, struct kx_err *err);

/* The job's stored state into state (size >= 16), cheaply (no JSON). */
int kx_job_state(struct kx_store *store, const char *id, char *state, size_t size,
                 struct kx_err *err);

/* Record progress and checkpoints in one transaction. */
int kx_job_progress(struct kx_store *store, const char *id, int64_t done, double rate,
                    const struct kx_job_cp *cps, int cp_cnt, struct kx_err *err);

/* The job's checkpoints into a new array (*cps, *cnt; caller frees). */
int kx_job_checkpoints(struct kx_store *store, const char *id, struct kx_job_cp **cps, int *cnt,
                       struct kx_err *err);

/* End the job: final state, detail and report (copied). */
int kx_job_finish(struct kx_store *store, const char *id, const char *state, const char *detail,
                  const json_t *report, struct kx_err *err);

/* The state to show: "interrupted" for a queued/running/paused/cancelling
 * job whose pid is no longer alive, else job->state. */
const char *kx_job_state_shown(const struct kx_job *job);

/* Whether the job's process is alive. */
bool kx_job_alive(const struct kx_job *job);

/* Whether state is final (done, failed, cancelled). */
bool kx_job_state_final(const char *state);

/* What has been committed to the store's database, cheaply: PRAGMA
 * data_version (commits by other connections, e.g. job runners) and this
 * connection's own change count. Two calls give equal values only if
 * nothing was committed in between, so a reader can skip reloading the
 * jobs. KX_ERR_STATE naming the database on failure. */
struct kx_store_version {
        int64_t data_version;
        int64_t own_changes;
};
int kx_job_store_version(struct kx_store *store, struct kx_store_version *v, struct kx_err *err);

#endif
