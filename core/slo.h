/* slo.h - error-budget math: pure functions over event counts, no I/O.
 *
 * Every SLI is a stream of good and bad events (a produce that succeeded or
 * failed, a broker-minute up or down, a message lost, ...). Over a window:
 *   SLI          = good / (good + bad)
 *   error budget = (1 - objective) * (good + bad) bad events
 *   remaining    = 1 - bad / budget          (negative: overspent)
 *   burn rate    = (bad / (good + bad)) / (1 - objective)
 * An objective of 100 % is zero tolerance: remaining is 1 with no bad event
 * and 0 after one, the burn rate 0 or infinite.
 *
 * No data (no event in a window) is neither good nor bad: the SLI reports
 * "no data", its burn rate is unknown and it never fires an alert. A window
 * only partly filled (a new probe) is judged on the events it has, and
 * `coverage` says how much of the window that is. Buckets stamped after
 * "now" (the wall clock stepped back) count as the newest data; buckets
 * that fall out of the window after a step forward are simply old.
 */
#ifndef KX_SLO_H
#define KX_SLO_H

#include "slo_config.h"

#include <stdbool.h>
#include <stdint.h>

/* Events counted in one time bucket. */
struct kx_slo_bucket {
        int64_t start_ms;       /* wall clock when the bucket began */
        int64_t width_ms;       /* > 0 */
        double good, bad;
};

/* Events summed over a time range. has data iff good + bad > 0. */
struct kx_slo_counts {
        double good, bad;
        int64_t covered_ms;     /* bucket time inside the range */
};

/* Sum the buckets overlapping (from_ms, to_ms], evaluated at now_ms (see
 * the clock-step rule above). b may be NULL when n is 0. */
void kx_slo_sum_buckets(const struct kx_slo_bucket *b, int n, int64_t from_ms, int64_t to_ms,
                        int64_t now_ms, struct kx_slo_counts *out);

/* A source of counts for one SLI over (from_ms, to_ms]. Returns 0, or a kx
 * code with err set when the source failed (Prometheus down, ...). */
typedef int (*kx_slo_sum_fn)(void *ctx, int64_t from_ms, int64_t to_ms,
                             struct kx_slo_counts *out, struct kx_err *err);

enum kx_slo_policy { KX_POLICY_NODATA, KX_POLICY_OK, KX_POLICY_HALT, KX_POLICY_INCIDENT,
                     KX_POLICY_LOCKDOWN };

#define KX_SLO_SPARK 24

struct kx_slo_burn {
        int64_t window_ms;
        bool has_data;
        double rate;            /* may be INFINITY (zero tolerance, bad > 0) */
};

struct kx_slo_result {
        enum kx_sli sli;
        double objective;       /* percent */
        bool has_data;          /* any event in the budget window */
        struct kx_slo_counts window;
        double sli_pct;         /* good share over the window, percent */
        double remaining;       /* budget remaining, fraction (1 = untouched) */
        double coverage;        /* share of the window with data, 0..1 */
        struct kx_slo_burn burn[KX_SLO_MAX_BURN_WINDOWS];
        int burn_cnt;
        enum kx_slo_severity alert;
        int alert_rule;         /* index into cfg->alerts that fired, or -1 */
        enum kx_slo_policy policy;
        double spark[KX_SLO_SPARK]; /* good share per slice of the longest burn
                                     * window, oldest first; NAN = no data */
        bool has_current;       /* current: set by the caller (p99 ms, lag, ...) */
        double current;
        int err_code;           /* 0, or the source's error */
        char error[256];
};

/* Burn rate of counts against an objective (percent); false if no data. */
bool kx_slo_burn_rate(const struct kx_slo_counts *c, double objective, double *rate);

/* Budget remaining (fraction) of counts against an objective; 1 with no data. */
double kx_slo_remaining(const struct kx_slo_counts *c, double objective);

/* Policy state of a remaining budget (fraction) under cfg's thresholds. */
enum kx_slo_policy kx_slo_policy_of(const struct kx_slo_config *cfg, bool has_data,
                                    double remaining);

/* Evaluate one SLI at now_ms: the window, every burn window, every alert
 * pair, the policy and the sparkline, all through sum. A failing source
 * leaves the result as "no data" with err_code/error set; out is always
 * fully written. */
void kx_slo_eval(const struct kx_slo_config *cfg, enum kx_sli sli, int64_t now_ms,
                 kx_slo_sum_fn sum, void *ctx, struct kx_slo_result *out);

/* "ok", "HALT", "INCIDENT", "LOCKDOWN", "no data". */
const char *kx_slo_policy_name(enum kx_slo_policy p);

#endif
