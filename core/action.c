/* action.c - plan, execute, verify and audit, for every action. */
#include "action.h"
#include "audit_mirror.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int audit(const struct kx_action_ctx *ctx, const struct kx_action *a,
                 const struct kx_plan *plan, const char *outcome, const char *why, json_t *result,
                 struct kx_err *err)
{
        char who[128], origin[128];
        json_t *plan_json = NULL;
        struct kx_audit_entry e = {0};
        int rc;

        if (!ctx->store)
                return 0;
        kx_audit_identity(ctx->operator_name, who, sizeof(who), origin, sizeof(origin));
        if (plan)
                plan_json = json_pack("{s:s, s:O, s:s?}", "summary", plan->summary ? plan->summary : "",
                                      "changes", plan->changes ? plan->changes : json_array(),
                                      "blocker", plan->blocker);
        e.operator_name = who;
        e.origin = origin;
        e.action = a->ops->name;
        e.target = plan && plan->target ? plan->target : "";
        e.outcome = outcome;
        e.reason = why ? why : ctx->reason;
        e.plan = plan_json;
        e.result = result;
        e.undo = plan ? plan->undo : NULL;
        rc = kx_audit_append(ctx->store, &e, err);
        if (!rc && ctx->mirror_cfg) {
                struct kx_err merr;

                if (kx_audit_mirror(ctx->mirror_cfg, ctx->log, KX_AUDIT_TOPIC, &e, &merr) &&
                    ctx->warning)
                        snprintf(ctx->warning, ctx->warning_size, "%s (the local audit log has it)",
                                 merr.msg);
        }
        json_decref(plan_json);
        return rc;
}

int kx_action_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                   struct kx_err *err)
{
        int rc;

        memset(plan, 0, sizeof(*plan));
        plan->changes = json_array();
        rc = a->ops->plan(a, ctx, plan, err);
        if (rc) {
                kx_plan_free(plan);
                return rc;
        }
        return audit(ctx, a, plan, "planned", NULL, NULL, err);
}

int kx_action_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                      const struct kx_plan *plan, struct kx_err *err)
{
        json_t *result = NULL;
        struct kx_err aerr;
        int rc;

        if (ctx->read_only) {
                kx_err_set(err, KX_ERR_READ_ONLY, "read-only mode: %s on %s refused", a->ops->name,
                           plan->target ? plan->target : "?");
                audit(ctx, a, plan, "refused", err->msg, NULL, &aerr);
                return KX_ERR_READ_ONLY;
        }
        if (plan->blocker) {
                kx_err_set(err, KX_ERR_REFUSED, "%s refused: %s", a->ops->name, plan->blocker);
                audit(ctx, a, plan, "refused", err->msg, NULL, &aerr);
                return KX_ERR_REFUSED;
        }
        rc = a->ops->execute(a, ctx, plan, &result, err);
        if (rc) {
                audit(ctx, a, plan, "failed", err->msg, result, &aerr);
                json_decref(result);
                return rc;
        }
        if (audit(ctx, a, plan, "executed", NULL, result, err)) {
                json_decref(result);
                return err->code;
        }
        rc = a->ops->verify(a, ctx, plan, err);
        audit(ctx, a, plan, rc ? "failed" : "verified", rc ? err->msg : NULL, result, &aerr);
        json_decref(result);
        return rc;
}

bool kx_action_confirmed(const struct kx_plan *plan, const char *typed)
{
        return !plan->destructive || (typed && plan->target && !strcmp(typed, plan->target));
}

void kx_plan_change(struct kx_plan *plan, const char *what, json_t *before, json_t *after)
{
        json_array_append_new(plan->changes, json_pack("{s:s, s:o, s:o}", "what", what,
                                                       "before", before ? before : json_null(),
                                                       "after", after ? after : json_null()));
}

void kx_plan_free(struct kx_plan *plan)
{
        free(plan->summary);
        free(plan->target);
        free(plan->blocker);
        json_decref(plan->changes);
        json_decref(plan->undo);
        memset(plan, 0, sizeof(*plan));
}

void kx_action_free(struct kx_action *a)
{
        if (a && a->ops && a->ops->free)
                a->ops->free(a);
}
