/* test_replay_plan.c - the pure parts of a replay plan: a range older than
 * the log start is an error unless clamped, the target partition mapping,
 * and the plan's JSON round trip (core/replay_plan.c); the end report
 * (core/replay_report.c). */
#include "../lib/testlib.h"
#include "../../core/replay_plan.h"
#include "../../core/replay_report.h"

#include <check.h>
#include <string.h>

START_TEST(test_range_inside_retention)
{
        struct kx_replay_range r = {.partition = 1, .log_start = 0, .log_end = 500, .oldest_ts = -1};
        struct kx_err err;

        ck_assert_int_eq(kx_replay_range_decide(&r, "t", 1000, false, 120, 300, &err), 0);
        ck_assert_int_eq(r.from_offset, 120);
        ck_assert_int_eq(r.to_offset, 300);
        ck_assert(!r.clamped);
}
END_TEST

START_TEST(test_range_older_than_log_start)
{
        /* Offsets before 100 were deleted; the oldest kept record is newer
         * than --from, so part of the range is gone. */
        struct kx_replay_range r = {.partition = 2, .log_start = 100, .log_end = 500,
                                    .oldest_ts = 5000};
        struct kx_err err;

        ck_assert_int_eq(kx_replay_range_decide(&r, "orders", 1000, false, 100, 300, &err),
                         KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "orders[2]"));
        ck_assert_ptr_nonnull(strstr(err.msg, "log start offset 100"));
        ck_assert_ptr_nonnull(strstr(err.msg, "--clamp"));
        ck_assert_int_eq(kx_replay_range_decide(&r, "orders", 1000, true, 100, 300, &err), 0);
        ck_assert(r.clamped);
        ck_assert_int_eq(r.from_offset, 100);
        /* A --from newer than the oldest kept record is not clamped. */
        ck_assert_int_eq(kx_replay_range_decide(&r, "orders", 6000, false, 150, 300, &err), 0);
        ck_assert(!r.clamped);
}
END_TEST

START_TEST(test_empty_range_and_mapping)
{
        struct kx_replay_range r = {.log_start = 0, .log_end = 50, .oldest_ts = -1};
        struct kx_err err;

        ck_assert_int_eq(kx_replay_range_decide(&r, "t", 0, false, 50, 40, &err), 0);
        ck_assert_int_eq(r.to_offset, r.from_offset); /* never negative */
        ck_assert_int_eq(kx_replay_target_partition(3, 6), 3);
        ck_assert_int_eq(kx_replay_target_partition(5, 2), 1);
        ck_assert_int_eq(kx_replay_target_partition(0, 0), -1);
}
END_TEST

START_TEST(test_plan_json)
{
        struct kx_replay_range rs[2] = {{0, 0, 10, 2, 9, -1, false, 0, 7},
                                        {1, 5, 20, 5, 20, 1234, true, 1, 0}};
        struct kx_replay_plan p = {rs, 2, 2}, back;
        struct kx_err err;
        json_t *j = kx_replay_plan_to_json(&p);

        ck_assert_int_eq(kx_replay_plan_total(&p), 22);
        ck_assert_int_eq(kx_replay_plan_from_json(&back, j, &err), 0);
        ck_assert_int_eq(back.range_cnt, 2);
        ck_assert_int_eq(back.target_partitions, 2);
        ck_assert_int_eq(back.ranges[0].target_start, 7);
        ck_assert_int_eq(back.ranges[1].oldest_ts, 1234);
        ck_assert(back.ranges[1].clamped);
        ck_assert_int_eq(back.ranges[1].to_offset, 20);
        json_decref(j);
        kx_replay_plan_done(&back);
}
END_TEST

START_TEST(test_report_agrees_or_not)
{
        struct kx_replay_count c[2] = {{0, 0, 100, 40, 40}, {1, 0, 50, 10, 10}};
        bool ok;
        json_t *r = kx_replay_report(c, 2, NULL, &ok);

        ck_assert(ok);
        ck_assert_int_eq(json_integer_value(json_object_get(r, "written")), 50);
        json_decref(r);
        c[1].written = 9;
        r = kx_replay_report(c, 2, NULL, &ok);
        ck_assert(!ok);
        ck_assert(!json_is_true(json_object_get(json_array_get(json_object_get(r, "partitions"), 1),
                                                "ok")));
        json_decref(r);
        c[1].written = 10;
        r = kx_replay_report(c, 2, "delivery failed", &ok);
        ck_assert(!ok);
        ck_assert_str_eq(json_string_value(json_object_get(r, "error")), "delivery failed");
        json_decref(r);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("replay_plan");
        TCase *tc = tcase_create("plan");

        tcase_add_test(tc, test_range_inside_retention);
        tcase_add_test(tc, test_range_older_than_log_start);
        tcase_add_test(tc, test_empty_range_and_mapping);
        tcase_add_test(tc, test_plan_json);
        tcase_add_test(tc, test_report_agrees_or_not);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
