/* action_quota.c - set/remove client quotas through the action path. */
#include "action_quota.h"
#include "quotas.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct quota_params {
        const struct kx_config *cfg;
        struct kx_quota_entity entity;
        struct kx_quota_op *ops;
        int op_cnt;
};

/* Current values of the entity as {key: number}. */
static int read_values(const struct quota_params *p, int timeout_ms, json_t **values, struct kx_err *err)
{
        struct kx_kadmin ka;
        struct kx_quotas_desc q;
        struct kx_arena a;
        int rc = kx_kadmin_from_config(&ka, p->cfg, timeout_ms, err);

        *values = NULL;
        if (rc)
                return rc;
        kx_arena_init(&a);
        rc = kx_quotas_of(&ka, &p->entity, 1, &a, &q, err);
        if (!rc)
                *values = kx_quotas_values_of(&q, &p->entity, 1);
        kx_arena_done(&a);
        kx_kadmin_done(&ka);
        return rc;
}

static int alter(const struct quota_params *p, int timeout_ms, bool validate_only, struct kx_err *err)
{
        struct kx_kadmin ka;
        int rc = kx_kadmin_from_config(&ka, p->cfg, timeout_ms, err);

        if (!rc)
                rc = kx_quotas_alter(&ka, &p->entity, 1, p->ops, p->op_cnt, validate_only, err);
        kx_kadmin_done(&ka);
        return rc;
}

static int quota_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                      struct kx_err *err)
{
        struct quota_params *p = a->params;
        char label[300], buf[600];
        json_t *before;
        int rc = read_values(p, ctx->timeout_ms, &before, err);
        int removes = 0, missing = 0;

        if (rc)
                return rc;
        for (int i = 0; i < p->op_cnt; i++) {
                json_t *old = json_object_get(before, p->ops[i].key);

                kx_plan_change(plan, p->ops[i].key, old ? json_incref(old) : json_null(),
                               p->ops[i].remove ? json_null() : json_real(p->ops[i].value));
                removes += p->ops[i].remove;
                missing += p->ops[i].remove && !old;
        }
        kx_quota_entity_label(&p->entity, 1, label, sizeof(label));
        snprintf(buf, sizeof(buf), "%s %d client quota key(s) of %s", removes == p->op_cnt ? "remove" : "set",
                 p->op_cnt, label);
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(label);
        plan->undo = json_pack("{s:s, s:s?, s:O}", "entity_type", p->entity.type, "entity_name", p->entity.name,
                               "values", before);
        if (missing == p->op_cnt)
                plan->blocker = kx_xstrdup("nothing to remove: none of the keys is set on this entity");
        json_decref(before);
        if (plan->blocker)
                return 0;
        /* The broker checks keys and values without applying them. */
        return alter(p, ctx->timeout_ms, true, err);
}

static int quota_execute(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                         json_t **result, struct kx_err *err)
{
        struct quota_params *p = a->params;
        json_t *ops = json_array();

        (void)plan;
        for (int i = 0; i < p->op_cnt; i++)
                json_array_append_new(ops, json_pack("{s:s, s:o}", "key", p->ops[i].key, "value",
                                                     p->ops[i].remove ? json_null() : json_real(p->ops[i].value)));
        *result = json_pack("{s:s, s:s?, s:o}", "entity_type", p->entity.type, "entity_name", p->entity.name,
                            "ops", ops);
        return alter(p, ctx->timeout_ms, false, err);
}

/* The values read back differ from the ones applied: 1 with err set, or 0. */
static int mismatch(const struct quota_params *p, json_t *now, struct kx_err *err)
{
        for (int i = 0; i < p->op_cnt; i++) {
                json_t *v = json_object_get(now, p->ops[i].key);

                if (p->ops[i].remove && v)
                        return kx_err_set(err, KX_ERR_KAFKA, "verify: %s is still set", p->ops[i].key), 1;
                if (!p->ops[i].remove && (!v || fabs(json_number_value(v) - p->ops[i].value) > 1e-9))
                        return kx_err_set(err, KX_ERR_KAFKA, "verify: %s reads back as %g, not %g", p->ops[i].key,
                                          v ? json_number_value(v) : 0.0, p->ops[i].value), 1;
        }
        return 0;
}

/* Brokers apply quota changes from the metadata log a moment after the
 * controller commits them, and any broker may answer: read back until the
 * values match or about 10 s have passed. */
static int quota_verify(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                        struct kx_err *err)
{
        struct quota_params *p = a->params;
        int rc;

        (void)plan;
        for (int attempt = 0;; attempt++) {
                json_t *now;

                if ((rc = read_values(p, ctx->timeout_ms, &now, err)))
                        return rc;
                rc = mismatch(p, now, err);
                json_decref(now);
                if (!rc || attempt == 40)
                        return rc ? err->code : 0;
                usleep(250 * 1000);
        }
}

static void quota_free(struct kx_action *a)
{
        struct quota_params *p = a->params;

        for (int i = 0; i < p->op_cnt; i++)
                free((char *)p->ops[i].key);
        free(p->ops);
        free(p->entity.type);
        free(p->entity.name);
        free(p);
        free(a);
}

static const struct kx_action_ops quota_ops = {
        .name = "client-quota",
        .plan = quota_plan,
        .execute = quota_execute,
        .verify = quota_verify,
        .free = quota_free,
};

struct kx_action *kx_action_quota(const struct kx_config *cfg, const char *type, const char *name,
                                  const struct kx_quota_op *ops, int op_cnt)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct quota_params *p = kx_xcalloc(1, sizeof(*p));

        p->cfg = cfg;
        p->entity.type = kx_xstrdup(type);
        p->entity.name = kx_xstrdup(name);
        p->ops = kx_xcalloc((size_t)op_cnt + 1, sizeof(*p->ops));
        for (int i = 0; i < op_cnt; i++) {
                p->ops[i] = ops[i];
                p->ops[i].key = kx_xstrdup(ops[i].key);
        }
        p->op_cnt = op_cnt;
        a->ops = &quota_ops;
        a->params = p;
        return a;
}
