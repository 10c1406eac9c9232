/* test_snapshot_lag.c - `klaxon snapshot --json` against a real cluster:
 * lag for every group and partition equals what Kafka's own
 * kafka-consumer-groups --describe reports on the same cluster. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char boot[512];
static char t_orders[128], t_ledger[128], t_trimmed[128];
static char g_empty[128], g_active[128], g_behind[128];
static struct kt_member *member;

static void name(char *dst, const char *prefix)
{
        snprintf(dst, 128, "%s", kx_test_unique(prefix));
}

static void setup_cluster_state(void)
{
        snprintf(boot, sizeof(boot), "%s", kx_test_bootstrap());
        name(t_orders, "it.orders");
        name(t_ledger, "it.ledger");
        name(t_trimmed, "it.trimmed");
        name(g_empty, "it-empty");
        name(g_active, "it-active");
        name(g_behind, "it-behind");

        kt_create_topic(boot, t_orders, 3, 1);
        kt_create_topic(boot, t_ledger, 2, 1);
        kt_create_topic(boot, t_trimmed, 1, 1);
        kt_produce(boot, t_orders, 0, 20);
        kt_produce(boot, t_orders, 1, 30);
        kt_produce(boot, t_ledger, 0, 15);
        kt_produce(boot, t_ledger, 1, 25);
        kt_produce(boot, t_trimmed, 0, 100);
        kt_delete_records(boot, t_trimmed, 0, 50);

        /* Empty group over two topics; orders[2] never committed. */
        kt_commit(boot, g_empty, t_orders, 0, 5);
        kt_commit(boot, g_empty, t_orders, 1, 30);
        kt_commit(boot, g_empty, t_ledger, 0, 3);
        /* Behind retention: committed 10, log start 50. */
        kt_commit(boot, g_behind, t_trimmed, 0, 10);
        /* Active group owning both ledger partitions, commit on one only. */
        member = kt_member_start(boot, g_active, t_ledger, 0, 10);
}

static void teardown_cluster_state(void)
{
        if (member)
                kt_member_stop(member);
        member = NULL;
}

/* One row of kafka-consumer-groups --describe. */
struct kcg_row {
        char group[128], topic[128], current[32], leo[32], lag[32];
        int partition;
};

static int kcg_describe(struct kcg_row *rows, int max)
{
        int status, n = 0;
        char *out = kx_test_sh(&status,
                               "tests/env/kafka tool kafka-consumer-groups --bootstrap-server '%s' "
                               "--describe --group '%s' --group '%s' --group '%s' 2>/dev/null",
                               boot, g_empty, g_active, g_behind);
        char *save = NULL;

        ck_assert_msg(status == 0, "kafka-consumer-groups failed: %s", out);
        for (char *line = strtok_r(out, "\n", &save); line && n < max;
             line = strtok_r(NULL, "\n", &save)) {
                struct kcg_row r;

                if (sscanf(line, "%127s %127s %d %31s %31s %31s", r.group, r.topic, &r.partition,
                           r.current, r.leo, r.lag) != 6)
                        continue;
                if (strcmp(r.group, g_empty) && strcmp(r.group, g_active) && strcmp(r.group, g_behind))
                        continue;
                rows[n++] = r;
        }
        free(out);
        return n;
}

static json_t *group_partition(json_t *group, const char *topic, int partition)
{
        json_t *parts = json_object_get(group, "partitions"), *p;
        size_t i;

        json_array_foreach(parts, i, p) {
                if (!strcmp(json_string_value(json_object_get(p, "topic")), topic) &&
                    json_integer_value(json_object_get(p, "partition")) == partition)
                        return p;
        }
        return NULL;
}

/* "-" in Kafka's table is null in ours; otherwise the numbers are equal. */
static void assert_same(const char *what, const char *kafka, json_t *ours)
{
        if (!strcmp(kafka, "-")) {
                ck_assert_msg(json_is_null(ours), "%s: kafka says -, klaxon says %lld", what,
                              (long long)json_integer_value(ours));
                return;
        }
        ck_assert_msg(json_is_integer(ours), "%s: kafka says %s, klaxon has no number", what, kafka);
        ck_assert_msg(json_integer_value(ours) == atoll(kafka), "%s: kafka says %s, klaxon says %lld",
                      what, kafka, (long long)json_integer_value(ours));
}

START_TEST(test_lag_equals_kafka_consumer_groups)
{
        struct kcg_row rows[64];
        int status, n, compared = 0;
        json_t *snap = kx_test_snapshot(boot, &status, NULL);

        ck_assert_ptr_nonnull(snap);
        ck_assert_int_eq(status, 0);
        n = kcg_describe(rows, 64);
        /* empty: 3 committed partitions; active: 2 assigned; behind: 1. */
        ck_assert_int_eq(n, 6);
        for (int i = 0; i < n; i++) {
                json_t *g = kx_test_find(snap, "groups", "group", rows[i].group);
                json_t *p;
                char what[300];

                ck_assert_msg(g != NULL, "klaxon misses group %s", rows[i].group);
                p = group_partition(g, rows[i].topic, rows[i].partition);
                ck_assert_msg(p != NULL, "klaxon misses %s %s[%d]", rows[i].group, rows[i].topic,
                              rows[i].partition);
                snprintf(what, sizeof(what), "%.120s %.120s[%d]", rows[i].group, rows[i].topic,
                         rows[i].partition);
                assert_same(what, rows[i].current, json_object_get(p, "committed_offset"));
                assert_same(what, rows[i].leo, json_object_get(p, "high_watermark"));
                assert_same(what, rows[i].lag, json_object_get(p, "lag"));
                compared++;
        }
        ck_assert_int_eq(compared, 6);
        json_decref(snap);
}
END_TEST

