/* test_policy_lint.c - the governance rules over data (core/policy_lint.c):
 * the plan's good and bad names, partition ranges and limits, retention and
 * compaction by type, lifecycle vs configs, quotas, requests listing every
 * broken rule at once. */
#include "../lib/testlib.h"
#include "../../core/policy_lint.h"

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

/* Findings with rule (and severity >= sev) for topic. */
static int count(const struct kx_findings *f, const char *topic, const char *rule, enum kx_severity sev)
{
        int n = 0;

        for (int i = 0; i < f->cnt; i++)
                n += (!topic || (f->items[i].topic && !strcmp(f->items[i].topic, topic))) &&
                     !strcmp(f->items[i].rule, rule) && f->items[i].severity >= sev;
        return n;
}

static json_t *events_ok(void)
{
        return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "retention.ms", "2592000000", "cleanup.policy",
                         "delete", "min.insync.replicas", "2", "max.message.bytes", "1048588",
                         "remote.storage.enable", "true", "local.retention.ms", "604800000");
}

START_TEST(test_good_names_are_clean)
{
        struct kx_findings f = {0};
        json_t *ev = events_ok();
        json_t *cmd = json_pack("{s:s, s:s, s:s}", "retention.ms", "604800000", "cleanup.policy", "delete",
                                "min.insync.replicas", "2");
        json_t *logs = json_pack("{s:s, s:s, s:s, s:s, s:s}", "retention.ms", "315360000000", "cleanup.policy",
                                 "delete", "min.insync.replicas", "2", "remote.storage.enable", "true",
                                 "local.retention.ms", "7776000000");
        struct kx_topic_facts t[] = {
                {.name = "payments.events.transaction.v1", .partitions = 12, .replication = 3, .configs = ev,
                 .msgs_per_s = 5000},
                {.name = "ledger.commands.posting.v2", .partitions = 6, .replication = 3, .configs = cmd,
                 .msgs_per_s = -1},
                {.name = "audit.logs.compliance.v1", .partitions = 3, .replication = 3, .configs = logs,
                 .msgs_per_s = 1},
        };

        for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
                kx_policy_check_topic(&pol, &t[i], &f);
        for (int i = 0; i < f.cnt; i++)
                ck_abort_msg("unexpected finding %s %s: %s", f.items[i].topic, f.items[i].rule, f.items[i].message);
        kx_findings_free(&f);
        json_decref(ev);
        json_decref(cmd);
        json_decref(logs);
}
END_TEST

START_TEST(test_bad_names_flagged_internal_exempt)
{
        static const char *const bad[] = {"my-topic", "test123", "payments_data"};
        struct kx_findings f = {0};

        for (size_t i = 0; i < 3; i++) {
                struct kx_topic_facts t = {.name = bad[i], .partitions = 3, .replication = 3, .msgs_per_s = -1};

                kx_policy_check_topic(&pol, &t, &f);
                ck_assert_int_eq(count(&f, bad[i], "naming", KX_SEV_ERROR), 1);
        }
        ck_assert_ptr_nonnull(strstr(f.items[0].hint, "<domain>.<event-type>.<entity>.<version>"));
        kx_findings_free(&f);
        {
                struct kx_topic_facts t = {.name = "__consumer_offsets", .partitions = 50, .replication = 1};

                kx_policy_check_topic(&pol, &t, &f);
                ck_assert_int_eq(f.cnt, 0);
        }
}
END_TEST

START_TEST(test_partitions_limits_and_ranges)
{
        struct kx_findings f = {0};
        struct kx_topic_facts t = {.name = "payments.events.a.v1", .replication = 3, .msgs_per_s = -1};

        t.partitions = 2;
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "partitions", KX_SEV_ERROR), 1);
        kx_findings_free(&f);
        t.partitions = 60;
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "partitions", KX_SEV_ERROR), 1);
        ck_assert_int_eq(count(&f, NULL, "quota", KX_SEV_ERROR), 1); /* team's 50 per topic */
        kx_findings_free(&f);
        t.partitions = 6; /* fine by the hard limits, outside 12-24 for events */
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "partitions", KX_SEV_WARN), 1);
        ck_assert_int_eq(count(&f, NULL, "partitions", KX_SEV_ERROR), 0);
        kx_findings_free(&f);
        t.request = true; /* the same as a request is an error */
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "partitions", KX_SEV_ERROR), 1);
        kx_findings_free(&f);
        t.partitions = 30; /* above 24 needs a reason */
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "justification", KX_SEV_ERROR), 1);
        kx_findings_free(&f);
        t.justified = true;
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "justification", KX_SEV_ERROR), 0);
        kx_findings_free(&f);
}
END_TEST

START_TEST(test_over_partitioned_for_measured_throughput)
{
        struct kx_findings f = {0};
        struct kx_topic_facts t = {.name = "payments.events.a.v1", .partitions = 20, .replication = 3,
                                   .msgs_per_s = 10};

        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "over-partitioned", KX_SEV_ERROR), 1);
        kx_findings_free(&f);
        t.msgs_per_s = 500;
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "over-partitioned", KX_SEV_INFO), 0);
        kx_findings_free(&f);
        t.msgs_per_s = -1; /* unknown: no verdict */
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "over-partitioned", KX_SEV_INFO), 0);
        kx_findings_free(&f);
}
END_TEST

