/* test_slo.c - error-budget math (core/slo.c) and the latency histogram
 * (core/latency_hist.c). */
#include "../lib/testlib.h"
#include "../../core/latency_hist.h"
#include "../../core/slo.h"

#include <check.h>
#include <math.h>
#include <string.h>

#define MIN 60000LL
#define HOUR (60 * MIN)
#define NOW (1700000000000LL / MIN * MIN)

/* A bucket series the sum callback reads. */
struct series {
        struct kx_slo_bucket b[60000];
        int n;
        int64_t now;
        bool broken;
};

static int sum_series(void *ctx, int64_t from, int64_t to, struct kx_slo_counts *out,
                      struct kx_err *err)
{
        struct series *s = ctx;

        if (s->broken)
                return kx_err_set(err, KX_ERR_PEER, "prometheus at x: connection refused");
        kx_slo_sum_buckets(s->b, s->n, from, to, s->now, out);
        return 0;
}

/* One bucket per minute from start to end (exclusive), good/bad each. */
static void fill(struct series *s, int64_t start, int64_t end, double good, double bad)
{
        for (int64_t t = start; t < end; t += MIN)
                s->b[s->n++] = (struct kx_slo_bucket){t, MIN, good, bad};
}


START_TEST(test_sum_window_edges)
{
        struct kx_slo_bucket b[] = {{NOW - 3 * MIN, MIN, 10, 1}, {NOW - 2 * MIN, MIN, 20, 2},
                                    {NOW - MIN, MIN, 30, 3}};
        struct kx_slo_counts c;

        kx_slo_sum_buckets(b, 3, NOW - 2 * MIN, NOW, NOW, &c);
        ck_assert(c.good == 50 && c.bad == 5);
        ck_assert_int_eq(c.covered_ms, 2 * MIN);
        kx_slo_sum_buckets(b, 3, NOW - 10 * MIN, NOW, NOW, &c);
        ck_assert(c.good == 60 && c.bad == 6);
        ck_assert_int_eq(c.covered_ms, 3 * MIN);
        /* a bucket still filling (started 30 s ago) counts */
        b[2].start_ms = NOW - 30000;
        kx_slo_sum_buckets(b, 3, NOW - 20000, NOW, NOW, &c);
        ck_assert(c.good == 30);
        ck_assert_int_eq(c.covered_ms, 20000);
        kx_slo_sum_buckets(NULL, 0, NOW - MIN, NOW, NOW, &c);
        ck_assert(c.good == 0 && c.bad == 0 && c.covered_ms == 0);
}
END_TEST

START_TEST(test_burn_and_remaining)
{
        struct kx_slo_counts c = {.good = 9990, .bad = 10};
        double r;

        /* 0.1 % bad against a 99.9 % objective: burning exactly the budget */
        ck_assert(kx_slo_burn_rate(&c, 99.9, &r));
        ck_assert_double_eq_tol(r, 1.0, 1e-9);
        ck_assert_double_eq_tol(kx_slo_remaining(&c, 99.9), 0.0, 1e-9);
        ck_assert_double_eq_tol(kx_slo_remaining(&c, 99.0), 0.9, 1e-9);
        ck_assert(kx_slo_burn_rate(&c, 99.99, &r));
        ck_assert_double_eq_tol(r, 10.0, 1e-6);
        ck_assert_double_eq_tol(kx_slo_remaining(&c, 99.99), -9.0, 1e-6); /* overspent */
        /* zero tolerance */
        ck_assert(kx_slo_burn_rate(&c, 100, &r));
        ck_assert(isinf(r));
        ck_assert(kx_slo_remaining(&c, 100) == 0);
        c.bad = 0;
        ck_assert(kx_slo_burn_rate(&c, 100, &r) && r == 0);
        ck_assert(kx_slo_remaining(&c, 100) == 1);
        /* no data: neither good nor bad */
        c.good = 0;
        ck_assert(!kx_slo_burn_rate(&c, 99.9, &r));
        ck_assert(kx_slo_remaining(&c, 99.9) == 1);
}
END_TEST

