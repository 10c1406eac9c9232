/* budgets.c - SLO error budgets: per SLI the objective, current value,
 * budget-remaining bar, burn rates, alert and policy state and a sparkline
 * of the good share. Renders the report the console hands over (computed
 * on the SLO thread); talks to nothing. */
#include "view.h"
#include "../core/snapshot_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void format_current(const struct kx_slo_result *r, char *buf, size_t size)
{
        if (!r->has_current)
                snprintf(buf, size, "-");
        else if (r->sli == KX_SLI_PRODUCE || r->sli == KX_SLI_BROKERS)
                snprintf(buf, size, "%.3f%%", r->current);
        else
                snprintf(buf, size, "%.0f %s", r->current, kx_sli_unit(r->sli));
}

static void format_bar(double remaining, bool has_data, bool utf8, int w, char *buf, size_t size)
{
        double f = !has_data ? 1 : remaining < 0 ? 0 : remaining > 1 ? 1 : remaining;
        int full = (int)lround(f * w);
        size_t used = 0;

        used += (size_t)snprintf(buf, size, "[");
        for (int i = 0; i < w && used + 4 < size; i++)
                used += (size_t)snprintf(buf + used, size - used, "%s",
                                         i < full ? (utf8 ? "\u2588" : "#") : (utf8 ? "\u00b7" : "."));
        /* an overspent budget can be -9000 %: clamp the text, not the data */
        snprintf(buf + used, size - used, "]%4.0f%%",
                 !has_data ? 100.0 : remaining < -9.99 ? -999.0 : remaining * 100);
}

void view_budgets_line(const struct kx_slo_result *r, bool utf8, int bar_w, char *buf,
                       size_t size)
{
        char cur[32], bar[160], burn[16];
        size_t used;

        format_current(r, cur, sizeof(cur));
        format_bar(r->remaining, r->has_data, utf8, bar_w, bar, sizeof(bar));
        used = (size_t)snprintf(buf, size, "%-20s %7.2f%% %11s %s", kx_sli_title(r->sli),
                                r->objective, cur, bar);
        for (int i = 0; i < r->burn_cnt && used < size; i++) {
                if (!r->burn[i].has_data)
                        snprintf(burn, sizeof(burn), "-");
                else if (isinf(r->burn[i].rate))
                        snprintf(burn, sizeof(burn), "inf");
                else
                        snprintf(burn, sizeof(burn), "%.1fx", r->burn[i].rate);
                used += (size_t)snprintf(buf + used, size - used, " %7s", burn);
        }
        if (used < size)
                snprintf(buf + used, size - used, "  %-6s %-8s", kx_slo_severity_name(r->alert),
                         kx_slo_policy_name(r->policy));
}

static enum tui_color row_color(const struct kx_slo_result *r)
{
        if (r->alert == KX_SLO_SEV_PAGE || r->policy >= KX_POLICY_INCIDENT)
                return TUI_C_BAD;
        if (r->alert == KX_SLO_SEV_TICKET || r->policy == KX_POLICY_HALT)
                return TUI_C_WARN;
        return r->has_data ? TUI_C_OK : TUI_C_DIM;
}

static void budgets_update(struct view *v, struct view_ctx *ctx)
{
        (void)v, (void)ctx;
}

static void draw_header(struct view_ctx *ctx, int y, int x, int w)
{
        const struct kx_slo_config *cfg = ctx->slo_cfg;
        char line[256], win[16];
        int used;

        used = snprintf(line, sizeof(line), "%-20s %8s %11s %-*s", "SLI", "TARGET", "CURRENT", 19,
                        "BUDGET LEFT");
        for (int i = 0; i < cfg->burn_window_cnt && used < (int)sizeof(line); i++)
                used += snprintf(line + used, sizeof(line) - (size_t)used, " %7s",
                                 kx_slo_duration_str(cfg->burn_windows_ms[i], win, sizeof(win)));
        if (used < (int)sizeof(line))
                snprintf(line + used, sizeof(line) - (size_t)used, "  %-6s %-8s %s", "ALERT",
                         "POLICY", "TREND");
        tui_text(ctx->scr, y, x, w, line, TUI_C_HEADER, true, false);
}

