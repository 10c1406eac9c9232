/* jobs.c - replay jobs: state, a progress bar, rate and ETA, from the job
 * list the console reads from the state store (the view never reads the
 * store or Kafka itself). */
#include "view.h"
#include "../core/job_store.h"
#include "../core/progress_text.h"

#include <stdio.h>
#include <string.h>

static const struct tui_col cols[] = {
        {"ID", 10, false, false, false},
        {"STATE", 11, false, false, false},
        {"PROGRESS", 28, false, false, false},
        {"RATE/s", 9, true, true, false},
        {"ETA", 8, true, false, false},
        {"SOURCE -> TARGET", 24, false, false, true},
        {"DETAIL", 20, false, false, false},
};

struct jobs_view {
        struct tui_table table;
};

static enum tui_color state_color(const char *state)
{
        if (!strcmp(state, "done"))
                return TUI_C_OK;
        if (!strcmp(state, "failed") || !strcmp(state, "interrupted"))
                return TUI_C_BAD;
        if (!strcmp(state, "paused") || !strcmp(state, "stopped") || !strcmp(state, "cancelling"))
                return TUI_C_WARN;
        if (!strcmp(state, "cancelled"))
                return TUI_C_DIM;
        return TUI_C_NORMAL;
}

static const char *spec_str(const struct kx_job *job, const char *key)
{
        const char *s = json_string_value(json_object_get(job->spec, key));

        return s ? s : "-";
}

static void add_job(struct tui_table *t, const struct kx_job *job)
{
        bool live = !strcmp(job->state, "running") || !strcmp(job->state, "paused");
        char bar[24], eta[24];
        int r = tui_table_add(t, state_color(job->state));
        int pct = kx_progress_pct(job->done, job->total);

        kx_progress_bar(bar, sizeof(bar), 20, job->done, job->total);
        kx_eta_text(eta, sizeof(eta), job->total - job->done, live ? job->rate : 0);
        tui_table_set(t, r, 0, 0, "%s", job->id);
        tui_table_set(t, r, 1, 0, "%s", job->state);
        tui_table_set(t, r, 2, pct, "[%s] %3d%%", bar, pct);
        tui_table_set(t, r, 3, live ? job->rate : 0, "%.0f", live ? job->rate : 0.0);
        tui_table_set(t, r, 4, 0, "%s", live ? eta : "-");
        tui_table_set(t, r, 5, 0, "%s -> %s", spec_str(job, "topic"), spec_str(job, "target_topic"));
        tui_table_set(t, r, 6, 0, "%s", job->detail ? job->detail : "");
}

static void jobs_update(struct view *v, struct view_ctx *ctx)
{
        struct jobs_view *jv = v->priv;

        if (!jv->table.cols)
                tui_table_init(&jv->table, cols, (int)(sizeof(cols) / sizeof(cols[0])));
        tui_table_reset(&jv->table);
        for (size_t i = 0; i < ctx->job_cnt; i++)
                add_job(&jv->table, &ctx->jobs[i]);
        tui_table_finish(&jv->table);
}

static void jobs_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        struct jobs_view *jv = v->priv;

        if (!ctx->job_cnt) {
                tui_text(ctx->scr, y, x, w,
                         "no replay jobs yet: klaxon replay ... --detach, or a runbook's replay step",
                         TUI_C_DIM, true, false);
                return;
        }
        tui_table_draw(&jv->table, ctx->scr, y, x, h, w);
}

static enum request jobs_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        (void)ctx;
        struct tui_table *t = &((struct jobs_view *)v->priv)->table;

        if (tui_table_request(t, req, page))
                return REQ_NONE;
        if (req == REQ_JOB_CANCEL || req == REQ_JOB_RESUME) {
                ctx->selected_job = tui_table_selected(t);
                if (!ctx->selected_job) {
                        snprintf(ctx->message, sizeof(ctx->message), "no job selected");
                        return REQ_NONE;
                }
        }
        return req;
}

static struct tui_table *jobs_table(struct view *v)
{
        return &((struct jobs_view *)v->priv)->table;
}

static void jobs_done(struct view *v)
{
        tui_table_done(&((struct jobs_view *)v->priv)->table);
}

const struct view_ops view_jobs_ops = {
        .name = "jobs",
        .title = "Jobs",
        .private_size = sizeof(struct jobs_view),
        .update = jobs_update,
        .draw = jobs_draw,
        .request = jobs_request,
        .table = jobs_table,
        .done = jobs_done,
};
