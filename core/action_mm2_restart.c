/* action_mm2_restart.c - resume or restart every MM2 connector. */
#include "action_mm2_restart.h"
#include "connect.h"
#include "mm2.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mm2_restart_params {
        char *url;
        struct kx_mm2_health conns;  /* connectors as planned */
};

static int mm2_restart_plan(struct kx_action *a, const struct kx_action_ctx *ctx,
                            struct kx_plan *plan, struct kx_err *err)
{
        struct mm2_restart_params *p = a->params;
        char summary[600] = "";
        size_t len;
        int rc;

        memset(&p->conns, 0, sizeof(p->conns));
        rc = kx_mm2_read_connectors(&p->conns, p->url, ctx->timeout_ms, err);
        if (rc)
                return rc;
        if (!p->conns.connector_cnt)
                return kx_err_set(err, KX_ERR_NOT_FOUND, "no MirrorMaker 2 connector on %s", p->url);
        snprintf(summary, sizeof(summary), "MirrorMaker 2 on %s:", p->url);
        for (int i = 0; i < p->conns.connector_cnt; i++) {
                const struct kx_mm2_connector *c = &p->conns.connectors[i];
                bool paused = !strcmp(c->state, "PAUSED");

                kx_plan_change(plan, c->name,
                               json_pack("{s:s, s:i, s:i}", "state", c->state, "tasks", c->tasks,
                                         "running", c->running),
                               json_pack("{s:s, s:s}", "state", "RUNNING", "by",
                                         paused ? "resume" : "restart with tasks"));
                len = strlen(summary);
                snprintf(summary + len, sizeof(summary) - len, " %s %s (%s)", paused ? "resume" : "restart",
                         c->name, c->state);
        }
        plan->summary = kx_xstrdup(summary);
        plan->target = kx_xstrdup("mirrormaker");
        plan->undo = json_pack("{s:s}", "undo", "none needed: connectors keep their config and offsets");
        return 0;
}

static int mm2_restart_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                               const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct mm2_restart_params *p = a->params;
        json_t *done = json_array();
        int rc = 0;

        (void)plan;
        for (int i = 0; i < p->conns.connector_cnt && !rc; i++) {
                const struct kx_mm2_connector *c = &p->conns.connectors[i];
                bool paused = !strcmp(c->state, "PAUSED");

                rc = paused ? kx_connect_pause(p->url, c->name, false, ctx->timeout_ms, err)
                            : kx_connect_restart(p->url, c->name, true, false, ctx->timeout_ms, err);
                if (!rc)
                        json_array_append_new(done, json_pack("{s:s, s:s}", "connector", c->name, "did",
                                                              paused ? "resumed" : "restarted"));
        }
        *result = json_pack("{s:o}", "connectors", done);
        return rc;
}

/* Connect applies both asynchronously: poll until everything runs. A
 * connector may have no task yet (no topic or group matches): that runs. */
static int mm2_restart_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                              const struct kx_plan *plan, struct kx_err *err)
{
        struct mm2_restart_params *p = a->params;
        struct kx_mm2_health now;
        char why[300];
        int64_t deadline = kx_mono_ms() + 30000;

        (void)plan;
        do {
                memset(&now, 0, sizeof(now));
                if (!kx_mm2_read_connectors(&now, p->url, ctx->timeout_ms, err) &&
                    kx_mm2_in_sync(&now, INT64_MAX, 0, why, sizeof(why)))
                        return 0;
                usleep(300 * 1000);
        } while (kx_mono_ms() < deadline);
        return kx_err_set(err, KX_ERR_PEER, "%s", err->code ? err->msg : why);
}

static void mm2_restart_free(struct kx_action *a)
{
        struct mm2_restart_params *p = a->params;

        free(p->url);
        free(p);
        free(a);
}

static const struct kx_action_ops mm2_restart_ops = {
        .name = "mm2-restart",
        .plan = mm2_restart_plan,
        .execute = mm2_restart_execute,
        .verify = mm2_restart_verify,
        .free = mm2_restart_free,
};

struct kx_action *kx_action_mm2_restart(const char *connect_url)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct mm2_restart_params *p = kx_xcalloc(1, sizeof(*p));

        p->url = kx_xstrdup(connect_url);
        a->ops = &mm2_restart_ops;
        a->params = p;
        return a;
}
