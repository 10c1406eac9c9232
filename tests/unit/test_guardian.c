/* test_guardian.c - the guardian's rule over time (core/guardian.c):
 * lag over the threshold for long enough AND no progress for long enough. */
#include "../lib/testlib.h"
#include "../../core/guardian.h"
#include "../../core/webhook.h"

#include <check.h>

#define MIN (60000LL)
#define T0 (1795000000000LL) /* a fixed clock; 0 would mean "not over" */

static const struct kx_policy_guardian rule = {.lag_above = 1000000, .for_ms = 60 * MIN,
                                               .no_progress_ms = 30 * MIN, .dry_run = true};

START_TEST(test_fires_only_when_both_hold)
{
        struct kx_guardian_state st = {0};
        int64_t over, stuck;

        ck_assert(!kx_guardian_eval(&rule, &st, false, 2000000, 500, T0 + 0, &over, &stuck));
        ck_assert(!kx_guardian_eval(&rule, &st, true, 2000000, 500, T0 + 59 * MIN, &over, &stuck));
        ck_assert(kx_guardian_eval(&rule, &st, true, 2000000, 500, T0 + 60 * MIN, &over, &stuck));
        ck_assert_int_eq(over, 60 * MIN);
        ck_assert_int_eq(stuck, 60 * MIN);
}
END_TEST

START_TEST(test_progress_resets_the_stuck_clock)
{
        struct kx_guardian_state st = {0};
        int64_t over, stuck;

        kx_guardian_eval(&rule, &st, false, 2000000, 500, T0 + 0, &over, &stuck);
        /* Still over the lag after 2 h, but it committed 10 minutes ago. */
        ck_assert(!kx_guardian_eval(&rule, &st, true, 2000000, 900, T0 + 110 * MIN, &over, &stuck));
        ck_assert(!kx_guardian_eval(&rule, &st, true, 2000000, 900, T0 + 120 * MIN, &over, &stuck));
        ck_assert_int_eq(stuck, 10 * MIN);
        ck_assert(kx_guardian_eval(&rule, &st, true, 2000000, 900, T0 + 140 * MIN, &over, &stuck));
}
END_TEST

START_TEST(test_dropping_under_the_lag_resets)
{
        struct kx_guardian_state st = {0};
        int64_t over, stuck;

        kx_guardian_eval(&rule, &st, false, 2000000, 500, T0 + 0, &over, &stuck);
        ck_assert(!kx_guardian_eval(&rule, &st, true, 10, 500, T0 + 50 * MIN, &over, &stuck));
        ck_assert_int_eq(st.over_since_ms, 0);
        ck_assert(!kx_guardian_eval(&rule, &st, true, 2000000, 500, T0 + 70 * MIN, &over, &stuck));
        ck_assert_int_eq(over, 0);
        ck_assert(kx_guardian_eval(&rule, &st, true, 2000000, 500, T0 + 130 * MIN, &over, &stuck));
}
END_TEST

/* Webhook URLs lose their credentials and query in every message. */
START_TEST(test_webhook_url_redacted)
{
        char buf[256];

        ck_assert_str_eq(kx_webhook_redact("https://u:pw@hooks.example:8443/a/b?token=x#f", buf, sizeof(buf)),
                         "https://***@hooks.example:8443/a/b?***");
        ck_assert_str_eq(kx_webhook_redact("http://127.0.0.1:9/hook", buf, sizeof(buf)), "http://127.0.0.1:9/hook");
        ck_assert_str_eq(kx_webhook_redact("http://h/p#frag", buf, sizeof(buf)), "http://h/p");
        ck_assert_str_eq(kx_webhook_redact("http://h?k=v@x", buf, sizeof(buf)), "http://h?***");
        ck_assert_str_eq(kx_webhook_redact("h:pw@host/x", buf, sizeof(buf)), "***@host/x");
}
END_TEST

static Suite *suite(void)
{
        Suite *s = suite_create("guardian");
        TCase *tc = tcase_create("rule");

        tcase_add_test(tc, test_fires_only_when_both_hold);
        tcase_add_test(tc, test_progress_resets_the_stuck_clock);
        tcase_add_test(tc, test_dropping_under_the_lag_resets);
        tcase_add_test(tc, test_webhook_url_redacted);
        suite_add_tcase(s, tc);
        return s;
}


int main(void)
{
        return kx_test_run(suite());
}