START_TEST(test_policy_thresholds)
{
        struct kx_slo_config cfg;

        kx_slo_config_default(&cfg);
        ck_assert(kx_slo_policy_of(&cfg, true, 0.5) == KX_POLICY_OK);
        ck_assert(kx_slo_policy_of(&cfg, true, 0.20) == KX_POLICY_OK);
        ck_assert(kx_slo_policy_of(&cfg, true, 0.199) == KX_POLICY_HALT);
        ck_assert(kx_slo_policy_of(&cfg, true, 0.099) == KX_POLICY_INCIDENT);
        ck_assert(kx_slo_policy_of(&cfg, true, 0.049) == KX_POLICY_LOCKDOWN);
        ck_assert(kx_slo_policy_of(&cfg, true, -3) == KX_POLICY_LOCKDOWN);
        ck_assert(kx_slo_policy_of(&cfg, false, -3) == KX_POLICY_NODATA);
        ck_assert_str_eq(kx_slo_policy_name(KX_POLICY_INCIDENT), "INCIDENT");
}
END_TEST

static struct series S;

static void setup(void)
{
        memset(&S, 0, sizeof(S));
        S.now = NOW;
}

START_TEST(test_healthy_window_full_budget)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        cfg.window_ms = 3 * 86400000LL;
        fill(&S, NOW - 3 * 86400000LL, NOW, 100, 0);
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert(r.has_data);
        ck_assert(r.sli_pct == 100 && r.remaining == 1);
        ck_assert_double_eq_tol(r.coverage, 1.0, 1e-9);
        ck_assert(r.policy == KX_POLICY_OK && r.alert == KX_SLO_SEV_NONE && r.alert_rule == -1);
        ck_assert_int_eq(r.burn_cnt, 4);
        for (int i = 0; i < 4; i++)
                ck_assert(r.burn[i].has_data && r.burn[i].rate == 0);
        ck_assert(r.spark[0] == 1 && r.spark[KX_SLO_SPARK - 1] == 1);
}
END_TEST

/* A 10-minute total outage in a long healthy window: the 5m and 1h windows
 * burn far above 14.4 (page), the budget is still mostly there. */
START_TEST(test_outage_pages_then_clears)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        fill(&S, NOW - 30 * 86400000LL, NOW - 10 * MIN, 1000, 0);
        fill(&S, NOW - 10 * MIN, NOW, 0, 1000);
        kx_slo_eval(&cfg, KX_SLI_BROKERS, NOW, sum_series, &S, &r);
        ck_assert(r.alert == KX_SLO_SEV_PAGE);
        ck_assert_int_eq(r.alert_rule, 0);
        ck_assert(r.burn[0].rate > 14.4);  /* 5m: everything bad = 2000x */
        ck_assert_double_eq_tol(r.burn[0].rate, 2000, 1e-6);
        ck_assert_double_eq_tol(r.burn[1].rate, 2000 * 10.0 / 60, 1e-6);
        ck_assert_double_eq_tol(r.remaining, 1 - (10.0 / 43200) / 0.0005, 1e-6);
        ck_assert(r.policy == KX_POLICY_OK);
        ck_assert(isnan(r.spark[0]) == 0);

        /* Recovery: 6 healthy minutes later the 5m window is clean, so the
         * 1h/5m pair stops paging, though the 1h window still burns. The
         * 6h/30m pair (6x) still holds: 16 bad of 30 minutes. */
        S.now += 6 * MIN;
        fill(&S, NOW, NOW + 6 * MIN, 1000, 0);
        kx_slo_eval(&cfg, KX_SLI_BROKERS, S.now, sum_series, &S, &r);
        ck_assert(r.burn[0].rate == 0);
        ck_assert(r.burn[1].rate > 14.4);
        ck_assert(r.alert == KX_SLO_SEV_PAGE);
        ck_assert_int_eq(r.alert_rule, 1);

        /* Once the 30m window holds no bad minute either, the page clears;
         * the 1d/2h pair (3x) is a ticket: 10 bad minutes in 2 h is 83x. */
        S.now += 30 * MIN;
        fill(&S, NOW + 6 * MIN, NOW + 36 * MIN, 1000, 0);
        kx_slo_eval(&cfg, KX_SLI_BROKERS, S.now, sum_series, &S, &r);
        ck_assert(r.alert == KX_SLO_SEV_TICKET);
        ck_assert_int_eq(r.alert_rule, 2);

        /* 3 days later (the window keeps sliding) nothing fires. */
        S.now += 3 * 86400000LL;
        fill(&S, NOW + 36 * MIN, S.now, 1000, 0);
        kx_slo_eval(&cfg, KX_SLI_BROKERS, S.now, sum_series, &S, &r);
        ck_assert(r.alert == KX_SLO_SEV_NONE);
        ck_assert(r.remaining < 1); /* still inside the 30-day budget window */
}
END_TEST

