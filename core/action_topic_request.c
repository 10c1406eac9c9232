/* action_topic_request.c - topic requests through the action path. */
#include "action_topic_request.h"
#include "action_topic_create.h"
#include "kafka.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

struct request_params {
        struct kx_topic_request req;   /* file: what is asked; decide: loaded in plan */
        int64_t id;
        bool filing, approve;
        struct kx_action *create;      /* approve: the creation it runs */
        struct kx_plan create_plan;
        bool have_create_plan;
};

static void who(const struct kx_action_ctx *ctx, char *buf, size_t size)
{
        char origin[128];

        kx_audit_identity(ctx->operator_name, buf, size, origin, sizeof(origin));
}

static int need_store(const struct kx_action_ctx *ctx, struct kx_err *err)
{
        return ctx->store ? 0 : kx_err_set(err, KX_ERR_STATE, "topic requests need the state store");
}

/* The creation the request would run, planned now (CreateTopics
 * validate_only): its blocker becomes the request's. */
static int plan_create(struct request_params *p, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       bool copy_changes, struct kx_err *err)
{
        int rc;

        kx_action_free(p->create);
        if (p->have_create_plan)
                kx_plan_free(&p->create_plan);
        p->have_create_plan = false;
        p->create = kx_action_topic_create(p->req.topic, p->req.partitions, p->req.replication, p->req.configs);
        /* The inner plan is not audited on its own: it is part of this one. */
        memset(&p->create_plan, 0, sizeof(p->create_plan));
        p->create_plan.changes = json_array();
        if ((rc = p->create->ops->plan(p->create, ctx, &p->create_plan, err))) {
                kx_plan_free(&p->create_plan);
                return rc;
        }
        p->have_create_plan = true;
        for (size_t i = 0; copy_changes && i < json_array_size(p->create_plan.changes); i++)
                json_array_append(plan->changes, json_array_get(p->create_plan.changes, i));
        if (p->create_plan.blocker && !plan->blocker)
                plan->blocker = kx_xstrdup(p->create_plan.blocker);
        return 0;
}

static int file_plan(struct request_params *p, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                     struct kx_err *err)
{
        char buf[700], op[128];

        who(ctx, op, sizeof(op));
        free(p->req.requested_by);
        p->req.requested_by = kx_xstrdup(op);
        snprintf(buf, sizeof(buf), "file a request for topic %s (%d partitions, team %s) for review: %s",
                 p->req.topic, p->req.partitions, p->req.team, p->req.why_review);
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(p->req.topic);
        kx_plan_change(plan, "request", json_null(),
                       json_pack("{s:s, s:s, s:i, s:i, s:O, s:s}", "topic", p->req.topic, "team", p->req.team,
                                 "partitions", p->req.partitions, "replication", p->req.replication, "configs",
                                 p->req.configs, "requested_by", op));
        plan->undo = json_pack("{s:s}", "how", "klaxon request reject ID");
        return plan_create(p, ctx, plan, false, err);
}

static int decide_plan(struct request_params *p, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                       struct kx_err *err)
{
        char buf[700], op[128], why[300];
        int rc;

        kx_topic_request_done(&p->req);
        if ((rc = kx_topic_request_get(ctx->store, p->id, &p->req, err)))
                return rc;
        who(ctx, op, sizeof(op));
        snprintf(buf, sizeof(buf), "%s request %lld for topic %s (%d partitions, team %s), filed by %s",
                 p->approve ? "approve" : "reject", (long long)p->id, p->req.topic, p->req.partitions,
                 p->req.team, p->req.requested_by);
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(p->req.topic);
        kx_plan_change(plan, "request.status", json_string(p->req.status),
                       json_string(p->approve ? "approved" : "rejected"));
        plan->undo = json_pack("{s:I}", "request", (json_int_t)p->id);
        if (kx_topic_request_refused(&p->req, op, why, sizeof(why))) {
                plan->blocker = kx_xstrdup(why);
                return 0;
        }
        if (!p->approve)
                return 0;
        return plan_create(p, ctx, plan, true, err);
}

