/* replay_internal.h - the state of one replay run, shared by the loop
 * (replay_run.c) and the job's life cycle around it (replay_job.c:
 * loading, resume point, checkpoints, verification). Not a public API. */
#ifndef KX_REPLAY_INTERNAL_H
#define KX_REPLAY_INTERNAL_H

#include "config.h"
#include "kafka.h"
#include "replay_plan.h"
#include "replay_spec.h"
#include "store.h"
#include "strmap.h"
#include "throttle.h"

#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_replay_state;

struct kx_replay_range_state {
        struct kx_replay_state *run;
        struct kx_replay_range r;
        int64_t next_read;     /* next source offset to read */
        int64_t skip_through;  /* source offsets <= this are already in the target */
        int64_t matched, written;
        int64_t dr_next;       /* source offset after the last acknowledged record */
        int64_t scan_from;     /* target offset after the last acknowledged record */
        int64_t inflight;
        bool done;
};

struct kx_replay_state {
        const char *id;
        struct kx_store *store;
        struct kx_replay_spec spec;
        struct kx_replay_plan plan;
        struct kx_replay_range_state *rs;
        struct kx_strmap keys;
        struct kx_logbuf lb;
        rd_kafka_t *reader, *producer;
        struct kx_bucket msgs, bytes;
        char delivery_error[256];
        char source_error[256];
        int64_t last_activity_ms, last_trouble_ms, tick_ms, read_at_tick;
        uint64_t activity, activity_at_tick; /* records read + reports received */
        double rate;
        bool paused, cancel;
};

/* The range of source partition, or NULL. */
struct kx_replay_range_state *kx_replay_range_of(struct kx_replay_state *run, int32_t partition);

/* Load the job's request and plan into run (refused for a final job, or
 * one whose runner is alive). */
int kx_replay_load(struct kx_replay_state *run, struct kx_err *err);

/* Allocate run->rs from the plan and checkpoints, then raise each range's
 * skip_through from the target's tail (replay_tail.h). */
int kx_replay_resume_point(struct kx_replay_state *run, struct kx_err *err);

/* Source offsets read so far, over all ranges. */
int64_t kx_replay_read_so_far(const struct kx_replay_state *run);

/* Checkpoint every range (only what the target acknowledged) and progress. */
int kx_replay_save_progress(struct kx_replay_state *run, struct kx_err *err);

bool kx_replay_all_done(const struct kx_replay_state *run);

/* Verify, store the report and final state, audit; returns the job's rc. */
int kx_replay_finish(const struct kx_config *cfg, struct kx_replay_state *run, int rc,
                  volatile sig_atomic_t *stop, struct kx_err *err);

#endif
