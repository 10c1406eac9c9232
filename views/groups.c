/* groups.c - consumer groups: lag, time lag, status, trend, drain ETA;
 * Enter drills into one group's partitions. */
#include "view.h"
#include "../tui/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tui_col list_cols[] = {
        {"GROUP", 24, false, false, false},   {"STATE", 11, false, false, false}, {"MEMBERS", 7, true, true, false},
        {"LAG", 9, true, true, false},        {"TIME-LAG", 9, true, true, false}, {"STATUS", 6, false, true, false},
        {"TREND", 16, false, false, false},   {"ETA", 8, true, true, false},
};

static const struct tui_col part_cols[] = {
        {"TOPIC", 20, false, false, false},   {"P", 4, true, true, false},        {"COMMITTED", 11, true, true, false},
        {"LEO", 11, true, true, false},       {"LAG", 9, true, true, false},      {"TIME-LAG", 9, true, true, false},
        {"STATUS", 6, false, true, false},    {"OWNER", 16, false, false, false}, {"NOTE", 16, false, false, false},
};

struct groups_view {
        struct tui_table list, parts;
        char *drill;  /* group shown in detail, or NULL */
};

static enum tui_color status_color(enum kx_lag_status s)
{
        switch (s) {
        case KX_LAG_OK:
                return TUI_C_OK;
        case KX_LAG_WARN:
                return TUI_C_WARN;
        case KX_LAG_UNKNOWN:
                return TUI_C_DIM;
        default:
                return TUI_C_BAD;
        }
}

static void time_lag_text(const struct kx_time_lag *tl, char *buf, size_t size)
{
        char secs[32];

        if (tl->kind == KX_TIME_LAG_UNKNOWN)
                snprintf(buf, size, "-");
        else
                snprintf(buf, size, "%s%s", tl->kind == KX_TIME_LAG_AT_LEAST ? ">" : "",
                         tui_human_secs(tl->seconds, secs, sizeof(secs)));
}

/* A lag that is not shrinking is "growing" unless the group keeps pace
 * (status OK): then it is "steady". */
static void eta_text(double eta, int64_t lag, enum kx_lag_status status, char *buf, size_t size)
{
        if (lag <= 0)
                snprintf(buf, size, "-");
        else if (eta < 0)
                snprintf(buf, size, "%s", status == KX_LAG_OK ? "steady" : "growing");
        else
                tui_human_secs(eta, buf, size);
}

static void build_list(struct groups_view *gv, struct view_ctx *ctx)
{
        const struct kx_snapshot *snap = ctx->snap;

        for (int i = 0; i < snap->group_cnt; i++) {
                const struct kx_group *g = &snap->groups[i];
                char lag[32], tl[32], spark[128], eta[32];
                int r = tui_table_add(&gv->list, TUI_C_NORMAL);

                tui_table_set(&gv->list, r, 0, 0, "%s", g->group);
                tui_table_set(&gv->list, r, 1, 0, "%s", g->state);
                if (g->members >= 0)
                        tui_table_set(&gv->list, r, 2, g->members, "%d", g->members);
                else
                        tui_table_set(&gv->list, r, 2, -1, "?");
                tui_table_set(&gv->list, r, 3, (double)g->lag, "%s",
                              tui_human_count(g->lag, lag, sizeof(lag)));
                time_lag_text(&g->time_lag, tl, sizeof(tl));
                tui_table_set(&gv->list, r, 4, g->time_lag.seconds, "%s", tl);
                tui_table_set(&gv->list, r, 5, g->status, "%s",
                              g->error ? "ERR" : kx_lag_status_label(g->status));
                tui_table_color(&gv->list, r, 5, g->error ? TUI_C_BAD : status_color(g->status));
                tui_table_set(&gv->list, r, 6, 0, "%s",
                              tui_sparkline(g->lag_trend, g->trend_cnt, 16, ctx->scr->utf8, spark,
                                            sizeof(spark)));
                eta_text(g->eta_s, g->lag, g->status, eta, sizeof(eta));
                tui_table_set(&gv->list, r, 7, g->eta_s, "%s", eta);
                if (g->behind_retention)
                        tui_table_color(&gv->list, r, 0, TUI_C_BAD);
                if (g->kip848)
                        tui_table_set(&gv->list, r, 2, -1, "848?");
        }
}