static int request_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                        struct kx_err *err)
{
        struct request_params *p = a->params;
        int rc = need_store(ctx, err);

        if (rc)
                return rc;
        return p->filing ? file_plan(p, ctx, plan, err) : decide_plan(p, ctx, plan, err);
}

static int request_execute(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                           json_t **result, struct kx_err *err)
{
        struct request_params *p = a->params;
        char op[128];
        json_t *created = NULL;
        int rc;

        (void)plan;
        if (p->filing) {
                p->req.requested_ms = kx_now_ms();
                rc = kx_topic_request_add(ctx->store, &p->req, &p->id, err);
                *result = json_pack("{s:I}", "request", (json_int_t)p->id);
                return rc;
        }
        who(ctx, op, sizeof(op));
        if (p->approve) {
                /* Create first: a failed creation leaves the request pending. */
                rc = p->create->ops->execute(p->create, ctx, &p->create_plan, &created, err);
                if (!rc)
                        rc = p->create->ops->verify(p->create, ctx, &p->create_plan, err);
                if (rc) {
                        *result = json_pack("{s:I, s:o?}", "request", (json_int_t)p->id, "create", created);
                        return rc;
                }
        }
        rc = kx_topic_request_decide(ctx->store, p->id, p->approve ? "approved" : "rejected", op, kx_now_ms(),
                                     err);
        *result = json_pack("{s:I, s:s, s:o?}", "request", (json_int_t)p->id, "status",
                            p->approve ? "approved" : "rejected", "create", created);
        return rc;
}

static int request_verify(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                          struct kx_err *err)
{
        struct request_params *p = a->params;
        struct kx_topic_request now;
        const char *want = p->filing ? "pending" : p->approve ? "approved" : "rejected";
        int rc = kx_topic_request_get(ctx->store, p->id, &now, err);

        (void)plan;
        if (!rc && strcmp(now.status, want))
                rc = kx_err_set(err, KX_ERR_STATE, "verify: request %lld is %s, not %s", (long long)p->id,
                                now.status, want);
        kx_topic_request_done(&now);
        return rc;
}

static void request_free(struct kx_action *a)
{
        struct request_params *p = a->params;

        kx_topic_request_done(&p->req);
        if (p->have_create_plan)
                kx_plan_free(&p->create_plan);
        kx_action_free(p->create);
        free(p);
        free(a);
}

static const struct kx_action_ops file_ops = {
        .name = "topic-request-file",
        .plan = request_plan,
        .execute = request_execute,
        .verify = request_verify,
        .free = request_free,
};

static const struct kx_action_ops approve_ops = {
        .name = "topic-request-approve",
        .plan = request_plan,
        .execute = request_execute,
        .verify = request_verify,
        .free = request_free,
};

static const struct kx_action_ops reject_ops = {
        .name = "topic-request-reject",
        .plan = request_plan,
        .execute = request_execute,
        .verify = request_verify,
        .free = request_free,
};

struct kx_action *kx_action_topic_request_file(const struct kx_topic_request *req)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct request_params *p = kx_xcalloc(1, sizeof(*p));

        p->filing = true;
        p->req.topic = kx_xstrdup(req->topic);
        p->req.team = kx_xstrdup(req->team ? req->team : "");
        p->req.partitions = req->partitions;
        p->req.replication = req->replication;
        p->req.configs = req->configs ? json_deep_copy(req->configs) : json_object();
        p->req.reason = kx_xstrdup(req->reason ? req->reason : "");
        p->req.why_review = kx_xstrdup(req->why_review ? req->why_review : "");
        a->ops = &file_ops;
        a->params = p;
        return a;
}

int64_t kx_action_topic_request_id(const struct kx_action *a)
{
        return ((const struct request_params *)a->params)->id;
}

struct kx_action *kx_action_topic_request_decide(int64_t id, bool approve)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct request_params *p = kx_xcalloc(1, sizeof(*p));

        p->id = id;
        p->approve = approve;
        a->ops = approve ? &approve_ops : &reject_ops;
        a->params = p;
        return a;
}
