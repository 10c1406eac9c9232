/* common.c - small pieces shared by the views. */
#include "view.h"
#include "../core/governance.h"

void view_draw_empty(struct view_ctx *ctx, int y, int x, int w)
{
        const char *msg = ctx->status && ctx->status->error[0]
                                  ? ctx->status->error
                                  : "waiting for the first refresh from the cluster...";

        tui_text(ctx->scr, y, x, w, msg, ctx->status && ctx->status->error[0] ? TUI_C_BAD : TUI_C_DIM,
                 true, false);
}

const char *view_mark(const struct tui_screen *scr, bool ok)
{
        if (ok)
                return scr->utf8 ? "\xe2\x9c\x94" : "+";
        return scr->utf8 ? "\xe2\x9c\x96" : "x";
}

bool view_team_usage(const struct kx_team_usage *u, char *buf, size_t size)
{
        snprintf(buf, size, "%-18s topics %d/%lld   partitions %d/%lld per topic", u->team, u->topics,
                 (long long)u->max_topics, u->widest, (long long)u->max_partitions_per_topic);
        return u->topics > u->max_topics || u->widest > u->max_partitions_per_topic;
}
