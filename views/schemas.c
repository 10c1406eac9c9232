/* schemas.c - the schema registry: the subjects of the topic selected in
 * the topics view (TopicNameStrategy: TOPIC-key, TOPIC-value), or every
 * subject when none is selected or none matches; each with its latest
 * version, schema id, version count and compatibility level. Renders
 * snap->schemas (collected with the snapshot); never talks to the registry. */
#include "view.h"
#include "../core/registry.h"
#include "../core/registry_health.h"

#include <stdio.h>
#include <string.h>

static const struct tui_col cols[] = {
        {"SUBJECT", 30, false, false, true},   {"LATEST", 7, true, true, false},
        {"ID", 7, true, true, false},          {"VERSIONS", 9, true, true, false},
        {"COMPATIBILITY", 22, false, false, false},
};

struct schemas_view {
        struct tui_table table;
        bool for_topic;          /* rows are the selected topic's subjects */
};

static void add_row(struct schemas_view *sv, const struct kx_subject_info *s)
{
        bool none = !strcmp(s->compat, "NONE") && s->versions >= 2;
        int r = tui_table_add(&sv->table, none ? TUI_C_WARN : TUI_C_NORMAL);

        tui_table_set(&sv->table, r, 0, 0, "%s", s->name);
        tui_table_set(&sv->table, r, 1, s->latest, "%d", s->latest);
        tui_table_set(&sv->table, r, 2, s->id, "%d", s->id);
        tui_table_set(&sv->table, r, 3, s->versions, "%d", s->versions);
        tui_table_set(&sv->table, r, 4, 0, "%s%s", s->compat, s->compat_global ? " (global)" : "");
        if (none)
                tui_table_color(&sv->table, r, 4, TUI_C_BAD);
}

static void schemas_update(struct view *v, struct view_ctx *ctx)
{
        struct schemas_view *sv = v->priv;
        const struct kx_schema_health *h = ctx->snap ? ctx->snap->schemas : NULL;
        const char *topic = ctx->selected_topic;

        if (!sv->table.cols)
                tui_table_init(&sv->table, cols, (int)(sizeof(cols) / sizeof(cols[0])));
        tui_table_reset(&sv->table);
        sv->for_topic = false;
        if (!h)
                return;
        for (int i = 0; topic[0] && i < h->subject_cnt; i++) {
                if (kx_registry_subject_of_topic(h->subjects[i].name, topic)) {
                        add_row(sv, &h->subjects[i]);
                        sv->for_topic = true;
                }
        }
        for (int i = 0; !sv->for_topic && i < h->subject_cnt; i++)
                add_row(sv, &h->subjects[i]);
        tui_table_finish(&sv->table);
}

static void schemas_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct schemas_view *sv = v->priv;
        const struct kx_schema_health *sh = ctx->snap ? ctx->snap->schemas : NULL;
        char detail[400];
        bool ok;

        if (!ctx->snap) {
                view_draw_empty(ctx, y, x, w);
                return;
        }
        if (!sh) {
                tui_text(ctx->scr, y, x, w, "no schema registry configured (--registry URL, or "
                         "\"registry:\" in the context)", TUI_C_DIM, true, false);
                return;
        }
        ok = kx_schema_health_ok(sh, sv->for_topic ? ctx->selected_topic : NULL, detail, sizeof(detail));
        tui_textf(ctx->scr, y, x, w, ok ? TUI_C_OK : TUI_C_BAD, "%s %s", view_mark(ctx->scr, ok), detail);
        tui_textf(ctx->scr, y + 1, x, w, TUI_C_DIM, "global compatibility %s; %s",
                  sh->global_compat[0] ? sh->global_compat : "?",
                  sv->for_topic ? "subjects of the selected topic" : "all subjects");
        if (h > 2)
                tui_table_draw(&sv->table, ctx->scr, y + 2, x, h - 2, w);
}

static enum request schemas_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct schemas_view *sv = v->priv;

        (void)ctx;
        return tui_table_request(&sv->table, req, page) ? REQ_NONE : req;
}

static struct tui_table *schemas_table(struct view *v)
{
        return &((struct schemas_view *)v->priv)->table;
}

static void schemas_done(struct view *v)
{
        tui_table_done(&((struct schemas_view *)v->priv)->table);
}

const struct view_ops view_schemas_ops = {
        .name = "schemas",
        .title = "Schemas",
        .private_size = sizeof(struct schemas_view),
        .update = schemas_update,
        .draw = schemas_draw,
        .request = schemas_request,
        .table = schemas_table,
        .done = schemas_done,
};
