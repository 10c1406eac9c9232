/* action_job.c - job cancel and resume as actions. */
#include "action_job.h"
#include "job_store.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VERIFY_WAIT_MS 60000

struct job_params {
        char *id;
        bool cancel;
        bool alive;          /* set by plan */
};

static int job_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                    struct kx_err *err)
{
        struct job_params *p = a->params;
        const char *after;
        char buf[400];
        struct kx_job job;
        int rc;

        if (!ctx->store)
                return kx_err_set(err, KX_ERR_STATE, "job %s: no state database", p->id);
        if ((rc = kx_job_get(ctx->store, p->id, &job, err)))
                return rc;
        p->alive = kx_job_alive(&job);
        if (p->cancel)
                after = p->alive ? "cancelling (the runner stops, then cancelled)" : "cancelled";
        else
                after = "queued (the runner starts again from the checkpoints)";
        snprintf(buf, sizeof(buf), "job %s", p->id);
        plan->target = kx_xstrdup(buf);
        snprintf(buf, sizeof(buf), "%s job %s (%s, %lld/%lld read)", p->cancel ? "cancel" : "resume", p->id,
                 kx_job_state_shown(&job), (long long)job.done, (long long)job.total);
        plan->summary = kx_xstrdup(buf);
        kx_plan_change(plan, "state", json_string(kx_job_state_shown(&job)), json_string(after));
        plan->destructive = false;
        plan->undo = p->cancel ? json_pack("{s:s}", "note", "a cancelled job is final: replay the range again")
                               : json_pack("{s:s, s:s}", "cancel", "klaxon job cancel", "job", p->id);
        if (kx_job_state_final(job.state)) {
                snprintf(buf, sizeof(buf), "job %s is already %s", p->id, job.state);
                plan->blocker = kx_xstrdup(buf);
        } else if (!p->cancel && p->alive) {
                snprintf(buf, sizeof(buf), "job %s is %s: its runner (pid %d) is alive", p->id, job.state,
                         (int)job.pid);
                plan->blocker = kx_xstrdup(buf);
        }
        kx_job_free(&job);
        return 0;
}

static int job_execute(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                       json_t **result, struct kx_err *err)
{
        struct job_params *p = a->params;
        const char *state;
        int rc;

        (void)plan;
        if (!p->cancel) {
                state = "queued";
                rc = kx_job_set_state(ctx->store, p->id, state, "resume requested", -1, err);
        } else if (p->alive) {
                state = "cancelling";
                rc = kx_job_set_state(ctx->store, p->id, state, "cancel requested", -1, err);
        } else {
                state = "cancelled";
                rc = kx_job_finish(ctx->store, p->id, state, "cancelled (klaxon job cancel)", NULL, err);
        }
        *result = json_pack("{s:s, s:s}", "job", p->id, "state", state);
        return rc;
}

static int job_verify(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                      struct kx_err *err)
{
        struct job_params *p = a->params;
        char state[16] = "";
        int rc;

        (void)plan;
        /* A live runner checks about once a second; allow a slow machine. */
        for (int waited = 0;; waited += 100) {
                if ((rc = kx_job_state(ctx->store, p->id, state, sizeof(state), err)))
                        return rc;
                if (!p->cancel || kx_job_state_final(state) || waited >= VERIFY_WAIT_MS)
                        break;
                usleep(100 * 1000);
        }
        if (p->cancel && !kx_job_state_final(state))
                return kx_err_set(err, KX_ERR_TIMEOUT, "job %s is still %s after %d s: its runner did not stop",
                                  p->id, state, VERIFY_WAIT_MS / 1000);
        if (!p->cancel && kx_job_state_final(state))
                return kx_err_set(err, KX_ERR_STATE, "job %s is %s, not resumable", p->id, state);
        return 0;
}

static void job_free(struct kx_action *a)
{
        struct job_params *p = a->params;

        free(p->id);
        free(p);
        free(a);
}

static const struct kx_action_ops cancel_ops = {
        .name = "job-cancel",
        .plan = job_plan,
        .execute = job_execute,
        .verify = job_verify,
        .free = job_free,
};

static const struct kx_action_ops resume_ops = {
        .name = "job-resume",
        .plan = job_plan,
        .execute = job_execute,
        .verify = job_verify,
        .free = job_free,
};

static struct kx_action *job_action(const char *id, bool cancel)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct job_params *p = kx_xcalloc(1, sizeof(*p));

        p->id = kx_xstrdup(id);
        p->cancel = cancel;
        a->ops = cancel ? &cancel_ops : &resume_ops;
        a->params = p;
        return a;
}

struct kx_action *kx_action_job_cancel(const char *id)
{
        return job_action(id, true);
}

struct kx_action *kx_action_job_resume(const char *id)
{
        return job_action(id, false);
}
