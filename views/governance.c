/* governance.c - the governance view (key 9): pending topic requests
 * (a approves, x rejects, through the console's action path with
 * confirmation), team quota usage, the configured client quotas,
 * policy findings grouped by team, idle topics and cost per team. It
 * renders the kx_governance the console hands it; it never talks to Kafka. */
#include "view.h"
#include "../core/governance.h"
#include "../core/snapshot_json.h"
#include "../core/units.h"
#include "../core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES 2000

static const struct tui_col req_cols[] = {
        {"ID", 5, true, true, false},         {"TOPIC", 30, false, false, true}, {"TEAM", 14, false, false, false},
        {"PARTS", 5, true, true, false},      {"BY", 10, false, false, false},   {"WHY REVIEW", 30, false, false, false},
};

struct gov_line {
        enum tui_color color;
        char text[240];
};

struct governance_view {
        struct tui_table requests;
        struct gov_line *lines;
        int line_cnt, top;
};

static void line(struct governance_view *gv, enum tui_color c, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void line(struct governance_view *gv, enum tui_color c, const char *fmt, ...)
{
        va_list ap;

        if (gv->line_cnt >= MAX_LINES)
                return;
        gv->lines[gv->line_cnt].color = c;
        va_start(ap, fmt);
        vsnprintf(gv->lines[gv->line_cnt++].text, sizeof(gv->lines[0].text), fmt, ap);
        va_end(ap);
}

static void quotas(struct governance_view *gv, const struct kx_governance *g)
{
        line(gv, TUI_C_HEADER, "TEAM QUOTAS (topics, widest topic's partitions)");
        for (int i = 0; i < g->usage_cnt; i++) {
                char text[200];
                bool over = view_team_usage(&g->usage[i], text, sizeof(text));

                line(gv, over ? TUI_C_BAD : TUI_C_NORMAL, "  %s", text);
        }
        line(gv, TUI_C_DIM, "  client quotas: %s", g->client_quotas);
}

static void findings(struct governance_view *gv, const struct kx_governance *g)
{
        const char *team = NULL;

        line(gv, TUI_C_HEADER, "FINDINGS BY TEAM (%d errors, %d warnings; %s)",
             kx_findings_count(&g->findings, KX_SEV_ERROR),
             kx_findings_count(&g->findings, KX_SEV_WARN) - kx_findings_count(&g->findings, KX_SEV_ERROR),
             g->configs_note);
        for (int i = 0; i < g->findings.cnt; i++) {
                const struct kx_finding *f = &g->findings.items[i];

                if (i == 0 || (team == NULL) != (f->team == NULL) || (team && strcmp(team, f->team))) {
                        team = f->team;
                        line(gv, TUI_C_NORMAL, "  %s", team ? team : "(no owning team)");
                }
                line(gv, f->severity == KX_SEV_ERROR ? TUI_C_BAD : TUI_C_WARN, "    %-5s %-32s %-12s %s",
                     kx_severity_label(f->severity), f->topic ? f->topic : "(cluster)", f->rule, f->message);
        }
}

static void idle_and_cost(struct governance_view *gv, const struct kx_governance *g)
{
        char since[40], b[32];

        line(gv, TUI_C_HEADER, "IDLE TOPICS (notify -> grace -> archive/delete recommendation; never automatic)");
        for (int i = 0; i < g->idle.cnt; i++) {
                const struct kx_idle_topic *x = &g->idle.items[i];

                line(gv, x->stage == KX_IDLE_RECOMMEND ? TUI_C_WARN : TUI_C_NORMAL, "  %-36s %-14s last produce %s%s  %s",
                     x->topic, x->team ? x->team : "-",
                     x->since_ms ? kx_iso8601(x->since_ms, since, sizeof(since)) : "before the history",
                     x->dead ? "  DEAD" : "", kx_idle_stage_label(x->stage));
        }
        if (!g->idle.cnt)
                line(gv, TUI_C_DIM, "  none (the offset history must cover the idle window first)");
        line(gv, TUI_C_HEADER, "COST PER TEAM (monthly)");
        for (int i = 0; i < g->cost.cnt; i++) {
                const struct kx_cost_row *r = &g->cost.rows[i];

                line(gv, TUI_C_NORMAL, "  %-18s %4d topics %6d partitions %10s %9.1f msg/s %10.2f", r->team, r->topics,
                     r->partitions, kx_format_bytes(r->bytes, b, sizeof(b)), r->msgs_per_s, r->monthly);
        }
        line(gv, TUI_C_NORMAL, "  %-18s %4d topics %6d partitions %10s %9.1f msg/s %10.2f", "total", g->cost.total.topics,
             g->cost.total.partitions, kx_format_bytes(g->cost.total.bytes, b, sizeof(b)), g->cost.total.msgs_per_s,
             g->cost.total.monthly);
        line(gv, TUI_C_DIM, "  bytes stored: %s", g->size_label);
}

static void governance_update(struct view *v, struct view_ctx *ctx)
{
        struct governance_view *gv = v->priv;
        const struct kx_governance *g = ctx->governance;

        if (!gv->requests.cols) {
                tui_table_init(&gv->requests, req_cols, 6);
                gv->lines = kx_xcalloc(MAX_LINES, sizeof(*gv->lines));
        }
        tui_table_reset(&gv->requests);
        gv->line_cnt = 0;
        if (!g)
                return;
        for (int i = 0; i < g->request_cnt; i++) {
                const struct kx_topic_request *q = &g->requests[i];
                int r = tui_table_add(&gv->requests, TUI_C_NORMAL);

                tui_table_set(&gv->requests, r, 0, (double)q->id, "%lld", (long long)q->id);
                tui_table_set(&gv->requests, r, 1, 0, "%s", q->topic);
                tui_table_set(&gv->requests, r, 2, 0, "%s", q->team);
                tui_table_set(&gv->requests, r, 3, q->partitions, "%d", q->partitions);
                tui_table_set(&gv->requests, r, 4, 0, "%s", q->requested_by);
                tui_table_set(&gv->requests, r, 5, 0, "%s", q->why_review);
        }
        tui_table_finish(&gv->requests);
        if (g->error[0])
                line(gv, TUI_C_BAD, "state: %s", g->error);
        quotas(gv, g);
        findings(gv, g);
        idle_and_cost(gv, g);
}

static void governance_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct governance_view *gv = v->priv;
        int th = gv->requests.nrows + 1, row;

        if (!ctx->governance) {
                view_draw_empty(ctx, y, x, w);
                tui_text(ctx->scr, y + 1, x, w,
                         ctx->governance_note ? ctx->governance_note : "governance: no policy loaded (see the log view)",
                         TUI_C_DIM, true, false);
                return;
        }
        tui_textf(ctx->scr, y, x, w, TUI_C_HEADER, "PENDING TOPIC REQUESTS (%d)   a: approve   x: reject   "
                  "(another operator than the requester)   PgUp/PgDn: scroll", gv->requests.nrows);
        if (th > 6)
                th = 6;
        if (gv->requests.nrows)
                tui_table_draw(&gv->requests, ctx->scr, y + 1, x, th, w);
        else
                tui_text(ctx->scr, y + 1, x, w, "  none", TUI_C_DIM, true, false);
        row = y + 1 + (gv->requests.nrows ? th : 1);
        for (int i = gv->top; i < gv->line_cnt && row < y + h; i++)
                tui_text(ctx->scr, row++, x, w, gv->lines[i].text, gv->lines[i].color, true, false);
}

