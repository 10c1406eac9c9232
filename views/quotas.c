/* quotas.c - configured client quotas (user, client-id and their
 * defaults), read by klaxon's DescribeClientQuotas on the admin poller's
 * cadence and handed over in the snapshot, each with the throttle time and
 * byte rate the brokers observed (from Prometheus when configured, else a
 * line saying where it would come from); below them, each team's usage
 * against its policy quotas (the governance data the console builds while
 * this view or the governance view shows). */
#include "view.h"
#include "../core/governance.h"

#include <stdio.h>

static const struct tui_col cols[] = {
        {"ENTITY", 36, false, false, false},
        {"QUOTA", 26, false, false, false},
        {"VALUE", 14, true, true, false},
        {"THROTTLE MS", 12, true, true, false},
        {"OBSERVED B/S", 13, true, true, false},
};

struct quotas_view {
        struct tui_table table;
};

static void quotas_update(struct view *v, struct view_ctx *ctx)
{
        struct quotas_view *qv = v->priv;
        const struct kx_snapshot *snap = ctx->snap;

        if (!qv->table.cols)
                tui_table_init(&qv->table, cols, (int)(sizeof(cols) / sizeof(cols[0])));
        tui_table_reset(&qv->table);
        for (int i = 0; snap && i < snap->quota_cnt; i++) {
                const struct kx_snapshot_quota *q = &snap->quotas[i];
                int r = tui_table_add(&qv->table, TUI_C_NORMAL);

                tui_table_set(&qv->table, r, 0, 0, "%s", q->entity);
                tui_table_set(&qv->table, r, 1, 0, "%s", q->key);
                tui_table_set(&qv->table, r, 2, q->value, "%.17g", q->value);
                if (q->throttle_ms >= 0)
                        tui_table_set(&qv->table, r, 3, q->throttle_ms, "%.0f", q->throttle_ms);
                else
                        tui_table_set(&qv->table, r, 3, -1, "-");
                if (q->byte_rate >= 0)
                        tui_table_set(&qv->table, r, 4, q->byte_rate, "%.0f", q->byte_rate);
                else
                        tui_table_set(&qv->table, r, 4, -1, "-");
        }
        tui_table_finish(&qv->table);
}

static void quotas_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct quotas_view *qv = v->priv;
        const struct kx_snapshot *snap = ctx->snap;
        char line[400];

        if (!snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        if (!snap->quotas_at_ms)
                snprintf(line, sizeof(line), "client quotas not read yet%s%s", snap->quotas_error ? ": " : "",
                         snap->quotas_error ? snap->quotas_error : "");
        else if (snap->quotas_error)
                snprintf(line, sizeof(line), "last read failed (showing the previous answer): %s", snap->quotas_error);
        else
                snprintf(line, sizeof(line), "%d configured quota value(s); change with `klaxon quota set|remove`",
                         snap->quota_cnt);
        tui_text(ctx->scr, y, x, w, line, snap->quotas_error ? TUI_C_BAD : TUI_C_DIM, true, false);
        /* Second line: where the observed columns come from, or why not. */
        snprintf(line, sizeof(line), "%s%s%s",
                 snap->quotas_observed_source ? snap->quotas_observed_source : "observed throttling: not read yet",
                 snap->quotas_observed_error ? ": " : "",
                 snap->quotas_observed_error ? snap->quotas_observed_error : "");
        tui_text(ctx->scr, y + 1, x, w, line, snap->quotas_observed_error ? TUI_C_BAD : TUI_C_DIM, false, false);
        /* Below the table: team usage against the policy's team quotas. */
        int teams = ctx->governance ? ctx->governance->usage_cnt : 0;
        int rows = teams ? teams : 1;
        int table_h = h - 3 - rows;

        if (table_h > 1)
                tui_table_draw(&qv->table, ctx->scr, y + 2, x, table_h, w);
        else
                rows = h - 4;
        tui_text(ctx->scr, y + h - 1 - rows, x, w, "TEAM USAGE VS QUOTA (policy)", TUI_C_HEADER, true, false);
        if (!teams) {
                tui_text(ctx->scr, y + h - 1, x, w,
                         ctx->governance         ? "no team in the policy"
                         : ctx->governance_note ? ctx->governance_note
                                                : "no policy loaded: see `klaxon policy check`",
                         TUI_C_DIM, false, false);
                return;
        }
        for (int i = 0; i < teams && i < rows; i++) {
                bool over = view_team_usage(&ctx->governance->usage[i], line, sizeof(line));

                tui_text(ctx->scr, y + h - rows + i, x, w, line, over ? TUI_C_BAD : TUI_C_NORMAL, false, false);
        }
}

static enum request quotas_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct quotas_view *qv = v->priv;

        (void)ctx;
        return tui_table_request(&qv->table, req, page) ? REQ_NONE : req;
}

static struct tui_table *quotas_table(struct view *v)
{
        return &((struct quotas_view *)v->priv)->table;
}

static void quotas_done(struct view *v)
{
        tui_table_done(&((struct quotas_view *)v->priv)->table);
}

const struct view_ops view_quotas_ops = {
        .name = "quotas",
        .title = "Quotas",
        .private_size = sizeof(struct quotas_view),
        .update = quotas_update,
        .draw = quotas_draw,
        .request = quotas_request,
        .table = quotas_table,
        .done = quotas_done,
};
