/* test_idle.c - idle/dead topics and measured rates from the persisted LEO
 * history (core/idle.c, core/leo_history.c), with time shifted by a fixed
 * clock instead of waiting. */
#include "../lib/testlib.h"
#include "../../core/idle.h"
#include "../../core/leo_history.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DAY (86400000LL)
#define T0 (1795000000000LL)  /* the fixed clock */

static struct kx_policy pol;
static struct kx_store store;
static char db[64];

static void setup(void)
{
        struct kx_err err;

        unsetenv("XDG_CONFIG_HOME");
        setenv("HOME", "/nonexistent", 1);
        ck_assert_int_eq(kx_policy_load(NULL, &pol, &err), 0);
        snprintf(db, sizeof(db), "/tmp/klaxon-test-idle-%d.db", (int)getpid());
        unlink(db);
        ck_assert_int_eq(kx_store_open_path(db, &store, &err), 0);
}

static void teardown(void)
{
        kx_store_close(&store);
        kx_policy_free(&pol);
        unlink(db);
}

/* A snapshot with two one-partition topics at the given LEOs; a group has
 * committed on the second one. */
static struct kx_snapshot *snap_with(int64_t leo_a, int64_t leo_b)
{
        struct kx_snapshot *s = kx_snapshot_new();
        const char *names[2] = {"payments.events.quiet.v1", "payments.events.read.v1"};
        int64_t leos[2] = {leo_a, leo_b};

        s->topic_cnt = 2;
        s->topics = kx_arena_alloc(&s->arena, 2 * sizeof(*s->topics));
        for (int i = 0; i < 2; i++) {
                memset(&s->topics[i], 0, sizeof(s->topics[i]));
                s->topics[i].name = names[i];
                s->topics[i].partition_cnt = 1;
                s->topics[i].partitions = kx_arena_alloc(&s->arena, sizeof(struct kx_partition));
                memset(s->topics[i].partitions, 0, sizeof(struct kx_partition));
                s->topics[i].partitions[0].high_watermark = leos[i];
                s->topics[i].partitions[0].log_start_offset = 0;
        }
        s->group_cnt = 1;
        s->groups = kx_arena_alloc(&s->arena, sizeof(*s->groups));
        memset(s->groups, 0, sizeof(*s->groups));
        s->groups[0].group = "reader";
        s->groups[0].partition_cnt = 1;
        s->groups[0].partitions = kx_arena_alloc(&s->arena, sizeof(struct kx_group_partition));
        memset(s->groups[0].partitions, 0, sizeof(struct kx_group_partition));
        s->groups[0].partitions[0].topic = names[1];
        s->groups[0].partitions[0].committed_offset = 3;
        return s;
}

START_TEST(test_idle_after_window_then_recommended_after_grace)
{
        struct kx_snapshot *s = snap_with(5, 7);
        struct kx_idle_list l;
        struct kx_err err;

        ck_assert_int_eq(kx_leo_record(&store, s, T0, KX_LEO_SPACING_MS, &err), 0);
        /* A day later: the history does not cover 30 days yet. */
        ck_assert_int_eq(kx_idle_detect(&pol, &store, s, T0 + DAY, &l, &err), 0);
        ck_assert_int_eq(l.cnt, 0);
        kx_idle_list_free(&l);
        /* 31 days later, nothing produced: both idle, one dead (no commits). */
        ck_assert_int_eq(kx_idle_detect(&pol, &store, s, T0 + 31 * DAY, &l, &err), 0);
        ck_assert_int_eq(l.cnt, 2);
        ck_assert_str_eq(l.items[0].topic, "payments.events.quiet.v1");
        ck_assert(l.items[0].dead);
        ck_assert(!l.items[1].dead);
        ck_assert_str_eq(l.items[0].team, "payments-team");
        ck_assert_int_eq(l.items[0].since_ms, T0);
        ck_assert_int_eq(l.items[0].retained, 5);
        ck_assert_int_eq(l.items[0].stage, KX_IDLE_NOTIFY);
        ck_assert_int_eq(l.items[0].recommend_at_ms, T0 + 44 * DAY);
        kx_idle_list_free(&l);
        /* After the 14-day grace period: archive/delete recommended. */
        ck_assert_int_eq(kx_idle_detect(&pol, &store, s, T0 + 45 * DAY, &l, &err), 0);
        ck_assert_int_eq(l.items[0].stage, KX_IDLE_RECOMMEND);
        kx_idle_list_free(&l);
        kx_snapshot_unref(s);
}
END_TEST

