/* replay_job.c - a replay job's life around the loop: load the request,
 * find where to resume (checkpoints, then the target's tail), checkpoint,
 * and at the end verify, report, audit. */
#include "replay_internal.h"
#include "audit.h"
#include "job_store.h"
#include "replay_report.h"
#include "replay_tail.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct kx_replay_range_state *kx_replay_range_of(struct kx_replay_state *run, int32_t partition)
{
        for (int i = 0; i < run->plan.range_cnt; i++)
                if (run->rs[i].r.partition == partition)
                        return &run->rs[i];
        return NULL;
}


/* Start every range at its checkpoint, then skip what the target's tail
 * shows was written after it. */
int kx_replay_resume_point(struct kx_replay_state *run, struct kx_err *err)
{
        struct kx_job_cp *cps = NULL;
        int cnt = 0, rc = kx_job_checkpoints(run->store, run->id, &cps, &cnt, err);
        int64_t *scan_from, *last;

        if (rc)
                return rc;
        run->rs = kx_xcalloc((size_t)run->plan.range_cnt, sizeof(*run->rs));
        scan_from = kx_xcalloc((size_t)run->plan.range_cnt, sizeof(int64_t));
        last = kx_xcalloc((size_t)run->plan.range_cnt, sizeof(int64_t));
        for (int i = 0; i < run->plan.range_cnt; i++) {
                struct kx_replay_range_state *rs = &run->rs[i];

                rs->run = run;
                rs->r = run->plan.ranges[i];
                rs->next_read = rs->r.from_offset;
                for (int k = 0; k < cnt; k++)
                        if (cps[k].partition == rs->r.partition) {
                                rs->next_read = cps[k].next_offset;
                                rs->matched = rs->written = cps[k].written;
                                rs->scan_from = cps[k].scan_from;
                        }
                rs->dr_next = rs->next_read;
                scan_from[i] = rs->scan_from;
                last[i] = -1;
        }
        rc = kx_replay_tail_scan(run->reader, run->spec.target_topic, run->id, &run->plan, scan_from,
                                 last, 30000, err);
        for (int i = 0; !rc && i < run->plan.range_cnt; i++)
                run->rs[i].skip_through = last[i];
        free(cps);
        free(scan_from);
        free(last);
        return rc;
}

static void checkpoint_of(const struct kx_replay_range_state *rs, struct kx_job_cp *cp)
{
        cp->partition = rs->r.partition;
        cp->next_offset = rs->inflight == 0 && !rs->run->delivery_error[0] ? rs->next_read : rs->dr_next;
        cp->matched = rs->written;
        cp->written = rs->written;
        cp->scan_from = rs->scan_from;
}

int64_t kx_replay_read_so_far(const struct kx_replay_state *run)
{
        int64_t n = 0;

        for (int i = 0; i < run->plan.range_cnt; i++)
                n += run->rs[i].next_read - run->rs[i].r.from_offset;
        return n;
}

int kx_replay_save_progress(struct kx_replay_state *run, struct kx_err *err)
{
        struct kx_job_cp *cps = kx_xcalloc((size_t)run->plan.range_cnt, sizeof(*cps));
        int rc;

        for (int i = 0; i < run->plan.range_cnt; i++)
                checkpoint_of(&run->rs[i], &cps[i]);
        rc = kx_job_progress(run->store, run->id, kx_replay_read_so_far(run), run->rate, cps,
                             run->plan.range_cnt, err);
        free(cps);
        return rc;
}


bool kx_replay_all_done(const struct kx_replay_state *run)
{
        for (int i = 0; i < run->plan.range_cnt; i++)
                if (!run->rs[i].done)
                        return false;
        return true;
}


static void audit_outcome(const struct kx_config *cfg, struct kx_replay_state *run, const char *outcome,
                          const char *why, json_t *report)
{
        char who[128], origin[128], target[600];
        struct kx_audit_entry e = {0};
        struct kx_err aerr;

        kx_audit_identity(cfg->operator_name, who, sizeof(who), origin, sizeof(origin));
        snprintf(target, sizeof(target), "%s -> %s (job %s)", run->spec.topic,
                 run->spec.target_topic, run->id);
        e.operator_name = who;
        e.origin = origin;
        e.action = "replay";
        e.target = target;
        e.outcome = outcome;
        e.reason = why;
        e.result = report;
        kx_audit_append(run->store, &e, &aerr);
}

/* Verify, store the report, set the final state, audit. */
int kx_replay_finish(const struct kx_config *cfg, struct kx_replay_state *run, int rc,
                     volatile sig_atomic_t *stop, struct kx_err *err)
{
        struct kx_replay_count *c = kx_xcalloc((size_t)run->plan.range_cnt, sizeof(*c));
        const char *state, *why = NULL;
        json_t *report;
        bool ok;
        struct kx_err e;

        kx_replay_save_progress(run, &e);
        for (int i = 0; i < run->plan.range_cnt; i++)
                c[i] = (struct kx_replay_count){run->rs[i].r.partition, run->rs[i].r.from_offset,
                                                run->rs[i].r.to_offset, run->rs[i].matched,
                                                run->rs[i].written};
        if (!rc && run->delivery_error[0])
                rc = kx_err_set(err, KX_ERR_KAFKA, "%s", run->delivery_error);
        report = kx_replay_report(c, run->plan.range_cnt, rc ? err->msg : NULL, &ok);
        free(c);
        if (!rc && run->cancel) {
                state = "cancelled", why = "cancelled (klaxon job cancel)";
                rc = kx_err_set(err, KX_ERR_REFUSED, "%s", why);
        } else if (!rc && stop && *stop) {
                state = "stopped", why = "stopped by a signal: klaxon job resume to go on";
                rc = kx_err_set(err, KX_ERR_REFUSED, "%s", why);
        } else if (!rc && !kx_replay_all_done(run)) {
                state = "failed", why = "ended before reading every range";
                rc = kx_err_set(err, KX_ERR_KAFKA, "%s", why);
        } else if (!rc && !ok) {
                state = "failed", why = "verification failed: matched and written counts differ";
                rc = kx_err_set(err, KX_ERR_KAFKA, "%s", why);
        } else {
                state = rc ? "failed" : "done";
                why = rc ? err->msg : NULL;
        }
        kx_job_finish(run->store, run->id, state, why, report, &e);
        audit_outcome(cfg, run, rc ? "failed" : "verified", why, report);
        json_decref(report);
        return rc;
}

int kx_replay_load(struct kx_replay_state *run, struct kx_err *err)
{
        struct kx_job job;
        int rc = kx_job_get(run->store, run->id, &job, err);

        if (rc)
                return rc;
        if (kx_job_state_final(job.state))
                rc = kx_err_set(err, KX_ERR_REFUSED, "already %s", job.state);
        else if (kx_job_alive(&job) && job.pid != getpid())
                rc = kx_err_set(err, KX_ERR_REFUSED, "already running in process %d", job.pid);
        else if (!job.spec || !job.plan)
                rc = kx_err_set(err, KX_ERR_STATE, "no spec or plan stored");
        if (!rc)
                rc = kx_replay_spec_from_json(&run->spec, job.spec, err);
        if (!rc)
                rc = kx_replay_plan_from_json(&run->plan, job.plan, err);
        if (!rc && !run->spec.target_topic)
                rc = kx_err_set(err, KX_ERR_STATE, "no target topic stored");
        kx_job_free(&job);
        return rc;
}