static void budgets_draw(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w)
{
        const struct kx_slo_report *rep = ctx->slo;
        char line[400], spark[128], win[16], when[40];
        int row = 0;

        (void)v;
        if (!rep || !ctx->slo_cfg) {
                tui_text(ctx->scr, y, x, w, ctx->slo_error && ctx->slo_error[0] ? ctx->slo_error
                         : "evaluating the SLOs ...", ctx->slo_error && ctx->slo_error[0] ? TUI_C_BAD : TUI_C_DIM,
                         true, false);
                return;
        }
        tui_textf(ctx->scr, y + row++, x, w, TUI_C_NORMAL, "Error budgets over %s (%s), at %s",
                  kx_slo_duration_str(ctx->slo_cfg->window_ms, win, sizeof(win)), ctx->slo_cfg->source,
                  kx_iso8601(rep->now_ms, when, sizeof(when)));
        if (ctx->slo_error && ctx->slo_error[0])
                tui_text(ctx->scr, y + row++, x, w, ctx->slo_error, TUI_C_BAD, true, false);
        if (rep->probe_error[0])
                tui_textf(ctx->scr, y + row++, x, w, TUI_C_BAD, "probe: %s", rep->probe_error);
        row++;
        draw_header(ctx, y + row++, x, w);
        for (int s = 0; s < KX_SLI_COUNT && row < h; s++) {
                const struct kx_slo_result *r = &rep->sli[s];
                int64_t vals[KX_SLO_SPARK];
                int used;

                for (int i = 0; i < KX_SLO_SPARK; i++)
                        vals[i] = isnan(r->spark[i]) ? -1 : (int64_t)lround(r->spark[i] * 1000);
                view_budgets_line(r, ctx->scr->utf8, 12, line, sizeof(line));
                used = tui_text(ctx->scr, y + row, x, w, line, row_color(r), false, false);
                if (used + 2 < w)
                        tui_text(ctx->scr, y + row, x + used + 1, w - used - 1,
                                 tui_sparkline(vals, KX_SLO_SPARK, 24, ctx->scr->utf8, spark, sizeof(spark)),
                                 TUI_C_DIM, true, false);
                row++;
                if (r->error[0] && row < h)
                        tui_textf(ctx->scr, y + row++, x, w, r->err_code ? TUI_C_BAD : TUI_C_DIM,
                                  "    %s", r->error);
        }
        if (row + 2 < h) {
                tui_textf(ctx->scr, y + row + 1, x, w, TUI_C_DIM,
                          "canary: %lld produced, %lld failed, %lld lost, %lld duplicated; latency p50 %.0f / p99 %.0f / p999 %.0f ms",
                          (long long)rep->attempts, (long long)rep->failures, (long long)rep->lost,
                          (long long)rep->duplicates, rep->p50_ms, rep->p99_ms, rep->p999_ms);
                tui_textf(ctx->scr, y + row + 2, x, w, TUI_C_DIM,
                          "policy: budget left < %g%% HALT releases, < %g%% INCIDENT, < %g%% LOCKDOWN",
                          ctx->slo_cfg->halt_pct, ctx->slo_cfg->incident_pct, ctx->slo_cfg->lockdown_pct);
        }
}

void view_budgets_panel(struct view_ctx *ctx, int y, int x, int w)
{
        const struct kx_slo_report *rep = ctx->slo;
        const struct kx_slo_result *worst = NULL;
        char line[400], head[300];
        size_t used = 0;
        int paging = 0;

        if (!rep) {
                tui_text(ctx->scr, y, x, w, ctx->slo_error && ctx->slo_error[0] ? ctx->slo_error
                         : "evaluating the SLOs ...", TUI_C_DIM, true, false);
                return;
        }
        for (int s = 0; s < KX_SLI_COUNT; s++) {
                const struct kx_slo_result *r = &rep->sli[s];

                paging += r->alert == KX_SLO_SEV_PAGE;
                if (r->has_data && (!worst || r->remaining < worst->remaining))
                        worst = r;
                if (used < sizeof(line))
                        used += (size_t)(r->has_data
                                ? snprintf(line + used, sizeof(line) - used, "%s %.0f%%  ",
                                           kx_sli_key(r->sli), r->remaining < 0 ? 0 : r->remaining * 100)
                                : snprintf(line + used, sizeof(line) - used, "%s -  ", kx_sli_key(r->sli)));
        }
        if (rep->probe_error[0])
                snprintf(head, sizeof(head), "probe: %s", rep->probe_error);
        else if (!worst)
                snprintf(head, sizeof(head), "no SLI data yet: run `klaxon probe` (8: budgets)");
        else
                snprintf(head, sizeof(head), "%d paging; lowest budget %.0f%% (%s, %s)  8: budgets", paging,
                         worst->remaining < 0 ? 0 : worst->remaining * 100, kx_sli_title(worst->sli),
                         kx_slo_policy_name(worst->policy));
        tui_text(ctx->scr, y, x, w, head,
                 rep->probe_error[0] || paging || (worst && worst->policy >= KX_POLICY_INCIDENT) ? TUI_C_BAD
                 : worst && worst->policy == KX_POLICY_HALT ? TUI_C_WARN
                 : worst ? TUI_C_OK : TUI_C_DIM, true, false);
        tui_text(ctx->scr, y + 1, x, w, line, TUI_C_DIM, true, false);
}

static enum request budgets_request(struct view *v, struct view_ctx *ctx, enum request req, int page)
{
        (void)v, (void)ctx, (void)page;
        return req;
}

const struct view_ops view_budgets_ops = {
        .name = "budgets",
        .title = "Budgets",
        .private_size = 1,
        .update = budgets_update,
        .draw = budgets_draw,
        .request = budgets_request,
};
