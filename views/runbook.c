/* runbook.c - playbooks: the list, and an open runbook whose every step is
 * checked against the live snapshot (✔ passes, ✖ fails, … unknown or no
 * check). The selected step's action runs with the incident's context
 * through the console and core. */
#include "view.h"

#include <stdio.h>
#include <string.h>

static const struct tui_col list_cols[] = {
        {"PLAYBOOK", 24, false, false, false}, {"TITLE", 28, false, false, false},
        {"STATE", 24, false, false, true},
};

static const struct tui_col step_cols[] = {
        {"STEP", 46, false, false, false}, {"CHECK", 40, false, false, true}, {"ACTION", 22, false, false, false},
};

struct runbook_view {
        struct tui_table list, steps;
};

static const char *mark(const struct tui_screen *scr, enum kx_check_result r, bool has_check)
{
        if (!has_check)
                return scr->utf8 ? "\xe2\x80\xa2" : "-";  /* a bullet: guidance only */
        switch (r) {
        case KX_CHECK_PASS:
                return scr->utf8 ? "\xe2\x9c\x94" : "+";
        case KX_CHECK_FAIL:
                return scr->utf8 ? "\xe2\x9c\x96" : "x";
        default:
                return scr->utf8 ? "\xe2\x80\xa6" : "?";
        }
}

static void build_list(struct runbook_view *rv, struct view_ctx *ctx)
{
        for (int i = 0; i < ctx->playbooks->cnt; i++) {
                const struct kx_playbook *pb = &ctx->playbooks->items[i];
                struct kx_incident_ctx ic;
                char detail[256] = "";
                bool fired = false;
                int r;

                for (int t = 0; t < pb->trigger_cnt && !fired; t++) {
                        memset(&ic, 0, sizeof(ic));
                        ic.broker = -1;
                        fired = kx_check_eval(&pb->triggers[t], ctx->snap, &ic, true, detail,
                                              sizeof(detail)) == KX_CHECK_FAIL;
                }
                r = tui_table_add(&rv->list, fired ? TUI_C_BAD : TUI_C_NORMAL);
                tui_table_set(&rv->list, r, 0, 0, "%s", pb->id);
                tui_table_set(&rv->list, r, 1, 0, "%s", pb->title);
                tui_table_set(&rv->list, r, 2, fired, "%s", fired ? detail : "quiet");
        }
}

static void build_steps(struct runbook_view *rv, struct view_ctx *ctx)
{
        const struct kx_playbook *pb = ctx->incident_pb;

        for (int i = 0; i < pb->step_cnt; i++) {
                const struct kx_pb_step *st = &pb->steps[i];
                struct kx_incident_ctx ic = *ctx->incident;
                enum kx_check_result res = KX_CHECK_UNKNOWN;
                char detail[256] = "";
                int r;

                if (st->has_check)
                        res = kx_check_eval(&st->check, ctx->snap, &ic, false, detail, sizeof(detail));
                r = tui_table_add(&rv->steps, res == KX_CHECK_FAIL ? TUI_C_BAD
                                              : res == KX_CHECK_PASS ? TUI_C_OK : TUI_C_NORMAL);
                tui_table_set(&rv->steps, r, 0, i, "%s %d. %s", mark(ctx->scr, res, st->has_check),
                              i + 1, st->title);
                tui_table_set(&rv->steps, r, 1, res, "%s", st->has_check ? detail : "");
                tui_table_set(&rv->steps, r, 2, 0, "%s%s%s", st->action ? "a: " : "",
                              st->action ? st->action : "", st->action_arg ? " " : "");
        }
}

static void runbook_update(struct view *v, struct view_ctx *ctx)
{
        struct runbook_view *rv = v->priv;

        if (!rv->list.cols) {
                tui_table_init(&rv->list, list_cols, 3);
                tui_table_init(&rv->steps, step_cols, 3);
        }
        tui_table_reset(&rv->list);
        tui_table_reset(&rv->steps);
        if (!ctx->playbooks)
                return;
        build_list(rv, ctx);
        tui_table_finish(&rv->list);
        if (ctx->incident_pb) {
                build_steps(rv, ctx);
                tui_table_finish(&rv->steps);
        }
}