START_TEST(test_policy_from_spent_budget)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        cfg.window_ms = 100 * MIN;
        /* objective 99 %: budget = 1 % of 100000 events = 1000 bad */
        cfg.sli[KX_SLI_PRODUCE].objective = 99;
        fill(&S, NOW - 100 * MIN, NOW, 990, 10);   /* 1000 bad: all spent */
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert_double_eq_tol(r.remaining, 0, 1e-9);
        ck_assert(r.policy == KX_POLICY_LOCKDOWN);
        S.n = 0;
        fill(&S, NOW - 100 * MIN, NOW, 992, 8);    /* 800 bad: 20 % left */
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert_double_eq_tol(r.remaining, 0.2, 1e-9);
        ck_assert(r.policy == KX_POLICY_OK);
        S.n = 0;
        fill(&S, NOW - 100 * MIN, NOW, 991.5, 8.5); /* 15 % left */
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert(r.policy == KX_POLICY_HALT);
        S.n = 0;
        fill(&S, NOW - 100 * MIN, NOW, 990.8, 9.2); /* 8 % left */
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert(r.policy == KX_POLICY_INCIDENT);
}
END_TEST

START_TEST(test_no_data_is_never_good_or_bad)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        kx_slo_eval(&cfg, KX_SLI_SCHEMA, NOW, sum_series, &S, &r);
        ck_assert(!r.has_data);
        ck_assert(r.policy == KX_POLICY_NODATA);
        ck_assert(r.alert == KX_SLO_SEV_NONE);
        ck_assert(r.remaining == 1 && r.coverage == 0);
        for (int i = 0; i < r.burn_cnt; i++)
                ck_assert(!r.burn[i].has_data);
        for (int i = 0; i < KX_SLO_SPARK; i++)
                ck_assert(isnan(r.spark[i]));
        /* data long ago, none recently: the short windows say no data and
         * cannot page, however bad the old data was */
        fill(&S, NOW - 20 * HOUR, NOW - 19 * HOUR, 0, 100);
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert(r.has_data);
        ck_assert(!r.burn[0].has_data && !r.burn[1].has_data && !r.burn[2].has_data);
        ck_assert(r.burn[3].has_data);
        ck_assert(r.alert == KX_SLO_SEV_NONE || r.alert == KX_SLO_SEV_TICKET);
        ck_assert(r.alert != KX_SLO_SEV_PAGE);
}
END_TEST

START_TEST(test_partial_window)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        /* a probe started 3 days into a 30-day window */
        fill(&S, NOW - 3 * 86400000LL, NOW, 10000, 0);
        S.b[S.n - 1].bad = 1;   /* one failure in 30 M events */
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, NOW, sum_series, &S, &r);
        ck_assert_double_eq_tol(r.coverage, 0.1, 1e-9);
        /* judged on the events it has: 1 bad of 43.2 M, budget 4320 */
        ck_assert_double_eq_tol(r.remaining, 1 - 1 / (0.0001 * 43200000), 1e-9);
        ck_assert(r.policy == KX_POLICY_OK);
        /* the 5m window: 1 bad in 50001, 0.2x */
        ck_assert_double_eq_tol(r.burn[0].rate, (1.0 / 50001) / 0.0001, 1e-9);
}
END_TEST

