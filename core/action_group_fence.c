/* action_group_fence.c - DENY READ ACLs as a group pause switch. */
#include "action_group_fence.h"
#include "admin_batch.h"
#include "connect.h"
#include "kafka.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fence_params {
        char *group, *principal, *connect_url;
        const char *connector;   /* into group, when Connect does the pausing */
        bool pause;
};

struct acl_call {
        const struct fence_params *p;
        int found;                 /* describe: matching DENY READ bindings */
        bool no_authorizer;
        struct kx_err *err;
        int rc;
};

static rd_kafka_AclBindingFilter_t *filter(const struct fence_params *p)
{
        char errstr[256];

        return rd_kafka_AclBindingFilter_new(RD_KAFKA_RESOURCE_GROUP, p->group,
                                             RD_KAFKA_RESOURCE_PATTERN_LITERAL, p->principal, "*",
                                             RD_KAFKA_ACL_OPERATION_READ,
                                             RD_KAFKA_ACL_PERMISSION_TYPE_DENY, errstr, sizeof(errstr));
}

static void describe_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                           rd_kafka_queue_t *q, void *arg)
{
        struct acl_call *c = arg;
        rd_kafka_AclBindingFilter_t *f = filter(c->p);

        (void)item, (void)retry;
        rd_kafka_DescribeAcls(rk, f, opts, q);
        rd_kafka_AclBinding_destroy(f);
}

static void change_issue(rd_kafka_t *rk, size_t item, bool retry, rd_kafka_AdminOptions_t *opts,
                         rd_kafka_queue_t *q, void *arg)
{
        struct acl_call *c = arg;
        char errstr[256];

        (void)item, (void)retry;
        if (c->p->pause) {
                rd_kafka_AclBinding_t *b = rd_kafka_AclBinding_new(
                        RD_KAFKA_RESOURCE_GROUP, c->p->group, RD_KAFKA_RESOURCE_PATTERN_LITERAL,
                        c->p->principal, "*", RD_KAFKA_ACL_OPERATION_READ,
                        RD_KAFKA_ACL_PERMISSION_TYPE_DENY, errstr, sizeof(errstr));

                rd_kafka_CreateAcls(rk, &b, 1, opts, q);
                rd_kafka_AclBinding_destroy(b);
        } else {
                rd_kafka_AclBindingFilter_t *f = filter(c->p);

                rd_kafka_DeleteAcls(rk, &f, 1, opts, q);
                rd_kafka_AclBinding_destroy(f);
        }
}

static enum kx_admin_verdict acl_result(size_t item, rd_kafka_event_t *ev, void *arg)
{
        struct acl_call *c = arg;
        rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
        size_t cnt = 0;

        (void)item;
        if (e) {
                c->no_authorizer = e == RD_KAFKA_RESP_ERR_SECURITY_DISABLED;
                c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "ACLs of group %s: %s", c->p->group,
                                   rd_kafka_event_error_string(ev));
                return KX_ADMIN_DONE;
        }
        if (rd_kafka_event_DescribeAcls_result(ev)) {
                rd_kafka_DescribeAcls_result_acls(rd_kafka_event_DescribeAcls_result(ev), &cnt);
                c->found = (int)cnt;
        } else if (rd_kafka_event_CreateAcls_result(ev)) {
                const rd_kafka_acl_result_t **r =
                        rd_kafka_CreateAcls_result_acls(rd_kafka_event_CreateAcls_result(ev), &cnt);

                if (cnt && rd_kafka_acl_result_error(r[0]))
                        c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "CreateAcls: %s",
                                           rd_kafka_error_string(rd_kafka_acl_result_error(r[0])));
        } else if (rd_kafka_event_DeleteAcls_result(ev)) {
                const rd_kafka_DeleteAcls_result_response_t **r =
                        rd_kafka_DeleteAcls_result_responses(rd_kafka_event_DeleteAcls_result(ev), &cnt);

                if (cnt && rd_kafka_DeleteAcls_result_response_error(r[0]))
                        c->rc = kx_err_set(c->err, KX_ERR_KAFKA, "DeleteAcls: %s",
                                           rd_kafka_error_string(
                                                   rd_kafka_DeleteAcls_result_response_error(r[0])));
        }
        return KX_ADMIN_DONE;
}

static int count_acls(const struct kx_action_ctx *ctx, const struct fence_params *p,
                      struct acl_call *c, struct kx_err *err)
{
        memset(c, 0, sizeof(*c));
        c->p = p;
        c->err = err;
        kx_admin_run_one(ctx->rk, RD_KAFKA_ADMIN_OP_DESCRIBEACLS, ctx->timeout_ms, describe_issue,
                         acl_result, c);
        return c->rc;
}

/* ---- through Kafka Connect ---- */

/* What both mechanisms' plans share: summary, target, undo, and the
 * blocker when the group is already in the asked-for state. */
static void plan_common(const struct fence_params *p, struct kx_plan *plan, const char *summary,
                        const char *mechanism, bool paused_now)
{
        plan->summary = kx_xstrdup(summary);
        plan->target = kx_xstrdup(p->group);
        plan->undo = json_pack("{s:s, s:s, s:s, s:s}", "group", p->group, "mechanism", mechanism,
                               "principal", p->principal, "undo",
                               p->pause ? "klaxon group resume" : "klaxon group pause");
        if (p->pause && paused_now)
                plan->blocker = kx_xstrdup("the group is already paused");
        else if (!p->pause && !paused_now)
                plan->blocker = kx_xstrdup("the group is not paused by klaxon");
}

