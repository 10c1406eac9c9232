/* slo.c - error-budget math (see slo.h). */
#include "slo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void kx_slo_sum_buckets(const struct kx_slo_bucket *b, int n, int64_t from_ms, int64_t to_ms,
                        int64_t now_ms, struct kx_slo_counts *out)
{
        memset(out, 0, sizeof(*out));
        for (int i = 0; i < n; i++) {
                /* A bucket from the future (clock stepped back) is the newest. */
                int64_t s = b[i].start_ms > now_ms ? now_ms - b[i].width_ms : b[i].start_ms;
                int64_t e = s + b[i].width_ms;

                if (e <= from_ms || s >= to_ms)
                        continue;
                out->good += b[i].good;
                out->bad += b[i].bad;
                out->covered_ms += (e < to_ms ? e : to_ms) - (s > from_ms ? s : from_ms);
        }
}

bool kx_slo_burn_rate(const struct kx_slo_counts *c, double objective, double *rate)
{
        double total = c->good + c->bad, allowed = 1.0 - objective / 100.0;

        *rate = 0;
        if (total <= 0)
                return false;
        if (allowed <= 1e-12)
                *rate = c->bad > 0 ? INFINITY : 0;
        else
                *rate = (c->bad / total) / allowed;
        return true;
}

double kx_slo_remaining(const struct kx_slo_counts *c, double objective)
{
        double total = c->good + c->bad, allowed = 1.0 - objective / 100.0;

        if (total <= 0)
                return 1;
        if (allowed <= 1e-12)
                return c->bad > 0 ? 0 : 1;
        return 1.0 - c->bad / (allowed * total);
}

enum kx_slo_policy kx_slo_policy_of(const struct kx_slo_config *cfg, bool has_data,
                                    double remaining)
{
        double pct = remaining * 100;

        if (!has_data)
                return KX_POLICY_NODATA;
        if (pct < cfg->lockdown_pct)
                return KX_POLICY_LOCKDOWN;
        if (pct < cfg->incident_pct)
                return KX_POLICY_INCIDENT;
        if (pct < cfg->halt_pct)
                return KX_POLICY_HALT;
        return KX_POLICY_OK;
}

const char *kx_slo_policy_name(enum kx_slo_policy p)
{
        static const char *const names[] = {"no data", "ok", "HALT", "INCIDENT", "LOCKDOWN"};

        return p <= KX_POLICY_LOCKDOWN ? names[p] : "?";
}

/* Burn rate over the window ending at now; false if no data (or error). */
static bool burn_over(const struct kx_slo_config *cfg, enum kx_sli sli, int64_t now_ms,
                      int64_t window_ms, kx_slo_sum_fn sum, void *ctx, double *rate,
                      struct kx_err *err)
{
        struct kx_slo_counts c;

        if (sum(ctx, now_ms - window_ms, now_ms, &c, err))
                return false;
        return kx_slo_burn_rate(&c, cfg->sli[sli].objective, rate);
}

static void eval_alerts(const struct kx_slo_config *cfg, enum kx_sli sli, int64_t now_ms,
                        kx_slo_sum_fn sum, void *ctx, struct kx_slo_result *out, struct kx_err *err)
{
        for (int i = 0; i < cfg->alert_cnt; i++) {
                const struct kx_slo_alert_rule *r = &cfg->alerts[i];
                double lr, sr;

                if (r->severity <= out->alert)
                        continue;
                if (burn_over(cfg, sli, now_ms, r->long_ms, sum, ctx, &lr, err) && lr > r->burn &&
                    burn_over(cfg, sli, now_ms, r->short_ms, sum, ctx, &sr, err) && sr > r->burn) {
                        out->alert = r->severity;
                        out->alert_rule = i;
                }
        }
}

static void eval_spark(const struct kx_slo_config *cfg, int64_t now_ms, kx_slo_sum_fn sum,
                       void *ctx, struct kx_slo_result *out, struct kx_err *err)
{
        int64_t span = 0, slice;

        for (int i = 0; i < cfg->burn_window_cnt; i++)
                if (cfg->burn_windows_ms[i] > span)
                        span = cfg->burn_windows_ms[i];
        slice = span / KX_SLO_SPARK > 0 ? span / KX_SLO_SPARK : 1;
        for (int i = 0; i < KX_SLO_SPARK; i++) {
                int64_t to = now_ms - (int64_t)(KX_SLO_SPARK - 1 - i) * slice;
                struct kx_slo_counts c;

                out->spark[i] = NAN;
                if (!sum(ctx, to - slice, to, &c, err) && c.good + c.bad > 0)
                        out->spark[i] = c.good / (c.good + c.bad);
        }
}

void kx_slo_eval(const struct kx_slo_config *cfg, enum kx_sli sli, int64_t now_ms,
                 kx_slo_sum_fn sum, void *ctx, struct kx_slo_result *out)
{
        struct kx_err err;
        double objective = cfg->sli[sli].objective;

        kx_err_clear(&err);
        memset(out, 0, sizeof(*out));
        out->sli = sli;
        out->objective = objective;
        out->remaining = 1;
        out->alert_rule = -1;
        out->burn_cnt = cfg->burn_window_cnt;
        for (int i = 0; i < KX_SLO_SPARK; i++)
                out->spark[i] = NAN;
        for (int i = 0; i < cfg->burn_window_cnt; i++)
                out->burn[i].window_ms = cfg->burn_windows_ms[i];
        if (sum(ctx, now_ms - cfg->window_ms, now_ms, &out->window, &err)) {
                out->err_code = err.code;
                snprintf(out->error, sizeof(out->error), "%s", err.msg);
                memset(&out->window, 0, sizeof(out->window));
                return;
        }
        out->has_data = out->window.good + out->window.bad > 0;
        if (out->has_data)
                out->sli_pct = 100.0 * out->window.good / (out->window.good + out->window.bad);
        out->remaining = kx_slo_remaining(&out->window, objective);
        out->coverage = (double)out->window.covered_ms / (double)cfg->window_ms;
        if (out->coverage > 1)
                out->coverage = 1;
        out->policy = kx_slo_policy_of(cfg, out->has_data, out->remaining);
        for (int i = 0; i < cfg->burn_window_cnt; i++)
                out->burn[i].has_data = burn_over(cfg, sli, now_ms, cfg->burn_windows_ms[i], sum,
                                                  ctx, &out->burn[i].rate, &err);
        eval_alerts(cfg, sli, now_ms, sum, ctx, out, &err);
        eval_spark(cfg, now_ms, sum, ctx, out, &err);
}
