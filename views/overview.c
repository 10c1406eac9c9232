/* overview.c - the first screen: cluster health at a glance. */
#include "view.h"
#include "../core/job_store.h"

#include <stdio.h>
#include <string.h>

#define TOP_N 5

/* Summed once per snapshot in update(): draw() runs every second and must
 * not walk 50k partitions each time. Pointers point into the snapshot the
 * console holds until the next update. */
struct overview_view {
        struct kx_snapshot_totals tot;
        int by_status[KX_LAG_ERR + 1];
        const struct kx_group *top[TOP_N];
};

/* The 5 groups with the most lag, worst first. */
static void top_lagging(const struct kx_snapshot *snap, const struct kx_group **top, int n)
{
        for (int i = 0; i < n; i++)
                top[i] = NULL;
        for (int g = 0; g < snap->group_cnt; g++) {
                const struct kx_group *grp = &snap->groups[g];

                for (int i = 0; i < n; i++) {
                        if (!top[i] || grp->lag > top[i]->lag) {
                                memmove(&top[i + 1], &top[i], sizeof(top[0]) * (size_t)(n - i - 1));
                                top[i] = grp;
                                break;
                        }
                }
        }
}

static void overview_update(struct view *v, struct view_ctx *ctx)
{
        struct overview_view *ov = v->priv;

        memset(ov, 0, sizeof(*ov));
        if (!ctx->snap)
                return;
        kx_snapshot_totals(ctx->snap, &ov->tot);
        for (int g = 0; g < ctx->snap->group_cnt; g++)
                ov->by_status[ctx->snap->groups[g].error ? KX_LAG_ERR : ctx->snap->groups[g].status]++;
        top_lagging(ctx->snap, ov->top, TOP_N);
}

static int draw_health(const struct overview_view *ov, struct view_ctx *ctx,
                       const struct kx_snapshot *snap, int y, int x, int w)
{
        const struct kx_snapshot_totals *t = &ov->tot;
        const int *by_status = ov->by_status;
        char line[256];
        size_t used = 0;

        tui_textf(ctx->scr, y, x, w, TUI_C_NORMAL, "Cluster   %s", snap->cluster_id ? snap->cluster_id : "?");
        tui_textf(ctx->scr, y + 1, x, w, t->brokers_down ? TUI_C_BAD : TUI_C_OK,
                  "Brokers   %d up of %d", t->brokers_up, t->brokers_up + t->brokers_down);
        tui_textf(ctx->scr, y + 2, x, w, t->under_replicated ? TUI_C_WARN : TUI_C_OK,
                  "Partitions %d, under-replicated %d", t->partitions, t->under_replicated);
        tui_textf(ctx->scr, y + 3, x, w, t->offline ? TUI_C_BAD : TUI_C_OK, "Offline   %d partitions",
                  t->offline);
        for (int s = KX_LAG_OK; s <= KX_LAG_ERR; s++)
                used += (size_t)snprintf(line + used, sizeof(line) - used, "%s %d  ",
                                         kx_lag_status_label(s), by_status[s]);
        tui_textf(ctx->scr, y + 4, x, w,
                  by_status[KX_LAG_STOP] + by_status[KX_LAG_STALL] + by_status[KX_LAG_ERR] ? TUI_C_BAD
                  : by_status[KX_LAG_WARN] ? TUI_C_WARN : TUI_C_OK,
                  "Groups    %d: %s", snap->group_cnt, line);
        return 6;
}

/* Replay jobs by state, from the list the console hands over. */
static void draw_jobs(struct view_ctx *ctx, int y, int x, int w)
{
        int running = 0, paused = 0, interrupted = 0;

        for (size_t i = 0; i < ctx->job_cnt; i++) {
                const char *st = ctx->jobs[i].state;

                running += !strcmp(st, "running") || !strcmp(st, "queued") || !strcmp(st, "cancelling");
                paused += !strcmp(st, "paused");
                interrupted += !strcmp(st, "interrupted") || !strcmp(st, "stopped");
        }
        tui_text(ctx->scr, y, x, w, "JOBS", TUI_C_HEADER, true, false);
        if (running + paused + interrupted)
                tui_textf(ctx->scr, y + 1, x, w, paused || interrupted ? TUI_C_WARN : TUI_C_OK,
                          "%d replay job(s) running, %d paused, %d interrupted (7: jobs)", running,
                          paused, interrupted);
        else
                tui_text(ctx->scr, y + 1, x, w, "no replay jobs running", TUI_C_DIM, true, false);
}

static void overview_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        const struct overview_view *ov = v->priv;
        const struct kx_snapshot *snap = ctx->snap;
        const struct kx_group *const *top = ov->top;
        char when[64], lag[32];
        int row;

        if (!snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        row = draw_health(ov, ctx, snap, y, x, w);
        if (row + 7 <= h) {
                tui_text(ctx->scr, y + row, x, w, "TOP LAGGING GROUPS", TUI_C_HEADER, true, false);
                for (int i = 0; i < TOP_N && top[i]; i++)
                        tui_textf(ctx->scr, y + row + 1 + i, x, w,
                                  top[i]->status >= KX_LAG_STALL ? TUI_C_BAD
                                  : top[i]->status == KX_LAG_WARN ? TUI_C_WARN : TUI_C_NORMAL,
                                  "%-6s %9s  %s", kx_lag_status_label(top[i]->status),
                                  tui_human_count(top[i]->lag, lag, sizeof(lag)), top[i]->group);
                row += 7;
        }
        if (row + 3 <= h) {
                tui_text(ctx->scr, y + row, x, w, "SLO BUDGETS", TUI_C_HEADER, true, false);
                view_budgets_panel(ctx, y + row + 1, x, w);
                row += 3;
        }
        if (row + 2 <= h) {
                draw_jobs(ctx, y + row, x, w);
                row += 3;
        }
        if (row < h) {
                snprintf(when, sizeof(when), "snapshot %lld s old, collected in %lld ms, %d error(s)",
                         (long long)((ctx->now_ms - snap->collected_at_ms) / 1000),
                         (long long)snap->duration_ms, snap->error_cnt);
                tui_text(ctx->scr, y + h - 1, x, w, when, TUI_C_DIM, true, false);
        }
}

static enum request overview_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        (void)v, (void)ctx, (void)page;
        return req;
}

const struct view_ops view_overview_ops = {
        .name = "overview",
        .title = "Overview",
        .private_size = sizeof(struct overview_view),
        .update = overview_update,
        .draw = overview_draw,
        .request = overview_request,
};
