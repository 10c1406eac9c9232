/* common.c - small pieces shared by the views. */
#include "view.h"

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
