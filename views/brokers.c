/* brokers.c - brokers: up/down, leaders, partitions without a leader and
 * partitions where the broker is a replica missing from the ISR. */
#include "view.h"

#include <stdio.h>

static const struct tui_col cols[] = {
        {"ID", 6, false, true, false},          {"HOST:PORT", 24, false, false, false}, {"STATUS", 6, false, false, false},
        {"LEADERS", 8, true, true, false},      {"REPLICAS", 9, true, true, false},     {"NOT-IN-ISR", 10, true, true, false},
        {"OFFLINE", 8, true, true, false},
};

struct brokers_view {
        struct tui_table table;
};

static void brokers_update(struct view *v, struct view_ctx *ctx)
{
        struct brokers_view *bv = v->priv;
        const struct kx_snapshot *snap = ctx->snap;

        if (!bv->table.cols)
                tui_table_init(&bv->table, cols, (int)(sizeof(cols) / sizeof(cols[0])));
        tui_table_reset(&bv->table);
        if (!snap)
                return;
        for (int i = 0; i < snap->broker_cnt; i++) {
                const struct kx_broker *b = &snap->brokers[i];
                int replicas = 0, missing = 0, offline = 0;
                int r = tui_table_add(&bv->table, b->up ? TUI_C_NORMAL : TUI_C_BAD);

                for (int t = 0; t < snap->topic_cnt; t++) {
                        for (int p = 0; p < snap->topics[t].partition_cnt; p++) {
                                const struct kx_partition *part = &snap->topics[t].partitions[p];

                                if (!kx_ids_contain(part->replicas, part->replica_cnt, b->id))
                                        continue;
                                replicas++;
                                missing += !kx_ids_contain(part->isr, part->isr_cnt, b->id);
                                offline += part->offline;
                        }
                }
                tui_table_set(&bv->table, r, 0, b->id, "%d", b->id);
                if (b->host)
                        tui_table_set(&bv->table, r, 1, 0, "%s:%d", b->host, b->port);
                else
                        tui_table_set(&bv->table, r, 1, 0, "?");
                tui_table_set(&bv->table, r, 2, b->up, "%s", b->up ? "up" : "DOWN");
                tui_table_color(&bv->table, r, 2, b->up ? TUI_C_OK : TUI_C_BAD);
                tui_table_set(&bv->table, r, 3, b->leader_count, "%d", b->leader_count);
                tui_table_set(&bv->table, r, 4, replicas, "%d", replicas);
                tui_table_set(&bv->table, r, 5, missing, "%d", missing);
                if (missing)
                        tui_table_color(&bv->table, r, 5, TUI_C_WARN);
                tui_table_set(&bv->table, r, 6, offline, "%d", offline);
                if (offline)
                        tui_table_color(&bv->table, r, 6, TUI_C_BAD);
        }
        tui_table_finish(&bv->table);
}

static void brokers_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct brokers_view *bv = v->priv;

        if (!ctx->snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        tui_table_draw(&bv->table, ctx->scr, y, x, h, w);
}

static enum request brokers_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct brokers_view *bv = v->priv;

        (void)ctx;
        return tui_table_request(&bv->table, req, page) ? REQ_NONE : req;
}

static struct tui_table *brokers_table(struct view *v)
{
        return &((struct brokers_view *)v->priv)->table;
}

static void brokers_done(struct view *v)
{
        tui_table_done(&((struct brokers_view *)v->priv)->table);
}

const struct view_ops view_brokers_ops = {
        .name = "brokers",
        .title = "Brokers",
        .private_size = sizeof(struct brokers_view),
        .update = brokers_update,
        .draw = brokers_draw,
        .request = brokers_request,
        .table = brokers_table,
        .done = brokers_done,
};
