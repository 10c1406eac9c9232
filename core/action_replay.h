/* action_replay.h - a replay to a target topic, through the action path.
 *
 * plan     resolves the time range per partition (replay_plan.h) and lists,
 *          per source partition, the offset range, the target partition and
 *          the record count before the key filter; reads only;
 * execute  records the job (state queued) with its request, plan and first
 *          checkpoints in the job store, and hands its id back; running it
 *          (foreground or detached) is the caller's next step, with
 *          kx_replay_run;
 * verify   re-reads the job row;
 * undo     the target's log ends before the replay: what the job wrote is
 *          everything after them carrying its klaxon-replay-id header.
 * With a target-creation action (kx_action_replay_creating) the target does
 * not exist yet: plan also plans the creation (its summary is one of the
 * changes; its blocker blocks the replay), and execute first runs it through
 * the action path (audited as its own action: executed, verified) with the
 * plan's partition count, then records the job.
 * A replay to a consumer group is a group reset to `from`
 * (action_group_reset.h), not this action.
 */
#ifndef KX_ACTION_REPLAY_H
#define KX_ACTION_REPLAY_H

#include "action.h"
#include "replay_spec.h"

/* A new replay action. spec is taken over (the caller's struct is zeroed);
 * cfg is borrowed and must outlive the action (the plan reads the cluster
 * through its own reader). The new job's id is written to job_id (caller's
 * buffer, size >= 32; "" until execute succeeds). Free with kx_action_free. */
struct kx_action *kx_action_replay(struct kx_replay_spec *spec, const struct kx_config *cfg,
                                   char *job_id, size_t job_id_size);

/* The same, creating the missing target topic first with create (a
 * topic-create action, e.g. from the provisioning decision, taken over;
 * spec->create_partitions must be its partition count). */
struct kx_action *kx_action_replay_creating(struct kx_replay_spec *spec, const struct kx_config *cfg,
                                            char *job_id, size_t job_id_size, struct kx_action *create);

#endif
