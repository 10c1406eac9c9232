/* test_advisor.c - the partition advisor (core/advisor.c): throughput,
 * consumers, headroom and the policy's limits decide, with reasons. */
#include "../lib/testlib.h"
#include "../../core/advisor.h"

#include <check.h>
#include <string.h>

static struct kx_policy pol;

static void setup(void)
{
        struct kx_err err;

        unsetenv("XDG_CONFIG_HOME");
        setenv("HOME", "/nonexistent", 1);
        ck_assert_int_eq(kx_policy_load(NULL, &pol, &err), 0);
}

static void teardown(void)
{
        kx_policy_free(&pol);
}

static bool said(const struct kx_advice *a, const char *text)
{
        for (int i = 0; i < a->reason_cnt; i++)
                if (strstr(a->reasons[i], text))
                        return true;
        return false;
}

START_TEST(test_consumers_decide)
{
        struct kx_advice a;

        kx_advise_partitions(&pol, 2000, 1e6, 8, NULL, &a);
        ck_assert_int_eq(a.partitions, 16); /* 8 consumers x2 headroom */
        ck_assert(said(&a, "8 consumer(s)"));
}
END_TEST

START_TEST(test_bytes_decide)
{
        struct kx_advice a;

        kx_advise_partitions(&pol, 20000, 40.0 * 1024 * 1024, 2, NULL, &a); /* 40 MB/s -> 8 -> 16 */
        ck_assert_int_eq(a.partitions, 16);
        kx_advise_partitions(&pol, 20000, 200.0 * 1024 * 1024, 2, NULL, &a); /* 40 -> 80 -> cap 50 */
        ck_assert_int_eq(a.partitions, 50);
        ck_assert(said(&a, "hard maximum"));
        ck_assert(said(&a, "justification"));
}
END_TEST

START_TEST(test_low_throughput_capped_and_minimum)
{
        struct kx_advice a;

        kx_advise_partitions(&pol, 10, 1000, 20, NULL, &a); /* the plan's 1000 partitions for 10 msg/s */
        ck_assert_int_eq(a.partitions, 12);
        ck_assert(said(&a, "under 100 msg/s"));
        kx_advise_partitions(&pol, 1, 10, 1, NULL, &a);
        ck_assert_int_eq(a.partitions, 3);
        ck_assert(said(&a, "availability"));
}
END_TEST

START_TEST(test_type_range)
{
        struct kx_advice a;

        kx_advise_partitions(&pol, 500, 1000, 1, "events", &a);
        ck_assert_int_eq(a.partitions, 12);
        ck_assert(said(&a, "minimum for high-throughput events"));
        kx_advise_partitions(&pol, 50000, 1000, 4, "commands", &a); /* 10 -> 20 -> 12 */
        ck_assert_int_eq(a.partitions, 12);
        kx_advise_partitions(&pol, 5, 10, 1, "dlq", &a);
        ck_assert_int_eq(a.partitions, 3);
}
END_TEST

static Suite *suite(void)
{
        Suite *s = suite_create("advisor");
        TCase *tc = tcase_create("advisor");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_consumers_decide);
        tcase_add_test(tc, test_bytes_decide);
        tcase_add_test(tc, test_low_throughput_capped_and_minimum);
        tcase_add_test(tc, test_type_range);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(suite());
}
