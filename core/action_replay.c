/* action_replay.c - plan a replay and record it as a job. */
#include "action_replay.h"
#include "job_store.h"
#include "replay_plan.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct replay_params {
        struct kx_replay_spec spec;
        const struct kx_config *cfg;
        struct kx_replay_plan plan;   /* set by plan */
        char *job_id;                 /* caller's buffer */
        size_t job_id_size;
        struct kx_action *create;     /* creates the target first, or NULL; owned */
        struct kx_plan create_plan;   /* set by plan when create */
};

/* Plan the target's creation into plan: a change, and its blocker. */
static int plan_create(struct replay_params *p, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       struct kx_err *err)
{
        char what[400];
        int rc;

        kx_plan_free(&p->create_plan);
        rc = kx_action_plan(p->create, ctx, &p->create_plan, err);
        if (rc)
                return rc;
        snprintf(what, sizeof(what), "create the target topic %s first (%s action)", p->spec.target_topic,
                 p->create->ops->name);
        kx_plan_change(plan, what, json_string("does not exist"), json_string(p->create_plan.summary));
        if (p->create_plan.blocker) {
                snprintf(what, sizeof(what), "creating %s: %s", p->spec.target_topic, p->create_plan.blocker);
                plan->blocker = kx_xstrdup(what);
        }
        return 0;
}

static int replay_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       struct kx_err *err)
{
        struct replay_params *p = a->params;
        json_t *undo = json_array();
        char what[600], range[100], count[64];
        int rc;

        kx_replay_plan_done(&p->plan);
        rc = kx_replay_plan_resolve(p->cfg, ctx->log, &p->spec, &p->plan, ctx->timeout_ms, err);
        if (!rc && p->create)
                rc = plan_create(p, ctx, plan, err);
        if (rc) {
                json_decref(undo);
                return rc;
        }
        for (int i = 0; i < p->plan.range_cnt; i++) {
                const struct kx_replay_range *r = &p->plan.ranges[i];

                snprintf(what, sizeof(what), "%s[%d] -> %s[%d]%s", p->spec.topic, r->partition,
                         p->spec.target_topic, r->target_partition,
                         r->clamped ? " (clamped to the log start)" : "");
                snprintf(range, sizeof(range), "offsets %lld..%lld", (long long)r->from_offset,
                         (long long)r->to_offset);
                snprintf(count, sizeof(count), "%lld records", (long long)(r->to_offset - r->from_offset));
                kx_plan_change(plan, what, json_string(range), json_string(count));
                json_array_append_new(undo, json_pack("{s:i, s:I}", "target_partition",
                                                      r->target_partition, "log_end_before",
                                                      (json_int_t)r->target_start));
        }
        if (p->spec.key_cnt)
                snprintf(count, sizeof(count), "keeping %zu key(s)", p->spec.key_cnt);
        else
                snprintf(count, sizeof(count), "no key filter");
        snprintf(what, sizeof(what), "replay %s to %s: %lld record(s) in %d partition(s) before "
                                     "the filter (%s)",
                 p->spec.topic, p->spec.target_topic, (long long)kx_replay_plan_total(&p->plan),
                 p->plan.range_cnt, count);
        plan->summary = kx_xstrdup(what);
        plan->target = kx_xstrdup(p->spec.target_topic);
        plan->destructive = false; /* it only appends to the target */
        plan->undo = json_pack("{s:s, s:o}", "target_topic", p->spec.target_topic, "partitions", undo);
        return 0;
}

static int replay_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                          const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct replay_params *p = a->params;
        struct kx_job_cp *cps = kx_xcalloc((size_t)p->plan.range_cnt + 1, sizeof(*cps));
        json_t *spec = kx_replay_spec_to_json(&p->spec), *pj = kx_replay_plan_to_json(&p->plan);
        int rc = p->create ? kx_action_execute(p->create, ctx, &p->create_plan, err) : 0;

        (void)plan;
        if (rc) {
                *result = json_pack("{s:s}", "failed", "creating the target topic");
                free(cps);
                json_decref(spec);
                json_decref(pj);
                return rc;
        }
        for (int i = 0; i < p->plan.range_cnt; i++)
                cps[i] = (struct kx_job_cp){p->plan.ranges[i].partition, p->plan.ranges[i].from_offset,
                                            0, 0, p->plan.ranges[i].target_start};
        rc = kx_job_create(ctx->store, "replay", spec, pj, p->cfg->bootstrap,
                           kx_replay_plan_total(&p->plan), cps, p->plan.range_cnt, p->job_id,
                           p->job_id_size, err);
        if (rc)
                p->job_id[0] = '\0';
        *result = json_pack("{s:s}", "job", p->job_id);
        free(cps);
        json_decref(spec);
        json_decref(pj);
        return rc;
}

static int replay_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                         const struct kx_plan *plan, struct kx_err *err)
{
        struct replay_params *p = a->params;
        struct kx_job job;
        int rc = kx_job_get(ctx->store, p->job_id, &job, err);

        (void)plan;
        if (!rc)
                kx_job_free(&job);
        return rc;
}

static void replay_free(struct kx_action *a)
{
        struct replay_params *p = a->params;

        kx_replay_spec_done(&p->spec);
        kx_replay_plan_done(&p->plan);
        kx_plan_free(&p->create_plan);
        if (p->create)
                kx_action_free(p->create);
        free(p);
        free(a);
}

static const struct kx_action_ops replay_ops = {
        .name = "replay",
        .plan = replay_plan,
        .execute = replay_execute,
        .verify = replay_verify,
        .free = replay_free,
};

struct kx_action *kx_action_replay(struct kx_replay_spec *spec, const struct kx_config *cfg,
                                   char *job_id, size_t job_id_size)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct replay_params *p = kx_xcalloc(1, sizeof(*p));

        p->spec = *spec;
        memset(spec, 0, sizeof(*spec));
        p->cfg = cfg;
        p->job_id = job_id;
        p->job_id_size = job_id_size;
        job_id[0] = '\0';
        a->ops = &replay_ops;
        a->params = p;
        return a;
}

struct kx_action *kx_action_replay_creating(struct kx_replay_spec *spec, const struct kx_config *cfg,
                                            char *job_id, size_t job_id_size, struct kx_action *create)
{
        struct kx_action *a = kx_action_replay(spec, cfg, job_id, job_id_size);

        ((struct replay_params *)a->params)->create = create;
        return a;
}