static enum request governance_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct governance_view *gv = v->priv;
        const char *sel;

        if (req == REQ_PAGE_DOWN || req == REQ_PAGE_UP) {
                gv->top += req == REQ_PAGE_DOWN ? page : -page;
                if (gv->top > gv->line_cnt - 1)
                        gv->top = gv->line_cnt > 0 ? gv->line_cnt - 1 : 0;
                if (gv->top < 0)
                        gv->top = 0;
                return REQ_NONE;
        }
        if (tui_table_request(&gv->requests, req, page))
                return REQ_NONE;
        if (req == REQ_REQUEST_APPROVE || req == REQ_REQUEST_REJECT) {
                sel = tui_table_selected(&gv->requests);
                if (!sel) {
                        snprintf(ctx->message, sizeof(ctx->message), "no pending topic request selected");
                        return REQ_NONE;
                }
                ctx->decide_request = strtoll(sel, NULL, 10);
                ctx->decide_approve = req == REQ_REQUEST_APPROVE;
        }
        return req;
}

static struct tui_table *governance_table(struct view *v)
{
        struct governance_view *gv = v->priv;

        return &gv->requests;
}

static void governance_done(struct view *v)
{
        struct governance_view *gv = v->priv;

        tui_table_done(&gv->requests);
        free(gv->lines);
}

const struct view_ops view_governance_ops = {
        .name = "governance",
        .title = "Governance",
        .private_size = sizeof(struct governance_view),
        .update = governance_update,
        .draw = governance_draw,
        .request = governance_request,
        .table = governance_table,
        .done = governance_done,
};
