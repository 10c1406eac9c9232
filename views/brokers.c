/* brokers.c - brokers: up/down, leaders, partitions without a leader,
 * partitions where the broker is a replica missing from the ISR, and disk
 * used per log dir (klaxon's DescribeLogDirs, on its own cadence). */
#include "view.h"

#include <stdio.h>

static const struct tui_col cols[] = {
        {"ID", 6, false, true, false},          {"HOST:PORT", 24, false, false, false}, {"STATUS", 6, false, false, false},
        {"LEADERS", 8, true, true, false},      {"REPLICAS", 9, true, true, false},     {"NOT-IN-ISR", 10, true, true, false},
        {"OFFLINE", 8, true, true, false},      {"DISK USED", 9, true, true, false},
        {"LOG DIRS (used, free)", 40, false, false, true},
};

struct brokers_view {
        struct tui_table table;
};

/* Disk columns of broker id: total used, and each log dir's use. */
static void disk_cells(struct tui_table *t, int r, const struct kx_snapshot *snap, int32_t id)
{
        char dirs[400] = "", used[32], free_text[32];
        int64_t total = 0;
        size_t o = 0;
        bool any = false, bad = false;

        for (int i = 0; i < snap->logdir_cnt; i++) {
                const struct kx_snapshot_logdir *d = &snap->logdirs[i];

                if (d->broker != id)
                        continue;
                any = true;
                total += d->used_bytes;
                if (d->error) {
                        bad = true;
                        snprintf(free_text, sizeof(free_text), "OFFLINE");
                } else if (d->total_bytes > 0 && d->usable_bytes >= 0) {
                        snprintf(free_text, sizeof(free_text), "%.0f%% free",
                                 100.0 * (double)d->usable_bytes / (double)d->total_bytes);
                } else {
                        snprintf(free_text, sizeof(free_text), "free ?");
                }
                if (o < sizeof(dirs))
                        o += (size_t)snprintf(dirs + o, sizeof(dirs) - o, "%s%s %sB %s", o ? "; " : "", d->path,
                                              tui_human_count(d->used_bytes, used, sizeof(used)), free_text);
        }
        if (!any) {
                tui_table_set(t, r, 7, -1, snap->logdirs_at_ms ? "-" : "n/a");
                tui_table_set(t, r, 8, 0, "%s", snap->logdirs_at_ms ? "(no answer)" : "(not read yet)");
                return;
        }
        tui_table_set(t, r, 7, (double)total, "%sB", tui_human_count(total, used, sizeof(used)));
        tui_table_set(t, r, 8, 0, "%s", dirs);
        if (bad)
                tui_table_color(t, r, 8, TUI_C_BAD);
}

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
                disk_cells(&bv->table, r, snap, b->id);
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
