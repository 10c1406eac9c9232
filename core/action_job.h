/* action_job.h - cancel or resume a replay job, through the action path.
 *
 * cancel  plan: the job's state now and what it becomes: "cancelling" when
 *         its runner is alive (the runner stops within about a second,
 *         flushes, checkpoints and ends "cancelled"), else "cancelled" at
 *         once; blocked for a job already final. execute: sets that state.
 *         verify: polls the job (up to 60 s) until it is final.
 * resume  plan: blocked for a final job or one whose runner is alive.
 *         execute: marks it "queued" (resume requested); starting the runner
 *         (foreground, detached, or the console's detached spawn) is the
 *         caller's next step, like a new replay. verify: re-reads the job,
 *         which must not be final.
 * Neither is destructive; both need ctx->store. Read-only mode refuses
 * execute in core (kx_action_execute).
 */
#ifndef KX_ACTION_JOB_H
#define KX_ACTION_JOB_H

#include "action.h"

/* id is copied. Free with kx_action_free. */
struct kx_action *kx_action_job_cancel(const char *id);
struct kx_action *kx_action_job_resume(const char *id);

#endif
