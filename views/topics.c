/* topics.c - topics: partitions, RF, under-replicated and offline counts,
 * messages/s from LEO deltas, size on disk. Enter shows each partition (replicas missing
 * from the ISR marked) and the topic's configs, fetched on drill-down. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct tui_col list_cols[] = {
        {"TOPIC", 28, false, false, false}, {"PARTS", 5, true, true, false},   {"RF", 3, true, true, false},
        {"URP", 5, true, true, false},      {"OFFLINE", 7, true, true, false}, {"MSG/S", 8, true, true, false},
        {"SIZE", 8, true, true, false},     {"MESSAGES", 10, true, true, false},
};

static const struct tui_col part_cols[] = {
        {"P", 5, false, true, false},        {"LEADER", 6, true, true, false},  {"REPLICAS", 14, false, false, false},
        {"ISR", 14, false, false, false},    {"LOG-START", 11, true, true, false}, {"LEO", 11, true, true, false},
        {"MSG/S", 8, true, true, false},     {"NOTE", 18, false, false, false},
};

struct topics_view {
        struct tui_table list, parts;
        char *drill;
};

static void ids_text(const int32_t *ids, int n, const int32_t *isr, int isr_n, char *buf, size_t size)
{
        size_t used = 0;

        buf[0] = '\0';
        for (int i = 0; i < n && used < size; i++) {
                bool out = isr && !kx_ids_contain(isr, isr_n, ids[i]);

                /* A replica missing from the ISR is bracketed: [3]. */
                used += (size_t)snprintf(buf + used, size - used, out ? "%s[%d]" : "%s%d",
                                         i ? "," : "", ids[i]);
        }
}

static void build_list(struct topics_view *tv, const struct kx_snapshot *snap)
{
        for (int t = 0; t < snap->topic_cnt; t++) {
                const struct kx_topic *topic = &snap->topics[t];
                int urp = 0, offline = 0;
                int64_t messages = 0;
                char msgs[32], rate[32], size[32];
                int r;

                for (int p = 0; p < topic->partition_cnt; p++) {
                        const struct kx_partition *part = &topic->partitions[p];

                        urp += part->under_replicated;
                        offline += part->offline;
                        if (part->high_watermark >= 0 && part->log_start_offset >= 0)
                                messages += part->high_watermark - part->log_start_offset;
                }
                r = tui_table_add(&tv->list, offline ? TUI_C_BAD : urp ? TUI_C_WARN : TUI_C_NORMAL);
                tui_table_set(&tv->list, r, 0, 0, "%s", topic->name);
                tui_table_set(&tv->list, r, 1, topic->partition_cnt, "%d", topic->partition_cnt);
                tui_table_set(&tv->list, r, 2, 0, "%d",
                              topic->partition_cnt ? topic->partitions[0].replica_cnt : 0);
                tui_table_set(&tv->list, r, 3, urp, "%d", urp);
                tui_table_set(&tv->list, r, 4, offline, "%d", offline);
                tui_table_set(&tv->list, r, 5, topic->msgs_per_s, "%s",
                              tui_human_count((int64_t)(topic->msgs_per_s + 0.5), rate, sizeof(rate)));
                /* Every replica on disk, from klaxon's DescribeLogDirs (its
                 * own, slower cadence); n/a until the first poll. */
                if (topic->size_bytes >= 0)
                        tui_table_set(&tv->list, r, 6, (double)topic->size_bytes, "%sB",
                                      tui_human_count(topic->size_bytes, size, sizeof(size)));
                else
                        tui_table_set(&tv->list, r, 6, -1, "n/a");
                tui_table_set(&tv->list, r, 7, (double)messages, "%s",
                              tui_human_count(messages, msgs, sizeof(msgs)));
        }
}

static void build_parts(struct topics_view *tv, const struct kx_topic *topic, int64_t now_ms)
{
        for (int p = 0; p < topic->partition_cnt; p++) {
                const struct kx_partition *part = &topic->partitions[p];
                char replicas[128], isr[128], note[64] = "", rate[32];
                int r = tui_table_add(&tv->parts, part->offline ? TUI_C_BAD : TUI_C_NORMAL);

                ids_text(part->replicas, part->replica_cnt, part->isr, part->isr_cnt, replicas,
                         sizeof(replicas));
                ids_text(part->isr, part->isr_cnt, NULL, 0, isr, sizeof(isr));
                tui_table_set(&tv->parts, r, 0, part->partition, "%d", part->partition);
                tui_table_set(&tv->parts, r, 1, part->leader, "%d", part->leader);
                tui_table_set(&tv->parts, r, 2, 0, "%s", replicas);
                if (part->under_replicated)
                        tui_table_color(&tv->parts, r, 2, TUI_C_WARN);
                tui_table_set(&tv->parts, r, 3, 0, "%s", isr);
                tui_table_set(&tv->parts, r, 4, (double)part->log_start_offset, "%lld",
                              (long long)part->log_start_offset);
                tui_table_set(&tv->parts, r, 5, (double)part->high_watermark, "%lld",
                              (long long)part->high_watermark);
                tui_table_set(&tv->parts, r, 6, part->msgs_per_s, "%s",
                              tui_human_count((int64_t)(part->msgs_per_s + 0.5), rate, sizeof(rate)));
                if (part->offline)
                        snprintf(note, sizeof(note), "OFFLINE");
                else if (part->stale_since_ms)
                        snprintf(note, sizeof(note), "stale %llds",
                                 (long long)((now_ms - part->stale_since_ms) / 1000));
                else if (part->under_replicated)
                        snprintf(note, sizeof(note), "under-replicated");
                tui_table_set(&tv->parts, r, 7, 0, "%s", note);
        }
}

