/* mm2.c - MirrorMaker 2: the desync verdict, heartbeat age, the MM2
 * connectors and their tasks, then per replicated topic the source and
 * target log end offsets and the lag in records and seconds, then per
 * group the checkpoint lag. Renders snap->mm2 (collected with the
 * snapshot); never talks to Kafka or Connect. */
#include "view.h"
#include "../core/mm2.h"

#include <stdio.h>

static const struct tui_col cols[] = {
        {"SOURCE TOPIC / GROUP", 24, false, false, true}, {"TARGET", 24, false, false, false},
        {"SOURCE LEO", 11, true, true, false},             {"TARGET LEO", 11, true, true, false},
        {"LAG", 9, true, true, false},                     {"LAG(s)", 8, true, true, false},
};

struct mm2_view {
        struct tui_table table;
};

static void mm2_update(struct view *v, struct view_ctx *ctx)
{
        struct mm2_view *mv = v->priv;
        const struct kx_mm2_health *h = ctx->snap ? ctx->snap->mm2 : NULL;

        if (!mv->table.cols)
                tui_table_init(&mv->table, cols, (int)(sizeof(cols) / sizeof(cols[0])));
        tui_table_reset(&mv->table);
        if (!h)
                return;
        for (int i = 0; i < h->topic_cnt; i++) {
                const struct kx_mm2_topic *t = &h->topics[i];
                int r = tui_table_add(&mv->table, t->lag ? TUI_C_WARN : TUI_C_NORMAL);

                tui_table_set(&mv->table, r, 0, 0, "%s", t->source);
                tui_table_set(&mv->table, r, 1, 0, "%s", t->target);
                tui_table_set(&mv->table, r, 2, (double)t->source_leo, "%lld", (long long)t->source_leo);
                tui_table_set(&mv->table, r, 3, (double)t->target_leo, "%lld", (long long)t->target_leo);
                tui_table_set(&mv->table, r, 4, (double)t->lag, "%lld", (long long)t->lag);
                if (t->lag_ms < 0)
                        tui_table_set(&mv->table, r, 5, -1, "?");
                else
                        tui_table_set(&mv->table, r, 5, (double)t->lag_ms, "%.1f", (double)t->lag_ms / 1000.0);
        }
        for (int i = 0; i < h->group_cnt; i++) {
                const struct kx_mm2_group *g = &h->groups[i];
                int r = tui_table_add(&mv->table, g->lag ? TUI_C_WARN : TUI_C_DIM);

                tui_table_set(&mv->table, r, 0, 0, "group %s", g->group);
                tui_table_set(&mv->table, r, 1, 0, "%d checkpointed partition(s)", g->partitions);
                tui_table_set(&mv->table, r, 4, (double)g->lag, "%lld", (long long)g->lag);
        }
        tui_table_finish(&mv->table);
}

static void mm2_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct mm2_view *mv = v->priv;
        const struct kx_mm2_health *mh = ctx->snap ? ctx->snap->mm2 : NULL;
        char detail[400];
        int row = y;
        bool ok;

        if (!ctx->snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        if (!mh) {
                tui_text(ctx->scr, y, x, w, "MirrorMaker 2 not configured (--mm2-source BOOTSTRAP and "
                         "--connect URL: this cluster is the target)", TUI_C_DIM, true, false);
                return;
        }
        ok = kx_mm2_in_sync(mh, 0, KX_MM2_HEARTBEAT_MAX_MS, detail, sizeof(detail));
        tui_textf(ctx->scr, row++, x, w, ok ? TUI_C_OK : TUI_C_BAD, "%s %s", view_mark(ctx->scr, ok), detail);
        if (mh->heartbeat_age_ms < 0)
                tui_textf(ctx->scr, row++, x, w, TUI_C_WARN, "heartbeats from %s: none on the target", mh->alias);
        else
                tui_textf(ctx->scr, row++, x, w, TUI_C_NORMAL, "heartbeats from %s: last %.1fs ago", mh->alias,
                          (double)mh->heartbeat_age_ms / 1000.0);
        for (int i = 0; i < mh->connector_cnt && row < y + h - 2; i++) {
                const struct kx_mm2_connector *c = &mh->connectors[i];
                bool cok = c->failed == 0 && c->running == c->tasks && c->state[0] == 'R';

                tui_textf(ctx->scr, row++, x, w, cok ? TUI_C_NORMAL : TUI_C_BAD,
                          "%s %-10s %-24s %-10s tasks %d/%d %s", view_mark(ctx->scr, cok), c->kind, c->name,
                          c->state, c->running, c->tasks, c->trace);
        }
        if (row < y + h)
                tui_table_draw(&mv->table, ctx->scr, row, x, y + h - row, w);
}

static enum request mm2_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct mm2_view *mv = v->priv;

        (void)ctx;
        return tui_table_request(&mv->table, req, page) ? REQ_NONE : req;
}

static struct tui_table *mm2_table(struct view *v)
{
        return &((struct mm2_view *)v->priv)->table;
}

static void mm2_done(struct view *v)
{
        tui_table_done(&((struct mm2_view *)v->priv)->table);
}

const struct view_ops view_mm2_ops = {
        .name = "mm2",
        .title = "MirrorMaker",
        .private_size = sizeof(struct mm2_view),
        .update = mm2_update,
        .draw = mm2_draw,
        .request = mm2_request,
        .table = mm2_table,
        .done = mm2_done,
};
