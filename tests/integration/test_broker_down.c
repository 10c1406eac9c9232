/* test_broker_down.c - on a real 3-broker cluster, stop the broker that leads
 * a replication-factor-1 partition: the snapshot reports that partition
 * offline and the broker down, every other topic stays complete, and klaxon
 * exits 1 (partial). Snapshots taken while the broker drops never crash. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *boot3, *cluster3;
static char t_single[128], t_replicated[128];

static void setup(void)
{
        boot3 = getenv("KLAXON_BOOTSTRAP3");
        cluster3 = getenv("KLAXON_CLUSTER3");
        ck_assert_msg(boot3 && cluster3, "KLAXON_BOOTSTRAP3/KLAXON_CLUSTER3 not set");
        snprintf(t_single, sizeof(t_single), "%s", kx_test_unique("it.single"));
        snprintf(t_replicated, sizeof(t_replicated), "%s", kx_test_unique("it.replicated"));
        kt_create_topic(boot3, t_single, 1, 1);
        kt_create_topic(boot3, t_replicated, 3, 3);
        kt_produce(boot3, t_single, 0, 10);
        for (int p = 0; p < 3; p++)
                kt_produce(boot3, t_replicated, p, 10 + p);
}

static int leader_of_single(json_t *snap)
{
        json_t *t = kx_test_find(snap, "topics", "name", t_single);

        ck_assert_ptr_nonnull(t);
        return (int)json_integer_value(
                json_object_get(json_array_get(json_object_get(t, "partitions"), 0), "leader"));
}

static json_t *broker(json_t *snap, int id)
{
        json_t *b;
        size_t i;

        json_array_foreach(json_object_get(snap, "brokers"), i, b)
                if (json_integer_value(json_object_get(b, "id")) == id)
                        return b;
        return NULL;
}

static void env_kafka(const char *verb, int id)
{
        int status;
        char *out = kx_test_sh(&status, "tests/env/kafka %s %d --name '%s' >&2", verb, id, cluster3);

        free(out);
        ck_assert_msg(status == 0, "tests/env/kafka %s %d failed", verb, id);
}

START_TEST(test_stopped_leader_makes_partition_offline)
{
        int status, leader;
        json_t *snap = kx_test_snapshot(boot3, &status, NULL), *t, *b, *p;
        struct kx_test_wait w;
        size_t i;

        ck_assert_ptr_nonnull(snap);
        ck_assert_int_eq(status, 0);
        leader = leader_of_single(snap);
        ck_assert_int_ge(leader, 1);
        json_decref(snap);

        env_kafka("stop-broker", leader);
        /* The controller needs a moment to fence the broker; poll for it. */
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                snap = kx_test_snapshot(boot3, &status, NULL);
                ck_assert_ptr_nonnull(snap);
                ck_assert_msg(status == 0 || status == 1, "exit %d while a broker drops", status);
                b = broker(snap, leader);
                if (b && json_is_false(json_object_get(b, "up")))
                        break;
                json_decref(snap);
                snap = NULL;
        } while (kx_test_wait_more(&w, 1000));
        ck_assert_msg(snap != NULL, "broker %d never reported down", leader);
        ck_assert_int_eq(status, 1);
        ck_assert(json_array_size(json_object_get(snap, "errors")) > 0);

        t = kx_test_find(snap, "topics", "name", t_single);
        p = json_array_get(json_object_get(t, "partitions"), 0);
        ck_assert(json_is_true(json_object_get(p, "offline")));
        ck_assert(json_is_null(json_object_get(p, "high_watermark")));

        /* Every partition of the replicated topic is still complete. */
        t = kx_test_find(snap, "topics", "name", t_replicated);
        json_array_foreach(json_object_get(t, "partitions"), i, p) {
                ck_assert(json_is_false(json_object_get(p, "offline")));
                ck_assert(json_is_true(json_object_get(p, "under_replicated")));
                ck_assert_int_eq(json_integer_value(json_object_get(p, "high_watermark")),
                                 10 + (json_int_t)i);
        }
        json_decref(snap);

        env_kafka("start-broker", leader);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                snap = kx_test_snapshot(boot3, &status, NULL);
                if (status == 0)
                        break;
                json_decref(snap);
                snap = NULL;
        } while (kx_test_wait_more(&w, 1000));
        ck_assert_msg(snap != NULL, "cluster did not recover after start-broker");
        t = kx_test_find(snap, "topics", "name", t_single);
        p = json_array_get(json_object_get(t, "partitions"), 0);
        ck_assert(json_is_false(json_object_get(p, "offline")));
        ck_assert_int_eq(json_integer_value(json_object_get(p, "high_watermark")), 10);
        json_decref(snap);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("broker_down");
        TCase *tc = tcase_create("three-brokers");

        tcase_set_timeout(tc, 300);
        tcase_add_unchecked_fixture(tc, setup, kx_test_restore_clusters);
        tcase_add_test(tc, test_stopped_leader_makes_partition_offline);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