static void draw_incident(struct runbook_view *rv, struct view_ctx *ctx, int y, int x, int h, int w)
{
        const struct kx_playbook *pb = ctx->incident_pb;
        const struct kx_incident_ctx *ic = ctx->incident;
        int steps_h = pb->step_cnt + 1, line = y + 2, sel = rv->steps.sel;
        char about[600] = "";

        if (ic->broker >= 0)
                snprintf(about, sizeof(about), "broker %d ", ic->broker);
        if (ic->topic[0])
                snprintf(about + strlen(about), sizeof(about) - strlen(about), "topic %s ", ic->topic);
        if (ic->group[0])
                snprintf(about + strlen(about), sizeof(about) - strlen(about), "group %s", ic->group);
        tui_textf(ctx->scr, y, x, w, TUI_C_HEADER, "%s  (target: recover in %s)", pb->title,
                  pb->recovery_target ? pb->recovery_target : "?");
        tui_textf(ctx->scr, y + 1, x, w, TUI_C_NORMAL, "%s. about: %s", pb->symptom,
                  about[0] ? about : "the cluster");
        if (steps_h > h - 6)
                steps_h = h - 6 > 2 ? h - 6 : 2;
        tui_table_draw(&rv->steps, ctx->scr, line, x, steps_h, w);
        line += steps_h;
        if (sel >= 0 && sel < pb->step_cnt && line < y + h) {
                const struct kx_pb_step *st = &pb->steps[rv->steps.visible ? rv->steps.visible[sel] : sel];

                if (st->guide)
                        tui_text(ctx->scr, line++, x, w, st->guide, TUI_C_NORMAL, true, false);
                if (st->expect && line < y + h)
                        tui_textf(ctx->scr, line++, x, w, TUI_C_DIM, "expect: %s", st->expect);
                if (st->action && line < y + h)
                        tui_textf(ctx->scr, line++, x, w, TUI_C_DIM,
                                  "a: run %s%s%s (plan, confirm, audit)   n: add a note   Esc: close",
                                  st->action, st->action_arg ? " " : "",
                                  st->action_arg ? st->action_arg : "");
        }
        for (int i = 0; i < pb->escalation_cnt && line < y + h; i++) {
                struct kx_incident_ctx esc = *ic;
                char detail[256];

                if (kx_check_eval(&pb->escalations[i].when, ctx->snap, &esc, false, detail,
                                  sizeof(detail)) == KX_CHECK_FAIL)
                        tui_textf(ctx->scr, line++, x, w, TUI_C_BAD, "ESCALATE: %s (%s)",
                                  pb->escalations[i].then, detail);
        }
}

static void runbook_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct runbook_view *rv = v->priv;

        if (ctx->incident_pb) {
                draw_incident(rv, ctx, y, x, h, w);
                return;
        }
        tui_table_draw(&rv->list, ctx->scr, y, x, h - 1, w);
        tui_text(ctx->scr, y + h - 1, x, w, "Enter: open the selected playbook as an incident",
                 TUI_C_DIM, true, false);
}

static enum request runbook_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        struct runbook_view *rv = v->priv;
        struct tui_table *t = ctx->incident_pb ? &rv->steps : &rv->list;

        if (tui_table_request(t, req, page))
                return REQ_NONE;
        if (req == REQ_ENTER && !ctx->incident_pb) {
                ctx->open_playbook = tui_table_selected(&rv->list);
                return ctx->open_playbook ? REQ_NONE : req;
        }
        if (req == REQ_RUN_ACTION && ctx->incident_pb) {
                int sel = rv->steps.sel;

                ctx->run_step = sel >= 0 && sel < rv->steps.nvisible ? rv->steps.visible[sel] : -1;
                return req;
        }
        return req;
}

static struct tui_table *runbook_table(struct view *v)
{
        struct runbook_view *rv = v->priv;

        return &rv->list;
}

static void runbook_done(struct view *v)
{
        struct runbook_view *rv = v->priv;

        tui_table_done(&rv->list);
        tui_table_done(&rv->steps);
}

const struct view_ops view_runbook_ops = {
        .name = "runbook",
        .title = "Runbook",
        .private_size = sizeof(struct runbook_view),
        .update = runbook_update,
        .draw = runbook_draw,
        .request = runbook_request,
        .table = runbook_table,
        .done = runbook_done,
};