START_TEST(test_configs_against_type_and_lifecycle)
{
        struct kx_findings f = {0};
        json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "retention.ms", "86400000", "cleanup.policy", "compact",
                              "min.insync.replicas", "4", "remote.storage.enable", "false",
                              "max.message.bytes", "10485760");
        struct kx_topic_facts t = {.name = "payments.events.a.v1", .partitions = 12, .replication = 3,
                                   .configs = c, .msgs_per_s = -1};

        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "retention", KX_SEV_WARN), 1);   /* 1d, not 7d-30d */
        ck_assert_int_eq(count(&f, NULL, "compaction", KX_SEV_WARN), 1);  /* events are not compacted */
        ck_assert_int_eq(count(&f, NULL, "min-insync", KX_SEV_ERROR), 1); /* 4 > RF 3 */
        ck_assert_int_eq(count(&f, NULL, "lifecycle", KX_SEV_WARN), 2);   /* retention 30d, tiering */
        ck_assert_int_eq(count(&f, NULL, "quota", KX_SEV_WARN), 1);       /* 10 MB messages */
        kx_findings_free(&f);
        json_object_set_new(c, "remote.storage.enable", json_string("true"));
        json_object_set_new(c, "local.retention.ms", json_string("86400000"));
        json_object_set_new(c, "retention.ms", json_string("2592000000"));
        kx_policy_check_topic(&pol, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "lifecycle", KX_SEV_WARN), 1);   /* local 1d, tier-after 7d */
        for (int i = 0; i < f.cnt; i++)
                if (!strcmp(f.items[i].rule, "lifecycle"))
                        ck_assert_ptr_nonnull(strstr(f.items[i].message, "local.retention.ms is 1d"));
        kx_findings_free(&f);
        json_decref(c);
}
END_TEST

START_TEST(test_request_lists_every_reason)
{
        struct kx_findings f = {0};
        struct kx_snapshot *snap = kx_snapshot_new();
        json_t *c = json_pack("{s:s}", "retention.ms", "3600000");
        struct kx_topic_facts t = {.name = "payments_data", .partitions = 60, .replication = 1, .configs = c,
                                   .team = "ledger-team", .request = true, .msgs_per_s = -1};
        char why[200];

        kx_policy_check_request(&pol, snap, &t, &f);
        ck_assert_int_eq(count(&f, NULL, "naming", KX_SEV_ERROR), 1);
        ck_assert_int_eq(count(&f, NULL, "partitions", KX_SEV_ERROR), 1);
        ck_assert_int_eq(count(&f, NULL, "replication", KX_SEV_ERROR), 1);
        ck_assert_int_eq(count(&f, NULL, "owner", KX_SEV_ERROR), 1);
        kx_findings_free(&f);
        t = (struct kx_topic_facts){.name = "payments.events.b.v1", .partitions = 12, .replication = 3,
                                    .configs = c, .team = "payments-team", .request = true, .msgs_per_s = -1};
        json_object_set_new(c, "retention.ms", json_string("604800000"));
        ck_assert(!kx_policy_needs_review(&pol, &t, why, sizeof(why)));
        json_object_set_new(c, "retention.ms", json_string("-1"));
        ck_assert(kx_policy_needs_review(&pol, &t, why, sizeof(why)));
        ck_assert_ptr_nonnull(strstr(why, "retention infinite"));
        json_object_set_new(c, "retention.ms", json_string("604800000"));
        t.partitions = 40;
        ck_assert(kx_policy_needs_review(&pol, &t, why, sizeof(why)));
        ck_assert_ptr_nonnull(strstr(why, "40 partitions"));
        json_decref(c);
        kx_snapshot_unref(snap);
}
END_TEST

START_TEST(test_lint_snapshot_team_quota)
{
        struct kx_findings f = {0};
        struct kx_snapshot *snap = kx_snapshot_new();
        struct kx_policy_team *tm = (struct kx_policy_team *)kx_policy_team(&pol, "compliance");
        int32_t replicas[3] = {1, 2, 3};

        tm->max_topics = 1;
        snap->topic_cnt = 3;
        snap->topics = kx_arena_alloc(&snap->arena, 3 * sizeof(*snap->topics));
        memset(snap->topics, 0, 3 * sizeof(*snap->topics));
        snap->topics[0].name = "__consumer_offsets";
        snap->topics[0].internal = true;
        snap->topics[1].name = "audit.logs.a.v1";
        snap->topics[2].name = "audit.logs.b.v1";
        for (int i = 0; i < 3; i++) {
                snap->topics[i].partition_cnt = 3;
                snap->topics[i].partitions = kx_arena_alloc(&snap->arena, 3 * sizeof(struct kx_partition));
                memset(snap->topics[i].partitions, 0, 3 * sizeof(struct kx_partition));
                for (int p = 0; p < 3; p++) {
                        snap->topics[i].partitions[p].replicas = replicas;
                        snap->topics[i].partitions[p].replica_cnt = 3;
                }
        }
        kx_policy_lint(&pol, snap, NULL, NULL, &f);
        ck_assert_int_eq(f.cnt, 1);
        ck_assert_str_eq(f.items[0].rule, "quota");
        ck_assert_str_eq(f.items[0].team, "compliance");
        ck_assert_ptr_nonnull(strstr(f.items[0].message, "2 topics"));
        kx_findings_free(&f);
        kx_snapshot_unref(snap);
}
END_TEST

static Suite *suite(void)
{
        Suite *s = suite_create("policy_lint");
        TCase *tc = tcase_create("lint");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_good_names_are_clean);
        tcase_add_test(tc, test_bad_names_flagged_internal_exempt);
        tcase_add_test(tc, test_partitions_limits_and_ranges);
        tcase_add_test(tc, test_over_partitioned_for_measured_throughput);
        tcase_add_test(tc, test_configs_against_type_and_lifecycle);
        tcase_add_test(tc, test_request_lists_every_reason);
        tcase_add_test(tc, test_lint_snapshot_team_quota);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(suite());
}