/* The selected topic, for views about one topic (the schema view). */
static void remember_selection(struct topics_view *tv, struct view_ctx *ctx)
{
        const char *sel = tv->drill ? tv->drill : tui_table_selected(&tv->list);

        snprintf(ctx->selected_topic, sizeof(ctx->selected_topic), "%s", sel ? sel : "");
}

static void topics_update(struct view *v, struct view_ctx *ctx)
{
        struct topics_view *tv = v->priv;

        if (!tv->list.cols) {
                tui_table_init(&tv->list, list_cols, (int)(sizeof(list_cols) / sizeof(list_cols[0])));
                tui_table_init(&tv->parts, part_cols, (int)(sizeof(part_cols) / sizeof(part_cols[0])));
        }
        tui_table_reset(&tv->list);
        tui_table_reset(&tv->parts);
        if (!ctx->snap)
                return;
        build_list(tv, ctx->snap);
        tui_table_finish(&tv->list);
        if (tv->drill) {
                const struct kx_topic *topic = kx_snapshot_topic(ctx->snap, tv->drill);

                if (topic)
                        build_parts(tv, topic, ctx->now_ms);
                tui_table_finish(&tv->parts);
        }
        remember_selection(tv, ctx);
}

/* The configs pane: non-default configs first, then defaults, dimmed. */
static void draw_configs(struct topics_view *tv, struct view_ctx *ctx, int y, int x, int h, int w)
{
        const struct kx_snapshot *snap = ctx->snap;
        int line = 0;

        tui_text(ctx->scr, y, x, w, "CONFIGS (non-default first)", TUI_C_HEADER, true, false);
        if (!snap->configs_topic || strcmp(snap->configs_topic, tv->drill)) {
                tui_text(ctx->scr, y + 1, x, w, "loading (DescribeConfigs)...", TUI_C_DIM, true, false);
                return;
        }
        for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < snap->config_cnt && line < h - 1; i++) {
                        const struct kx_config_entry *e = &snap->configs[i];

                        if (e->is_default != (pass == 1))
                                continue;
                        tui_textf(ctx->scr, y + 1 + line, x, w, pass ? TUI_C_DIM : TUI_C_NORMAL,
                                  "%-40s %s", e->name, e->is_sensitive ? "(sensitive)" : e->value ? e->value : "");
                        line++;
                }
        }
}

static void topics_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct topics_view *tv = v->priv;
        int parts_h;

        if (!ctx->snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        if (!tv->drill) {
                tui_table_draw(&tv->list, ctx->scr, y, x, h, w);
                return;
        }
        tui_textf(ctx->scr, y, x, w, TUI_C_NORMAL, "topic %s  (Esc: back)", tv->drill);
        parts_h = tv->parts.nvisible + 1 < (h - 1) / 2 ? tv->parts.nvisible + 1 : (h - 1) / 2;
        if (parts_h < 2)
                parts_h = h - 1;
        tui_table_draw(&tv->parts, ctx->scr, y + 1, x, parts_h, w);
        if (h - 1 - parts_h > 2)
                draw_configs(tv, ctx, y + 1 + parts_h, x, h - 1 - parts_h, w);
}

static enum request topics_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct topics_view *tv = v->priv;
        const char *sel;

        if (tui_table_request(tv->drill ? &tv->parts : &tv->list, req, page)) {
                remember_selection(tv, ctx);
                return REQ_NONE;
        }
        switch (req) {
        case REQ_ENTER:
                sel = tui_table_selected(&tv->list);
                if (tv->drill || !sel)
                        return REQ_NONE;
                tv->drill = strdup(sel);
                ctx->want_configs = tv->drill;  /* the monitor fetches them */
                ctx->want_configs_set = true;
                topics_update(v, ctx);
                return REQ_NONE;
        case REQ_BACK:
                if (!tv->drill)
                        return req;
                free(tv->drill);
                tv->drill = NULL;
                ctx->want_configs = NULL;
                ctx->want_configs_set = true;
                return REQ_NONE;
        default:
                return req;
        }
}

static struct tui_table *topics_table(struct view *v)
{
        struct topics_view *tv = v->priv;

        return tv->drill ? &tv->parts : &tv->list;
}

static void topics_done(struct view *v)
{
        struct topics_view *tv = v->priv;

        tui_table_done(&tv->list);
        tui_table_done(&tv->parts);
        free(tv->drill);
}

const struct view_ops view_topics_ops = {
        .name = "topics",
        .title = "Topics",
        .private_size = sizeof(struct topics_view),
        .update = topics_update,
        .draw = topics_draw,
        .request = topics_request,
        .table = topics_table,
        .done = topics_done,
};