static int connect_plan(struct fence_params *p, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                        struct kx_err *err)
{
        struct kx_connector_state st;
        char what[600];
        int rc = kx_connect_status(p->connect_url, p->connector, ctx->timeout_ms, &st, err);

        if (rc)
                return rc;
        snprintf(what, sizeof(what), "connector %s", p->connector);
        kx_plan_change(plan, what, json_string(st.state), json_string(p->pause ? "PAUSED" : "RUNNING"));
        snprintf(what, sizeof(what),
                 p->pause ? "pause group %s through Kafka Connect: connector %s stops consuming; "
                            "resume restarts it where it was"
                          : "resume group %s: resume connector %s through Kafka Connect",
                 p->group, p->connector);
        plan_common(p, plan, what, "connect", !strcmp(st.state, "PAUSED"));
        return 0;
}

static int connect_verify(struct fence_params *p, const struct kx_action_ctx *ctx, struct kx_err *err)
{
        return kx_connect_wait_state(p->connect_url, p->connector, p->pause ? "PAUSED" : "RUNNING", 20000,
                                     ctx->timeout_ms, err);
}

/* ---- the action ---- */

static int acl_plan(struct fence_params *p, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                    struct kx_err *err)
{
        struct acl_call c;
        char what[600];
        int rc = count_acls(ctx, p, &c, err);

        if (rc && !c.no_authorizer)
                return rc;
        snprintf(what, sizeof(what), "ACL DENY READ group:%s for %s", p->group, p->principal);
        kx_plan_change(plan, what, json_string(c.found ? "present" : "absent"),
                       json_string(p->pause ? "present" : "absent"));
        snprintf(what, sizeof(what),
                 p->pause ? "pause group %s: a DENY READ ACL for %s stops its members joining, "
                            "fetching offsets and committing; resume removes it"
                          : "resume group %s: remove the DENY READ ACL for %s",
                 p->group, p->principal);
        plan_common(p, plan, what, "acl", c.found > 0);
        if (c.no_authorizer) {
                free(plan->blocker);
                plan->blocker = kx_xstrdup("the cluster has no authorizer, so an ACL cannot fence the "
                                           "group: stop its consumers instead");
        }
        return 0;
}

static int fence_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                      struct kx_err *err)
{
        struct fence_params *p = a->params;

        if (p->connector)
                return connect_plan(p, ctx, plan, err);
        return acl_plan(p, ctx, plan, err);
}

static int fence_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                         const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct fence_params *p = a->params;
        struct acl_call c = {.p = p, .err = err};

        (void)plan;
        if (p->connector) {
                int rc = kx_connect_pause(p->connect_url, p->connector, p->pause, ctx->timeout_ms, err);

                *result = json_pack("{s:s, s:s}", "mechanism", "connect", "connector", p->connector);
                return rc;
        }
        kx_admin_run_one(ctx->rk, p->pause ? RD_KAFKA_ADMIN_OP_CREATEACLS : RD_KAFKA_ADMIN_OP_DELETEACLS,
                         ctx->timeout_ms, change_issue, acl_result, &c);
        *result = json_pack("{s:s, s:s}", "mechanism", "acl", "acl",
                            p->pause ? "created" : "deleted");
        return c.rc;
}

static int fence_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                        const struct kx_plan *plan, struct kx_err *err)
{
        struct fence_params *p = a->params;
        struct acl_call c;
        int rc;

        (void)plan;
        if (p->connector)
                return connect_verify(p, ctx, err);
        rc = count_acls(ctx, p, &c, err);
        if (!rc && (c.found > 0) != p->pause)
                rc = kx_err_set(err, KX_ERR_KAFKA, "verify: the ACL on group %s is %s", p->group,
                                c.found ? "still there" : "missing");
        return rc;
}

static void fence_free(struct kx_action *a)
{
        struct fence_params *p = a->params;

        free(p->group);
        free(p->principal);
        free(p->connect_url);
        free(p);
        free(a);
}

static const struct kx_action_ops pause_ops = {
        .name = "group-pause",
        .plan = fence_plan,
        .execute = fence_execute,
        .verify = fence_verify,
        .free = fence_free,
};

static const struct kx_action_ops resume_ops = {
        .name = "group-resume",
        .plan = fence_plan,
        .execute = fence_execute,
        .verify = fence_verify,
        .free = fence_free,
};

struct kx_action *kx_action_group_fence(const char *group, const char *principal, bool pause,
                                        const char *connect_url)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct fence_params *p = kx_xcalloc(1, sizeof(*p));

        p->group = kx_xstrdup(group);
        p->principal = kx_xstrdup(principal ? principal : "User:*");
        p->pause = pause;
        if (connect_url && kx_connect_connector_of_group(group)) {
                p->connect_url = kx_xstrdup(connect_url);
                p->connector = kx_connect_connector_of_group(p->group);
        }
        a->ops = pause ? &pause_ops : &resume_ops;
        a->params = p;
        return a;
}
