/* test_lag.c - lag arithmetic and the behind-retention flag (core/lag.c). */
#include "../../core/lag.h"

#include "../lib/testlib.h"

#include <check.h>
#include <stdlib.h>

START_TEST(test_lag_basic)
{
        ck_assert_int_eq(kx_lag(90, 100), 10);
        ck_assert_int_eq(kx_lag(100, 100), 0);
        ck_assert_int_eq(kx_lag(0, 0), 0);
}
END_TEST

START_TEST(test_lag_never_negative)
{
        /* A commit past the LEO (LEO read before the commit landed). */
        ck_assert_int_eq(kx_lag(105, 100), 0);
}
END_TEST

START_TEST(test_lag_unknown)
{
        ck_assert_int_eq(kx_lag(KX_OFFSET_UNKNOWN, 100), -1);
        ck_assert_int_eq(kx_lag(5, KX_OFFSET_UNKNOWN), -1);
}
END_TEST

START_TEST(test_behind_retention)
{
        ck_assert(kx_behind_retention(10, 50));
        ck_assert(!kx_behind_retention(50, 50));
        ck_assert(!kx_behind_retention(60, 50));
        ck_assert(!kx_behind_retention(KX_OFFSET_UNKNOWN, 50));
        ck_assert(!kx_behind_retention(10, KX_OFFSET_UNKNOWN));
}
END_TEST

/* A two-topic snapshot built by hand, filled by kx_lag_fill_snapshot. */
START_TEST(test_fill_snapshot)
{
        struct kx_snapshot *snap = kx_snapshot_new();
        struct kx_arena *a = &snap->arena;
        struct kx_topic *t;
        struct kx_group *g;

        snap->topic_cnt = 2;
        snap->topics = kx_arena_alloc(a, 2 * sizeof(*snap->topics));
        for (int i = 0; i < 2; i++) {
                t = &snap->topics[i];
                t->name = i ? "orders" : "audit";
                t->partition_cnt = 2;
                t->partitions = kx_arena_alloc(a, 2 * sizeof(*t->partitions));
                for (int p = 0; p < 2; p++) {
                        t->partitions[p].partition = p;
                        t->partitions[p].log_start_offset = 20;
                        t->partitions[p].high_watermark = 100 * (i + 1);
                }
        }
        snap->group_cnt = 1;
        snap->groups = g = kx_arena_alloc(a, sizeof(*g));
        g->group = "billing";
        g->partition_cnt = 4;
        g->partitions = kx_arena_alloc(a, 4 * sizeof(*g->partitions));
        g->partitions[0] = (struct kx_group_partition){.topic = "audit", .partition = 0,
                                                       .committed_offset = 90};
        g->partitions[1] = (struct kx_group_partition){.topic = "audit", .partition = 1,
                                                       .committed_offset = 5};
        g->partitions[2] = (struct kx_group_partition){.topic = "orders", .partition = 0,
                                                       .committed_offset = KX_OFFSET_UNKNOWN};
        g->partitions[3] = (struct kx_group_partition){.topic = "gone", .partition = 0,
                                                       .committed_offset = 7};
        kx_lag_fill_snapshot(snap);

        ck_assert_int_eq(g->partitions[0].lag, 10);
        ck_assert(!g->partitions[0].behind_retention);
        ck_assert_int_eq(g->partitions[1].lag, 95);
        ck_assert(g->partitions[1].behind_retention);
        ck_assert_int_eq(g->partitions[2].lag, -1);           /* no commit */
        ck_assert_int_eq(g->partitions[2].high_watermark, 200);
        ck_assert_int_eq(g->partitions[3].lag, -1);           /* topic deleted */
        ck_assert_int_eq(g->lag, 105);
        ck_assert(g->behind_retention);
        kx_snapshot_unref(snap);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("lag");
        TCase *tc = tcase_create("arithmetic");

        tcase_add_test(tc, test_lag_basic);
        tcase_add_test(tc, test_lag_never_negative);
        tcase_add_test(tc, test_lag_unknown);
        tcase_add_test(tc, test_behind_retention);
        tcase_add_test(tc, test_fill_snapshot);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
