/* guardian.c - the consumer guardian. */
#include "guardian.h"
#include "action_group_fence.h"
#include "idle.h"
#include "units.h"
#include "webhook.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

bool kx_guardian_eval(const struct kx_policy_guardian *rule, struct kx_guardian_state *st, bool known,
                      int64_t lag, int64_t committed, int64_t now_ms, int64_t *over_for, int64_t *stuck_for)
{
        if (!known || committed != st->committed) {
                st->committed = committed;
                st->progress_ms = now_ms;
        }
        if (lag > rule->lag_above) {
                if (!st->over_since_ms)
                        st->over_since_ms = now_ms;
        } else {
                st->over_since_ms = 0;
        }
        *over_for = st->over_since_ms ? now_ms - st->over_since_ms : 0;
        *stuck_for = now_ms - st->progress_ms;
        return st->over_since_ms && *over_for >= rule->for_ms && *stuck_for >= rule->no_progress_ms;
}

static int sql_fail(const struct kx_action_ctx *ctx, struct kx_err *err)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s", ctx->store->path, sqlite3_errmsg(ctx->store->db));
}

static int load(const struct kx_action_ctx *ctx, const char *group, struct kx_guardian_state *st, bool *known,
                struct kx_err *err)
{
        sqlite3_stmt *q;

        memset(st, 0, sizeof(*st));
        *known = false;
        if (sqlite3_prepare_v2(ctx->store->db, "SELECT over_since_ms, committed, progress_ms, paused_ms FROM "
                                               "guardian_group WHERE group_id = ?", -1, &q, NULL) != SQLITE_OK)
                return sql_fail(ctx, err);
        sqlite3_bind_text(q, 1, group, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
                *known = true;
                st->over_since_ms = sqlite3_column_int64(q, 0);
                st->committed = sqlite3_column_int64(q, 1);
                st->progress_ms = sqlite3_column_int64(q, 2);
                st->paused_ms = sqlite3_column_int64(q, 3);
        }
        sqlite3_finalize(q);
        return 0;
}

static int save(const struct kx_action_ctx *ctx, const char *group, const struct kx_guardian_state *st,
                struct kx_err *err)
{
        sqlite3_stmt *q;
        int rc = 0;

        if (sqlite3_prepare_v2(ctx->store->db, "INSERT OR REPLACE INTO guardian_group (group_id, over_since_ms, "
                                               "committed, progress_ms, paused_ms) VALUES (?, ?, ?, ?, ?)",
                               -1, &q, NULL) != SQLITE_OK)
                return sql_fail(ctx, err);
        sqlite3_bind_text(q, 1, group, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, st->over_since_ms);
        sqlite3_bind_int64(q, 3, st->committed);
        sqlite3_bind_int64(q, 4, st->progress_ms);
        sqlite3_bind_int64(q, 5, st->paused_ms);
        if (sqlite3_step(q) != SQLITE_DONE)
                rc = sql_fail(ctx, err);
        sqlite3_finalize(q);
        return rc;
}

/* Plan the pause (audited); execute it unless dry-run. Returns the outcome. */
static char *pause_group(const struct kx_guardian_opts *o, const struct kx_action_ctx *ctx, const char *group,
                         bool *paused)
{
        struct kx_action *a = kx_action_group_fence(group, o->principal, true, o->connect_url);
        struct kx_plan plan;
        struct kx_err err;
        char buf[400];

        *paused = false;
        if (kx_action_plan(a, ctx, &plan, &err)) {
                snprintf(buf, sizeof(buf), "pause failed: %s", err.msg);
        } else if (plan.blocker && strstr(plan.blocker, "already paused")) {
                /* Fenced before (by an operator, or an earlier guardian state). */
                snprintf(buf, sizeof(buf), "already paused");
                *paused = true;
                kx_plan_free(&plan);
        } else {
                if (o->dry_run)
                        snprintf(buf, sizeof(buf), "dry run: would pause (%s)", plan.summary);
                else if (kx_action_execute(a, ctx, &plan, &err))
                        snprintf(buf, sizeof(buf), "pause failed: %s", err.msg);
                else
                        snprintf(buf, sizeof(buf), "paused (%s)", plan.summary);
                *paused = !o->dry_run && !strncmp(buf, "paused", 6);
                kx_plan_free(&plan);
        }
        kx_action_free(a);
        return kx_xstrdup(buf);
}

