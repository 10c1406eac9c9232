/* test_history.c - what the monitor derives between refreshes: msgs/s,
 * carry-over of offsets a refresh could not read (marked stale), status
 * and time lag per group (core/history.c). */
#include "../lib/testlib.h"
#include "../../core/history.h"

#include <check.h>

/* One topic "t" with one partition and one group "g" committed at c. */
static struct kx_snapshot *snap_at(int64_t at_ms, int64_t hw, int64_t committed, bool owned)
{
        struct kx_snapshot *s = kx_snapshot_new();
        struct kx_arena *a = &s->arena;
        struct kx_group *g;

        s->collected_at_ms = at_ms;
        s->topic_cnt = 1;
        s->topics = kx_arena_alloc(a, sizeof(*s->topics));
        s->topics[0].name = "t";
        s->topics[0].partition_cnt = 1;
        s->topics[0].partitions = kx_arena_alloc(a, sizeof(struct kx_partition));
        s->topics[0].partitions[0].partition = 0;
        s->topics[0].partitions[0].log_start_offset = hw >= 0 ? 0 : KX_OFFSET_UNKNOWN;
        s->topics[0].partitions[0].high_watermark = hw;
        s->group_cnt = 1;
        s->groups = g = kx_arena_alloc(a, sizeof(*g));
        g->group = "g";
        g->partition_cnt = 1;
        g->partitions = kx_arena_alloc(a, sizeof(*g->partitions));
        g->partitions[0].topic = "t";
        g->partitions[0].partition = 0;
        g->partitions[0].committed_offset = committed;
        g->partitions[0].member_client_id = owned ? "c1" : NULL;
        return s;
}

START_TEST(test_rate_and_carry_over)
{
        struct kx_history_opts o;
        struct kx_history *h;
        struct kx_snapshot *s;

        kx_history_opts_default(&o);
        o.ring_spacing_ms = 1000;
        h = kx_history_new(&o);
        s = snap_at(10000, 100, 100, true);
        kx_history_apply(h, s);
        kx_snapshot_unref(s);
        s = snap_at(15000, 600, 550, true);
        kx_history_apply(h, s);
        ck_assert_double_eq_tol(s->topics[0].partitions[0].msgs_per_s, 100.0, 1e-9);
        ck_assert_double_eq_tol(s->topics[0].msgs_per_s, 100.0, 1e-9);
        ck_assert_int_eq(s->groups[0].lag, 50);
        kx_snapshot_unref(s);
        /* The leader is gone: offsets unknown. The last good ones are kept. */
        s = snap_at(20000, KX_OFFSET_UNKNOWN, 550, true);
        kx_history_apply(h, s);
        ck_assert_int_eq(s->topics[0].partitions[0].high_watermark, 600);
        ck_assert_int_eq(s->topics[0].partitions[0].stale_since_ms, 15000);
        ck_assert_int_eq(s->groups[0].lag, 50);
        kx_snapshot_unref(s);
        kx_history_free(h);
}
END_TEST

START_TEST(test_time_lag_and_stop)
{
        struct kx_history_opts o;
        struct kx_history *h;
        struct kx_snapshot *s = NULL;

        kx_history_opts_default(&o);
        o.ring_spacing_ms = 1000;
        h = kx_history_new(&o);
        /* Producer writes 10/s; the consumer left at offset 100 (t=10s).
         * Once the caught-up sample leaves the window, it is STOP. */
        for (int i = 0; i <= 5; i++) {
                kx_snapshot_unref(s);
                s = snap_at(10000 + i * 5000, 100 + i * 50, 100, false);
                kx_history_apply(h, s);
        }
        ck_assert_int_eq(s->groups[0].status, KX_LAG_OK); /* it was caught up at t=10 s */
        for (int i = 6; i <= 11; i++) {
                kx_snapshot_unref(s);
                s = snap_at(10000 + i * 5000, 100 + i * 50, 100, false);
                kx_history_apply(h, s);
        }
        ck_assert_int_eq(s->groups[0].status, KX_LAG_STOP);
        ck_assert_int_eq(s->groups[0].partitions[0].time_lag.kind, KX_TIME_LAG_EXACT);
        /* Offset 100 was written at t=10 s; now is t=65 s. */
        ck_assert_double_eq_tol(s->groups[0].time_lag.seconds, 55.0, 1e-6);
        ck_assert_double_lt(s->groups[0].eta_s, 0); /* growing */
        ck_assert_int_eq(s->groups[0].trend_cnt, 12);
        ck_assert_int_eq(s->groups[0].lag_trend[11], 550);
        kx_snapshot_unref(s);
        kx_history_free(h);
}
END_TEST

START_TEST(test_draining_group_has_eta)
{
        struct kx_history_opts o;
        struct kx_history *h;
        struct kx_snapshot *s = NULL;

        kx_history_opts_default(&o);
        o.ring_spacing_ms = 1000;
        h = kx_history_new(&o);
        /* Produce 10/s, consume 30/s, from a lag of 400. */
        for (int i = 0; i <= 4; i++) {
                kx_snapshot_unref(s);
                s = snap_at(10000 + i * 1000, 1000 + i * 10, 600 + i * 30, true);
                kx_history_apply(h, s);
        }
        ck_assert_int_eq(s->groups[0].lag, 320);
        ck_assert_int_eq(s->groups[0].status, KX_LAG_OK);
        ck_assert_double_eq_tol(s->groups[0].eta_s, 16.0, 1e-6);
        kx_snapshot_unref(s);
        kx_history_free(h);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("history");
        TCase *tc = tcase_create("derived");

        tcase_add_test(tc, test_rate_and_carry_over);
        tcase_add_test(tc, test_time_lag_and_stop);
        tcase_add_test(tc, test_draining_group_has_eta);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