START_TEST(test_clock_steps)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        fill(&S, NOW - HOUR, NOW, 100, 0);
        /* clock stepped back 2 h: the newest buckets lie "in the future" and
         * still count as the most recent data, so nothing is lost or paged */
        fill(&S, NOW - 5 * MIN, NOW, 0, 100);   /* recent failures */
        S.now = NOW - 2 * HOUR;
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, S.now, sum_series, &S, &r);
        ck_assert(r.has_data);
        ck_assert(r.burn[0].has_data);
        ck_assert(r.burn[0].rate > 14.4);
        ck_assert(r.alert == KX_SLO_SEV_PAGE);
        /* clock stepped forward 2 days: old buckets fall out of the short
         * windows (no data, no alert) but stay in the budget window */
        S.now = NOW + 2 * 86400000LL;
        kx_slo_eval(&cfg, KX_SLI_PRODUCE, S.now, sum_series, &S, &r);
        ck_assert(r.has_data);
        ck_assert(!r.burn[0].has_data && !r.burn[1].has_data);
        ck_assert(r.alert == KX_SLO_SEV_NONE);
        ck_assert(r.remaining < 1);
}
END_TEST

START_TEST(test_source_error_reported)
{
        struct kx_slo_config cfg;
        struct kx_slo_result r;

        kx_slo_config_default(&cfg);
        S.broken = true;
        kx_slo_eval(&cfg, KX_SLI_REPLAG, NOW, sum_series, &S, &r);
        ck_assert_int_eq(r.err_code, KX_ERR_PEER);
        ck_assert_str_eq(r.error, "prometheus at x: connection refused");
        ck_assert(!r.has_data && r.policy == KX_POLICY_NODATA && r.alert == KX_SLO_SEV_NONE);
}
END_TEST

START_TEST(test_hist_quantiles)
{
        struct kx_hist h = {0}, back = {0};
        char text[2048];

        ck_assert_int_eq(kx_hist_index(0.2), 0);
        ck_assert_int_eq(kx_hist_index(1), 0);
        ck_assert_int_eq(kx_hist_index(2), 4);
        ck_assert_int_eq(kx_hist_index(2.1), 5);
        ck_assert_int_eq(kx_hist_index(1e12), KX_HIST_BUCKETS - 1);
        ck_assert(kx_hist_quantile(&h, 0.99) == -1);
        for (int i = 0; i < 990; i++)
                kx_hist_add(&h, 3);
        for (int i = 0; i < 9; i++)
                kx_hist_add(&h, 400);
        kx_hist_add(&h, 5000);
        /* p50 and p99 within one bucket (19 %) above the true value */
        ck_assert(kx_hist_quantile(&h, 0.5) >= 3 && kx_hist_quantile(&h, 0.5) < 3 * 1.19);
        ck_assert(kx_hist_quantile(&h, 0.99) >= 3 && kx_hist_quantile(&h, 0.99) < 3.6);
        ck_assert(kx_hist_quantile(&h, 0.999) >= 400 && kx_hist_quantile(&h, 0.999) < 476);
        ck_assert(kx_hist_quantile(&h, 1) >= 5000 && kx_hist_quantile(&h, 1) < 5950);
        kx_hist_format(&h, text, sizeof(text));
        ck_assert_int_eq(kx_hist_parse_add(&back, text), 0);
        ck_assert(memcmp(&h, &back, sizeof(h)) == 0);
        kx_hist_merge(&back, &h);
        ck_assert_int_eq(back.total, 2000);
        ck_assert_int_eq(kx_hist_parse_add(&back, "3:x"), -1);
        ck_assert_int_eq(kx_hist_parse_add(&back, "999:1"), -1);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("slo");
        TCase *tc = tcase_create("math");

        tcase_add_checked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_sum_window_edges);
        tcase_add_test(tc, test_burn_and_remaining);
        tcase_add_test(tc, test_policy_thresholds);
        tcase_add_test(tc, test_healthy_window_full_budget);
        tcase_add_test(tc, test_outage_pages_then_clears);
        tcase_add_test(tc, test_policy_from_spent_budget);
        tcase_add_test(tc, test_no_data_is_never_good_or_bad);
        tcase_add_test(tc, test_partial_window);
        tcase_add_test(tc, test_clock_steps);
        tcase_add_test(tc, test_source_error_reported);
        tcase_add_test(tc, test_hist_quantiles);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
