/* test_time_lag.c - time lag by interpolation, and the failures other tools
 * show: astronomical seconds after a reprocess, NaN on an idle topic
 * (core/time_lag.c). */
#include "../lib/testlib.h"
#include "../../core/time_lag.h"

#include <check.h>
#include <math.h>

#define P(t, leo) {(t) * 1000, (leo)}
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(test_interpolates_between_points)
{
        /* LEO 100 at t=0, 200 at t=10: offset 150 was written at t=5. */
        struct kx_leo_point p[] = {P(0, 100), P(10, 200), P(20, 300)};
        struct kx_time_lag r = kx_time_lag_eval(p, N(p), 150, -1, 20000);

        ck_assert_int_eq(r.kind, KX_TIME_LAG_EXACT);
        ck_assert_double_eq_tol(r.seconds, 15.0, 1e-9);
}
END_TEST

START_TEST(test_caught_up_is_zero)
{
        struct kx_leo_point p[] = {P(0, 100), P(10, 200)};
        struct kx_time_lag r = kx_time_lag_eval(p, N(p), 200, -1, 99000);

        ck_assert_int_eq(r.kind, KX_TIME_LAG_EXACT);
        ck_assert_double_eq(r.seconds, 0);
}
END_TEST

/* A low-volume topic: many equal LEO points. Naive interpolation divides
 * by zero and shows NaN. */
START_TEST(test_idle_topic_is_never_nan)
{
        struct kx_leo_point p[] = {P(0, 40), P(10, 40), P(20, 40), P(30, 41), P(40, 41), P(50, 41)};
        struct kx_time_lag r = kx_time_lag_eval(p, N(p), 40, -1, 50000);

        ck_assert(!isnan(r.seconds) && !isinf(r.seconds));
        ck_assert_int_eq(r.kind, KX_TIME_LAG_EXACT);
        /* Offset 40 was written between t=20 and t=30: lag 20..30 s. */
        ck_assert_double_eq_tol(r.seconds, 30.0, 1e-9);
}
END_TEST

/* A group reset to the beginning: its committed offset is far older than
 * the ring. Extrapolating the produce rate back gives "astronomical"
 * seconds; we use the record's own timestamp, or a lower bound. */
START_TEST(test_reprocess_from_beginning_is_not_astronomical)
{
        struct kx_leo_point p[] = {P(10000, 5000000), P(10010, 5000100), P(10020, 5000200)};
        struct kx_time_lag bound = kx_time_lag_eval(p, N(p), 0, -1, 10020000);
        struct kx_time_lag exact = kx_time_lag_eval(p, N(p), 0, 10020000 - 3600000, 10020000);

        ck_assert_int_eq(bound.kind, KX_TIME_LAG_AT_LEAST);
        ck_assert_double_eq_tol(bound.seconds, 20.0, 1e-9);
        ck_assert_int_eq(exact.kind, KX_TIME_LAG_EXACT);
        ck_assert_double_eq_tol(exact.seconds, 3600.0, 1e-9);
}
END_TEST

START_TEST(test_recreated_topic_uses_ring_after_reset)
{
        struct kx_leo_point p[] = {P(0, 900), P(10, 950), P(20, 10), P(30, 60)};
        struct kx_time_lag r = kx_time_lag_eval(p, N(p), 35, -1, 30000);

        ck_assert_int_eq(r.kind, KX_TIME_LAG_EXACT);
        ck_assert_double_eq_tol(r.seconds, 5.0, 1e-9);
}
END_TEST

START_TEST(test_never_negative_and_unknown)
{
        struct kx_leo_point p[] = {P(0, 100), P(10, 200)};
        struct kx_time_lag r = kx_time_lag_eval(p, N(p), 150, -1, 1000); /* clock behind */

        ck_assert_double_eq(r.seconds, 0);
        r = kx_time_lag_eval(p, 0, 150, -1, 1000);
        ck_assert_int_eq(r.kind, KX_TIME_LAG_UNKNOWN);
        r = kx_time_lag_eval(p, N(p), -1, -1, 1000);
        ck_assert_int_eq(r.kind, KX_TIME_LAG_UNKNOWN);
}
END_TEST

START_TEST(test_drain_eta_and_rates)
{
        ck_assert_double_eq_tol(kx_drain_eta(1000, 150, 50), 10.0, 1e-9);
        ck_assert_double_eq(kx_drain_eta(1000, 50, 50), -1);
        ck_assert_double_eq(kx_drain_eta(0, 0, 50), 0);
        ck_assert_double_eq_tol(kx_rate_per_s(0, 100, 2000, 300), 100.0, 1e-9);
        ck_assert_double_eq(kx_rate_per_s(0, 100, 0, 300), 0);
        ck_assert_double_eq(kx_rate_per_s(0, -1, 1000, 300), 0);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("time_lag");
        TCase *tc = tcase_create("interpolation");

        tcase_add_test(tc, test_interpolates_between_points);
        tcase_add_test(tc, test_caught_up_is_zero);
        tcase_add_test(tc, test_idle_topic_is_never_nan);
        tcase_add_test(tc, test_reprocess_from_beginning_is_not_astronomical);
        tcase_add_test(tc, test_recreated_topic_uses_ring_after_reset);
        tcase_add_test(tc, test_never_negative_and_unknown);
        tcase_add_test(tc, test_drain_eta_and_rates);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