static void build_parts(struct groups_view *gv, const struct kx_group *g)
{
        for (int i = 0; i < g->partition_cnt; i++) {
                const struct kx_group_partition *gp = &g->partitions[i];
                char tl[32], key[300];
                int r = tui_table_add(&gv->parts, TUI_C_NORMAL);

                /* The first cell is the selection key: topic and partition. */
                snprintf(key, sizeof(key), "%s", gp->topic);
                tui_table_set(&gv->parts, r, 0, 0, "%s", key);
                tui_table_set(&gv->parts, r, 1, gp->partition, "%d", gp->partition);
                if (gp->committed_offset >= 0)
                        tui_table_set(&gv->parts, r, 2, (double)gp->committed_offset, "%lld",
                                      (long long)gp->committed_offset);
                else
                        tui_table_set(&gv->parts, r, 2, -1, "-");
                if (gp->high_watermark >= 0)
                        tui_table_set(&gv->parts, r, 3, (double)gp->high_watermark, "%lld",
                                      (long long)gp->high_watermark);
                else
                        tui_table_set(&gv->parts, r, 3, -1, "?");
                if (gp->lag >= 0)
                        tui_table_set(&gv->parts, r, 4, (double)gp->lag, "%lld", (long long)gp->lag);
                else
                        tui_table_set(&gv->parts, r, 4, -1, "-");
                time_lag_text(&gp->time_lag, tl, sizeof(tl));
                tui_table_set(&gv->parts, r, 5, gp->time_lag.seconds, "%s", tl);
                tui_table_set(&gv->parts, r, 6, gp->status, "%s", kx_lag_status_label(gp->status));
                tui_table_color(&gv->parts, r, 6, status_color(gp->status));
                tui_table_set(&gv->parts, r, 7, 0, "%s",
                              gp->member_client_id ? gp->member_client_id : "-");
                tui_table_set(&gv->parts, r, 8, 0, "%s",
                              gp->behind_retention ? "BEHIND RETENTION"
                              : gp->committed_offset < 0 ? "no commit" : "");
                if (gp->behind_retention)
                        tui_table_color(&gv->parts, r, 8, TUI_C_BAD);
        }
}

static void groups_update(struct view *v, struct view_ctx *ctx)
{
        struct groups_view *gv = v->priv;

        if (!gv->list.cols) {
                tui_table_init(&gv->list, list_cols, (int)(sizeof(list_cols) / sizeof(list_cols[0])));
                tui_table_init(&gv->parts, part_cols, (int)(sizeof(part_cols) / sizeof(part_cols[0])));
        }
        tui_table_reset(&gv->list);
        tui_table_reset(&gv->parts);
        if (!ctx->snap)
                return;
        build_list(gv, ctx);
        tui_table_finish(&gv->list);
        if (gv->drill) {
                const struct kx_group *g = kx_snapshot_group(ctx->snap, gv->drill);

                if (g)
                        build_parts(gv, g);
                tui_table_finish(&gv->parts);
        }
}

static void groups_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct groups_view *gv = v->priv;

        if (!ctx->snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        if (gv->drill) {
                const struct kx_group *g = kx_snapshot_group(ctx->snap, gv->drill);
                char lag[32], members[80];

                if (!g) {
                        tui_textf(ctx->scr, y, x, w, TUI_C_WARN, "group %s is gone", gv->drill);
                        return;
                }
                if (g->kip848)
                        snprintf(members, sizeof(members), "unknown (KIP-848 group: librdkafka "
                                                           "2.0.2 cannot describe it)");
                else
                        snprintf(members, sizeof(members), "%d", g->members);
                tui_textf(ctx->scr, y, x, w, TUI_C_NORMAL,
                          "group %s  state %s  members %s  lag %s  status %s  (Esc: back)", g->group,
                          g->state, members, tui_human_count(g->lag, lag, sizeof(lag)),
                          kx_lag_status_label(g->status));
                tui_table_draw(&gv->parts, ctx->scr, y + 1, x, h - 1, w);
                return;
        }
        tui_table_draw(&gv->list, ctx->scr, y, x, h, w);
}

static enum request groups_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct groups_view *gv = v->priv;
        struct tui_table *t = gv->drill ? &gv->parts : &gv->list;
        const char *sel;

        if (tui_table_request(t, req, page))
                return REQ_NONE;
        switch (req) {
        case REQ_ENTER:
                sel = tui_table_selected(&gv->list);
                if (gv->drill || !sel)
                        return REQ_NONE;
                gv->drill = strdup(sel);
                groups_update(v, ctx);
                return REQ_NONE;
        case REQ_GROUP_RESET:
        case REQ_PLAYBOOK:
                ctx->selected_group = gv->drill ? gv->drill : tui_table_selected(&gv->list);
                return req;
        case REQ_BACK:
                if (!gv->drill)
                        return req;
                free(gv->drill);
                gv->drill = NULL;
                return REQ_NONE;
        default:
                return req;
        }
}

static struct tui_table *groups_table(struct view *v)
{
        struct groups_view *gv = v->priv;

        return gv->drill ? &gv->parts : &gv->list;
}

static void groups_done(struct view *v)
{
        struct groups_view *gv = v->priv;

        tui_table_done(&gv->list);
        tui_table_done(&gv->parts);
        free(gv->drill);
}

const struct view_ops view_groups_ops = {
        .name = "groups",
        .title = "Groups",
        .private_size = sizeof(struct groups_view),
        .update = groups_update,
        .draw = groups_draw,
        .request = groups_request,
        .table = groups_table,
        .done = groups_done,
};