START_TEST(test_group_states_and_totals)
{
        int status;
        json_t *snap = kx_test_snapshot(boot, &status, NULL);
        json_t *empty, *active, *behind, *p;

        ck_assert_ptr_nonnull(snap);
        empty = kx_test_find(snap, "groups", "group", g_empty);
        active = kx_test_find(snap, "groups", "group", g_active);
        behind = kx_test_find(snap, "groups", "group", g_behind);
        ck_assert(empty && active && behind);

        ck_assert_str_eq(json_string_value(json_object_get(empty, "state")), "Empty");
        ck_assert_int_eq(json_integer_value(json_object_get(empty, "members")), 0);
        ck_assert_int_eq(json_integer_value(json_object_get(empty, "lag")), 15 + 0 + 12);

        ck_assert_str_eq(json_string_value(json_object_get(active, "state")), "Stable");
        ck_assert_int_eq(json_integer_value(json_object_get(active, "members")), 1);
        p = group_partition(active, t_ledger, 1); /* assigned, never committed */
        ck_assert_ptr_nonnull(p);
        ck_assert(json_is_null(json_object_get(p, "committed_offset")));
        ck_assert(json_is_null(json_object_get(p, "lag")));
        ck_assert_int_eq(json_integer_value(json_object_get(p, "high_watermark")), 25);
        ck_assert_int_eq(json_integer_value(json_object_get(active, "lag")), 5);

        ck_assert(json_is_true(json_object_get(behind, "behind_retention")));
        p = group_partition(behind, t_trimmed, 0);
        ck_assert_int_eq(json_integer_value(json_object_get(p, "log_start_offset")), 50);
        ck_assert(json_is_true(json_object_get(p, "behind_retention")));
        ck_assert(json_is_false(json_object_get(empty, "behind_retention")));
        json_decref(snap);
}
END_TEST

START_TEST(test_topic_offsets)
{
        int status;
        json_t *snap = kx_test_snapshot(boot, &status, NULL);
        json_t *orders, *trimmed, *parts;

        ck_assert_ptr_nonnull(snap);
        orders = kx_test_find(snap, "topics", "name", t_orders);
        trimmed = kx_test_find(snap, "topics", "name", t_trimmed);
        ck_assert(orders && trimmed);
        parts = json_object_get(orders, "partitions");
        ck_assert_int_eq(json_array_size(parts), 3);
        ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(parts, 1), "high_watermark")), 30);
        ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(parts, 2), "high_watermark")), 0);
        ck_assert(json_is_false(json_object_get(json_array_get(parts, 0), "offline")));
        parts = json_object_get(trimmed, "partitions");
        ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(parts, 0), "log_start_offset")), 50);
        ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(parts, 0), "high_watermark")), 100);
        ck_assert(json_is_string(json_object_get(snap, "cluster_id")));
        ck_assert_int_ge(json_array_size(json_object_get(snap, "brokers")), 1);
        json_decref(snap);
}
END_TEST

/* A group on the new consumer protocol (KIP-848) is invisible to the
 * classic DescribeGroups librdkafka 2.0.2 speaks: klaxon says so instead of
 * showing "Stable, 0 members". */
START_TEST(test_kip848_group_is_labelled)
{
        struct kx_test_wait w;
        char group[128], *out;
        json_t *snap = NULL, *g = NULL;
        int status;

        snprintf(group, sizeof(group), "%s", kx_test_unique("it-kip848"));
        out = kx_test_sh(&status, "(timeout 150 tests/env/kafka tool kafka-console-consumer "
                                  "--bootstrap-server '%s' --topic '%s' --group '%s' --from-beginning "
                                  "--consumer-property group.protocol=consumer >/dev/null 2>&1 &)",
                         boot, t_ledger, group);
        free(out);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                json_decref(snap);
                snap = kx_test_snapshot(boot, &status, NULL);
                g = snap ? kx_test_find(snap, "groups", "group", group) : NULL;
                if (g && strcmp(json_string_value(json_object_get(g, "state")), "Empty"))
                        break;
                g = NULL;
        } while (kx_test_wait_more(&w, 1000));
        ck_assert_msg(g != NULL, "the KIP-848 group never showed up active");
        ck_assert(json_is_true(json_object_get(g, "kip848")));
        ck_assert(json_is_null(json_object_get(g, "members")));
        json_decref(snap);
        out = kx_test_sh(&status, "pkill -f -- '--group %s' ; true", group);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("snapshot_lag");
        TCase *tc = tcase_create("real-cluster");

        tcase_set_timeout(tc, 300);
        tcase_add_unchecked_fixture(tc, setup_cluster_state, teardown_cluster_state);
        tcase_add_test(tc, test_lag_equals_kafka_consumer_groups);
        tcase_add_test(tc, test_group_states_and_totals);
        tcase_add_test(tc, test_topic_offsets);
        tcase_add_test(tc, test_kip848_group_is_labelled);
        suite_add_tcase(s, tc);
        return kx_test_run_nofork(s);
}
