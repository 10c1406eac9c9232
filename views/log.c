/* log.c - librdkafka's log lines and the collector's errors, kept off
 * stderr so they never corrupt the screen. */
#include "view.h"
#include "../core/snapshot_json.h"

#include <stdio.h>
#include <string.h>

#define LOG_VIEW_LINES 400

static const struct tui_col cols[] = {
        {"MESSAGE", 40, false, false, false},
        {"TIME", 12, false, false, false},
        {"LVL", 3, true, true, false},
};

struct log_view {
        struct tui_table table;
        struct kx_log_line lines[LOG_VIEW_LINES];
        int cnt;
        uint64_t next;
};

static void log_update(struct view *v, struct view_ctx *ctx)
{
        struct log_view *lv = v->priv;
        struct kx_log_line fresh[64];
        int n;

        if (!lv->table.cols)
                tui_table_init(&lv->table, cols, (int)(sizeof(cols) / sizeof(cols[0])));
        while (ctx->log && (n = kx_logbuf_read(ctx->log, lv->next, fresh, 64, &lv->next)) > 0) {
                for (int i = 0; i < n; i++) {
                        if (lv->cnt == LOG_VIEW_LINES) {
                                memmove(lv->lines, lv->lines + 1, sizeof(lv->lines[0]) * (LOG_VIEW_LINES - 1));
                                lv->cnt--;
                        }
                        lv->lines[lv->cnt++] = fresh[i];
                }
        }
        tui_table_reset(&lv->table);
        for (int i = 0; ctx->snap && i < ctx->snap->error_cnt; i++) {
                int r = tui_table_add(&lv->table, TUI_C_BAD);

                tui_table_set(&lv->table, r, 0, 0, "%s: %s", ctx->snap->errors[i].section,
                              ctx->snap->errors[i].message);
                tui_table_set(&lv->table, r, 1, 0, "current");
                tui_table_set(&lv->table, r, 2, 3, "3");
        }
        for (int i = lv->cnt - 1; i >= 0; i--) {
                const struct kx_log_line *l = &lv->lines[i];
                char when[40];
                int r = tui_table_add(&lv->table, l->level <= 3 ? TUI_C_BAD
                                                  : l->level <= 4 ? TUI_C_WARN : TUI_C_NORMAL);

                kx_iso8601(l->at_ms, when, sizeof(when));
                tui_table_set(&lv->table, r, 0, 0, "%s", l->text);
                tui_table_set(&lv->table, r, 1, (double)l->at_ms, "%.12s", when + 11);
                tui_table_set(&lv->table, r, 2, l->level, "%d", l->level);
        }
        tui_table_finish(&lv->table);
}

static void log_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        tui_table_draw(&((struct log_view *)v->priv)->table, ctx->scr, y, x, h, w);
}

static enum request log_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        (void)ctx;
        return tui_table_request(&((struct log_view *)v->priv)->table, req, page) ? REQ_NONE : req;
}

static struct tui_table *log_table(struct view *v)
{
        return &((struct log_view *)v->priv)->table;
}

static void log_done(struct view *v)
{
        tui_table_done(&((struct log_view *)v->priv)->table);
}

const struct view_ops view_log_ops = {
        .name = "log",
        .title = "Log",
        .private_size = sizeof(struct log_view),
        .update = log_update,
        .draw = log_draw,
        .request = log_request,
        .table = log_table,
        .done = log_done,
};
