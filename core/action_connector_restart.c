/* action_connector_restart.c - restart a connector and its tasks. */
#include "action_connector_restart.h"
#include "connect.h"
#include "kafka.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct restart_params {
        char *url, *name;
        bool only_failed;
};

static json_t *state_json(const struct kx_connector_state *st)
{
        return json_pack("{s:s, s:i, s:i, s:i}", "connector", st->state, "tasks", st->task_cnt,
                         "running", st->tasks_running, "failed", st->tasks_failed);
}

static int restart_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                        struct kx_err *err)
{
        struct restart_params *p = a->params;
        struct kx_connector_state st;
        char what[600];
        int rc = kx_connect_status(p->url, p->name, ctx->timeout_ms, &st, err);

        if (rc)
                return rc;
        kx_plan_change(plan, "connector and tasks", state_json(&st),
                       json_pack("{s:s, s:i}", "connector", "RUNNING", "running", st.task_cnt));
        snprintf(what, sizeof(what), "restart connector %s (%s, %d task(s), %d failed)%s%s", p->name,
                 st.state, st.task_cnt, st.tasks_failed, st.first_trace[0] ? "; trace: " : "",
                 st.first_trace);
        plan->summary = kx_xstrdup(what);
        plan->target = kx_xstrdup(p->name);
        plan->undo = json_pack("{s:s, s:s}", "connector", p->name, "undo",
                               "none needed: a restart keeps the connector's config and offsets");
        if (!strcmp(st.state, "PAUSED"))
                plan->blocker = kx_xstrdup("the connector is PAUSED: resume it instead of restarting");
        return 0;
}

static int restart_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                           const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct restart_params *p = a->params;
        int rc = kx_connect_restart(p->url, p->name, true, p->only_failed, ctx->timeout_ms, err);

        (void)plan;
        *result = json_pack("{s:s, s:b}", "restart", rc ? "failed" : "requested", "only_failed",
                            p->only_failed);
        return rc;
}

/* Connect restarts asynchronously: poll until everything runs again. */
static int restart_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                          const struct kx_plan *plan, struct kx_err *err)
{
        struct restart_params *p = a->params;

        (void)plan;
        return kx_connect_wait_state(p->url, p->name, "RUNNING", 30000, ctx->timeout_ms, err);
}

static void restart_free(struct kx_action *a)
{
        struct restart_params *p = a->params;

        free(p->url);
        free(p->name);
        free(p);
        free(a);
}

static const struct kx_action_ops connector_restart_ops = {
        .name = "connector-restart",
        .plan = restart_plan,
        .execute = restart_execute,
        .verify = restart_verify,
        .free = restart_free,
};

struct kx_action *kx_action_connector_restart(const char *connect_url, const char *name,
                                              bool only_failed)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct restart_params *p = kx_xcalloc(1, sizeof(*p));

        p->url = kx_xstrdup(connect_url);
        p->name = kx_xstrdup(name);
        p->only_failed = only_failed;
        a->ops = &connector_restart_ops;
        a->params = p;
        return a;
}
