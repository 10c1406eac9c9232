/* test_throttle.c - the token bucket behind --rate and --bytes-rate, and the
 * progress text of jobs (core/throttle.c, core/progress_text.c). */
#include "../lib/testlib.h"
#include "../../core/progress_text.h"
#include "../../core/throttle.h"

#include <check.h>

START_TEST(test_bucket_average_rate)
{
        struct kx_bucket b;
        int64_t now = 0, sent = 0;

        /* 100/s for a simulated 10 s, sleeping as told: ~1000 sent. */
        kx_bucket_init(&b, 100, now);
        while (now < 10000) {
                now += kx_bucket_take(&b, 1, now);
                sent++;
        }
        ck_assert_int_ge(sent, 990);
        ck_assert_int_le(sent, 1011);
}
END_TEST

START_TEST(test_bucket_burst_and_unlimited)
{
        struct kx_bucket b;

        kx_bucket_init(&b, 1000, 0);
        for (int i = 0; i < 100; i++) /* burst: a tenth of a second */
                ck_assert_int_eq(kx_bucket_take(&b, 1, 0), 0);
        ck_assert_int_gt(kx_bucket_take(&b, 1, 0), 0);
        /* Idle time does not bank more than the burst. */
        ck_assert_int_eq(kx_bucket_take(&b, 100, 60000), 0);
        ck_assert_int_gt(kx_bucket_take(&b, 5, 60000), 0);
        kx_bucket_init(&b, 0, 0);
        ck_assert_int_eq(kx_bucket_take(&b, 1e9, 0), 0);
}
END_TEST

START_TEST(test_progress_text)
{
        char buf[64];

        kx_progress_bar(buf, sizeof(buf), 10, 50, 100);
        ck_assert_str_eq(buf, "#####.....");
        kx_progress_bar(buf, sizeof(buf), 4, 7, 0);
        ck_assert_str_eq(buf, "....");
        kx_progress_bar(buf, sizeof(buf), 4, 900, 100);
        ck_assert_str_eq(buf, "####");
        ck_assert_int_eq(kx_progress_pct(1, 3), 33);
        ck_assert_int_eq(kx_progress_pct(5, 0), 0);
        kx_eta_text(buf, sizeof(buf), 1000, 10);
        ck_assert_str_eq(buf, "1:40");
        kx_eta_text(buf, sizeof(buf), 7322, 1);
        ck_assert_str_eq(buf, "2:02:02");
        kx_eta_text(buf, sizeof(buf), 10, 0);
        ck_assert_str_eq(buf, "-");
}
END_TEST

int main(void)
{
        Suite *s = suite_create("throttle");
        TCase *tc = tcase_create("bucket");

        tcase_add_test(tc, test_bucket_average_rate);
        tcase_add_test(tc, test_bucket_burst_and_unlimited);
        tcase_add_test(tc, test_progress_text);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
