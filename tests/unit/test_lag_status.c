/* test_lag_status.c - Burrow's rules on synthetic histories, including the
 * cases where Burrow itself is known to fail (core/lag_status.c). */
#include "../lib/testlib.h"
#include "../../core/lag_status.h"

#include <check.h>

#define S(t, c, l) {(t) * 1000, (c), (l)}
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(test_caught_up_is_ok)
{
        struct kx_lag_sample s[] = {S(0, 100, 100), S(5, 120, 120)};

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, true, 6000), KX_LAG_OK);
}
END_TEST

START_TEST(test_consuming_with_some_lag_is_ok)
{
        /* Lag goes up and down: the consumer keeps pace. */
        struct kx_lag_sample s[] = {S(0, 100, 110), S(5, 115, 130), S(10, 135, 140), S(15, 150, 162)};

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, true, 16000), KX_LAG_OK);
}
END_TEST

START_TEST(test_growing_lag_warns)
{
        struct kx_lag_sample s[] = {S(0, 100, 150), S(5, 110, 200), S(10, 120, 260), S(15, 130, 330),
                                    S(20, 140, 410)};

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, true, 21000), KX_LAG_WARN);
        /* Three rising samples are not yet a trend: a healthy group's
         * small lag rises with its producer's rate. */
        ck_assert_int_eq(kx_lag_status_eval(s, 3, 0, true, 11000), KX_LAG_OK);
}
END_TEST

/* Burrow's known failure: the consumer stopped and so did the producer, so
 * the lag is frozen and no new commit ever re-triggers evaluation. We
 * re-evaluate on every sample and see the offset has not moved at all. */
START_TEST(test_stopped_consumer_with_frozen_lag)
{
        struct kx_lag_sample s[] = {S(0, 500, 900), S(5, 500, 900), S(10, 500, 900), S(15, 500, 900)};

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, false, 20000), KX_LAG_STOP);
}
END_TEST

START_TEST(test_stopped_after_moving)
{
        /* Moved for 10 s, then still for 50 s with nobody in the group. */
        struct kx_lag_sample s[] = {S(0, 100, 150), S(5, 120, 170), S(10, 140, 200), S(30, 140, 260),
                                    S(60, 140, 330)};

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, false, 60000), KX_LAG_STOP);
}
END_TEST

START_TEST(test_members_stuck_is_stall)
{
        struct kx_lag_sample s[] = {S(0, 500, 900), S(5, 500, 950), S(10, 500, 990)};

        ck_assert_int_eq(kx_lag_status_eval(s, 2, 0, true, 6000), KX_LAG_OK);

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, true, 11000), KX_LAG_STALL);
}
END_TEST

START_TEST(test_idle_but_caught_up_before_is_not_stop)
{
        /* The group read everything, then the producer wrote a burst. */
        struct kx_lag_sample s[] = {S(0, 500, 500), S(5, 500, 500), S(10, 500, 520)};

        ck_assert_int_ne(kx_lag_status_eval(s, N(s), 0, false, 30000), KX_LAG_STOP);
}
END_TEST

START_TEST(test_rewind)
{
        struct kx_lag_sample s[] = {S(0, 900, 1000), S(5, 950, 1010), S(10, 10, 1020), S(15, 40, 1030)};

        ck_assert_int_eq(kx_lag_status_eval(s, N(s), 0, true, 16000), KX_LAG_REWIND);
}
END_TEST

START_TEST(test_allowed_lag_and_unknowns)
{
        struct kx_lag_sample ok[] = {S(0, 100, 150), S(5, 110, 200)};
        struct kx_lag_sample err[] = {S(0, 100, 150), S(5, 110, -1)};
        struct kx_lag_sample one[] = {S(0, 100, 150)};

        ck_assert_int_eq(kx_lag_status_eval(ok, N(ok), 100, true, 6000), KX_LAG_OK);
        ck_assert_int_eq(kx_lag_status_eval(err, N(err), 0, true, 6000), KX_LAG_ERR);
        ck_assert_int_eq(kx_lag_status_eval(one, N(one), 0, true, 6000), KX_LAG_UNKNOWN);
        ck_assert_int_eq(kx_lag_status_eval(NULL, 0, 0, true, 6000), KX_LAG_UNKNOWN);
        ck_assert_str_eq(kx_lag_status_label(KX_LAG_STOP), "STOP");
        ck_assert(KX_LAG_STOP > KX_LAG_WARN); /* worst is the maximum */
}
END_TEST

int main(void)
{
        Suite *s = suite_create("lag_status");
        TCase *tc = tcase_create("burrow");

        tcase_add_test(tc, test_caught_up_is_ok);
        tcase_add_test(tc, test_consuming_with_some_lag_is_ok);
        tcase_add_test(tc, test_growing_lag_warns);
        tcase_add_test(tc, test_stopped_consumer_with_frozen_lag);
        tcase_add_test(tc, test_stopped_after_moving);
        tcase_add_test(tc, test_members_stuck_is_stall);
        tcase_add_test(tc, test_idle_but_caught_up_before_is_not_stop);
        tcase_add_test(tc, test_rewind);
        tcase_add_test(tc, test_allowed_lag_and_unknowns);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