static void notify(const struct kx_guardian_opts *o, const struct kx_snapshot *snap, struct kx_guardian_hit *h)
{
        const char *url = o->webhook ? o->webhook : o->rule->webhook;
        char a[32], b[32], rule[200];
        struct kx_err err;
        json_t *body;

        if (!url || !*url)
                return;
        snprintf(rule, sizeof(rule), "lag > %lld for > %s and no progress for %s", (long long)o->rule->lag_above,
                 kx_format_retention(o->rule->for_ms, a, sizeof(a)),
                 kx_format_retention(o->rule->no_progress_ms, b, sizeof(b)));
        body = json_pack("{s:s, s:s?, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:b}", "source", "klaxon-guardian",
                         "cluster", snap->cluster_id, "group", h->group, "lag", (json_int_t)h->lag, "over_for_s",
                         (json_int_t)(h->over_for_ms / 1000), "no_progress_s", (json_int_t)(h->stuck_for_ms / 1000),
                         "rule", rule, "reason", h->reason, "outcome", h->outcome, "dry_run", o->dry_run);
        struct kx_webhook_retry retry = {KX_GUARDIAN_WEBHOOK_ATTEMPTS, KX_GUARDIAN_WEBHOOK_TIMEOUT_MS,
                                         KX_GUARDIAN_WEBHOOK_BACKOFF_MS};

        if (kx_webhook_post_retry(url, body, &retry, &h->webhook_attempts, &err))
                h->webhook_error = kx_xstrdup(err.msg);
        json_decref(body);
}

static int64_t committed_sum(const struct kx_group *g)
{
        int64_t sum = 0;

        for (int i = 0; i < g->partition_cnt; i++)
                if (g->partitions[i].committed_offset > 0)
                        sum += g->partitions[i].committed_offset;
        return sum;
}

/* The first idle topic g has committed offsets on, or NULL. */
static const char *dead_topic_of(const struct kx_group *g, const struct kx_idle_list *idle)
{
        for (int p = 0; p < g->partition_cnt; p++) {
                if (g->partitions[p].committed_offset < 0)
                        continue;
                for (int t = 0; t < idle->cnt; t++)
                        if (!strcmp(idle->items[t].topic, g->partitions[p].topic))
                                return idle->items[t].topic;
        }
        return NULL;
}

int kx_guardian_once(const struct kx_guardian_opts *opts, const struct kx_action_ctx *ctx,
                     const struct kx_snapshot *snap, int64_t now_ms, struct kx_guardian_report *out,
                     struct kx_err *err)
{
        struct kx_idle_list idle = {0};
        int rc;

        memset(out, 0, sizeof(*out));
        if (opts->policy && (rc = kx_idle_detect(opts->policy, ctx->store, snap, now_ms, &idle, err)))
                return rc;
        rc = 0;
        for (int i = 0; i < snap->group_cnt && !rc; i++) {
                const struct kx_group *g = &snap->groups[i];
                struct kx_guardian_state st;
                struct kx_guardian_hit *h;
                int64_t over_for, stuck_for;
                const char *dead = NULL;
                bool known, fired, paused;

                if (g->error)
                        continue; /* offsets unknown: no verdict */
                out->watched++;
                if ((rc = load(ctx, g->group, &st, &known, err)))
                        break;
                fired = kx_guardian_eval(opts->rule, &st, known, g->lag, committed_sum(g), now_ms, &over_for,
                                         &stuck_for);
                if (!fired)
                        dead = dead_topic_of(g, &idle);
                if ((fired || dead) && !st.paused_ms) {
                        char reason[400];

                        out->hits = kx_xrealloc(out->hits, (size_t)(out->cnt + 1) * sizeof(*h));
                        h = &out->hits[out->cnt++];
                        memset(h, 0, sizeof(*h));
                        h->group = kx_xstrdup(g->group);
                        h->lag = g->lag;
                        h->over_for_ms = over_for;
                        h->stuck_for_ms = stuck_for;
                        snprintf(reason, sizeof(reason), "%s%s", dead ? "consuming from dead topic " : "lag",
                                 dead ? dead : "");
                        h->reason = kx_xstrdup(reason);
                        h->outcome = pause_group(opts, ctx, g->group, &paused);
                        if (paused)
                                st.paused_ms = now_ms;
                        notify(opts, snap, h);
                }
                rc = save(ctx, g->group, &st, err);
        }
        kx_idle_list_free(&idle);
        return rc;
}

void kx_guardian_report_free(struct kx_guardian_report *r)
{
        for (int i = 0; i < r->cnt; i++) {
                free(r->hits[i].group);
                free(r->hits[i].reason);
                free(r->hits[i].outcome);
                free(r->hits[i].webhook_error);
        }
        free(r->hits);
        memset(r, 0, sizeof(*r));
}