START_TEST(test_produce_keeps_topic_alive)
{
        struct kx_snapshot *s0 = snap_with(5, 7), *s1 = snap_with(5 + 50, 7 + 3);
        struct kx_idle_list l;
        struct kx_err err;

        ck_assert_int_eq(kx_leo_record(&store, s0, T0, KX_LEO_SPACING_MS, &err), 0);
        ck_assert_int_eq(kx_leo_record(&store, s1, T0 + 20 * DAY, KX_LEO_SPACING_MS, &err), 0);
        ck_assert_int_eq(kx_idle_detect(&pol, &store, s1, T0 + 31 * DAY, &l, &err), 0);
        /* 50 messages >= 10: alive; 3 messages < 10: idle since day 20. */
        ck_assert_int_eq(l.cnt, 1);
        ck_assert_str_eq(l.items[0].topic, "payments.events.read.v1");
        ck_assert_int_eq(l.items[0].since_ms, T0 + 20 * DAY);
        ck_assert_int_eq(l.items[0].produced, 3);
        kx_idle_list_free(&l);
        kx_snapshot_unref(s0);
        kx_snapshot_unref(s1);
}
END_TEST

START_TEST(test_rates_and_spacing)
{
        struct kx_snapshot *s0 = snap_with(0, 0), *s1 = snap_with(3600, 0);
        json_t *rates;
        struct kx_err err;
        sqlite3_stmt *st;

        ck_assert_int_eq(kx_leo_record(&store, s0, T0, KX_LEO_SPACING_MS, &err), 0);
        /* Within the spacing: not recorded again. */
        ck_assert_int_eq(kx_leo_record(&store, s1, T0 + 1000, KX_LEO_SPACING_MS, &err), 0);
        ck_assert_int_eq(sqlite3_prepare_v2(store.db, "SELECT COUNT(*) FROM topic_leo", -1, &st, NULL), SQLITE_OK);
        ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
        ck_assert_int_eq(sqlite3_column_int(st, 0), 2);
        sqlite3_finalize(st);
        /* An hour later 3600 more messages: 1 msg/s. */
        ck_assert_int_eq(kx_leo_rates(&store, s1, T0 + 3600000, 24 * 3600000LL, 60000, &rates, &err), 0);
        ck_assert_double_eq_tol(json_number_value(json_object_get(rates, "payments.events.quiet.v1")), 1.0, 1e-9);
        ck_assert_double_eq_tol(json_number_value(json_object_get(rates, "payments.events.read.v1")), 0.0, 1e-9);
        json_decref(rates);
        /* Too soon after the only sample: unknown, not zero. */
        ck_assert_int_eq(kx_leo_rates(&store, s1, T0 + 1000, 24 * 3600000LL, 60000, &rates, &err), 0);
        ck_assert_int_eq(json_object_size(rates), 0);
        json_decref(rates);
        kx_snapshot_unref(s0);
        kx_snapshot_unref(s1);
}
END_TEST

static Suite *suite(void)
{
        Suite *s = suite_create("idle");
        TCase *tc = tcase_create("idle");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_idle_after_window_then_recommended_after_grace);
        tcase_add_test(tc, test_produce_keeps_topic_alive);
        tcase_add_test(tc, test_rates_and_spacing);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(suite());
}
