/* test_governance.c - governance against a real cluster, through the
 * klaxon binary: policy lint of the plan's good and bad names and of wrong
 * partition counts and retention; topic creation listing every broken rule;
 * a pending request approved by a different operator creating the topic;
 * idle topics with the history shifted by a fixed clock (KLAXON_NOW); cost
 * per team adding up to the cluster totals; and the consumer guardian
 * pausing a real stalled group (DENY ACL on the SASL cluster) while a local
 * HTTP listener receives the webhook. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"

#include <check.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DAY_MS (86400000LL)

static char boot[512], state_dir[128], policy[128];

/* The shipped policy, with replication rules the 1-broker cluster can meet. */
static void setup(void)
{
        int status;
        char *out;

        snprintf(boot, sizeof(boot), "%s", kx_test_bootstrap());
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-gov-%d", (int)getpid());
        snprintf(policy, sizeof(policy), "/tmp/klaxon-it-gov-%d.yaml", (int)getpid());
        out = kx_test_sh(&status, "rm -rf '%s'; sed -e 's/replication-factor: 3/replication-factor: 1/' "
                                  "-e 's/min-insync-replicas: 2/min-insync-replicas: 1/' config/policy.yaml > '%s'",
                         state_dir, policy);
        ck_assert_int_eq(status, 0);
        free(out);
}

static void teardown(void)
{
        unlink(policy);
}

static bool topic_exists(const char *name, int *partitions)
{
        char errstr[256];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        const struct rd_kafka_metadata *md;
        bool found = false;

        rd_kafka_conf_set(conf, "bootstrap.servers", boot, errstr, sizeof(errstr));
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        ck_assert_ptr_nonnull(rk);
        ck_assert_int_eq(rd_kafka_metadata(rk, 1, NULL, &md, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
        for (int i = 0; i < md->topic_cnt; i++) {
                if (!strcmp(md->topics[i].topic, name)) {
                        found = true;
                        if (partitions)
                                *partitions = md->topics[i].partition_cnt;
                }
        }
        rd_kafka_metadata_destroy(md);
        rd_kafka_destroy(rk);
        return found;
}

/* The plan's names are fixed, and the suite runs twice on one cluster. */
static void ensure_topic(const char *name, int partitions)
{
        if (!topic_exists(name, NULL))
                kt_create_topic(boot, name, partitions, 1);
}

static json_t *run_json(int *status, const char *env, const char *args)
{
        char *out = kx_test_sh(status, "%s %s -b '%s' --state-dir '%s' %s", env, kx_test_klaxon(), boot, state_dir,
                               args);
        json_t *doc = json_loads(out, 0, NULL);

        ck_assert_msg(doc != NULL, "not JSON: %s", out);
        free(out);
        return doc;
}

/* run_json for a command that samples offsets (policy check): repeated,
 * to a deadline, while klaxon warns that its snapshot was partial (a
 * loaded broker can miss ListOffsets for some partitions), since a missing
 * sample leaves no rate for the next run to compare with. */
static json_t *run_json_complete(int *status, const char *env, const char *args)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        char err_path[200], *err = NULL;
        json_t *doc = NULL;

        snprintf(err_path, sizeof(err_path), "/tmp/klaxon-it-gov-%d.err", (int)getpid());
        do {
                char *out;

                json_decref(doc);
                free(err);
                out = kx_test_sh(status, "%s %s -b '%s' --state-dir '%s' %s 2>'%s'", env, kx_test_klaxon(), boot,
                                 state_dir, args, err_path);
                doc = json_loads(out, 0, NULL);
                ck_assert_msg(doc != NULL, "not JSON: %s", out);
                free(out);
                err = kx_test_sh(&(int){0}, "cat '%s'", err_path);
                fputs(err, stderr);
        } while (strstr(err, "partial snapshot") && kx_test_wait_more(&w, 500));
        ck_assert_msg(!strstr(err, "partial snapshot"), "every snapshot was partial: %s", err);
        free(err);
        unlink(err_path);
        return doc;
}

/* Findings for topic with rule and severity (NULL: any). */
static int findings(json_t *doc, const char *topic, const char *rule, const char *sev)
{
        size_t i;
        json_t *f;
        int n = 0;

        json_array_foreach(json_object_get(doc, "findings"), i, f) {
                const char *t = json_string_value(json_object_get(f, "topic"));

                n += t && !strcmp(t, topic) && !strcmp(json_string_value(json_object_get(f, "rule")), rule) &&
                     (!sev || !strcmp(json_string_value(json_object_get(f, "severity")), sev));
        }
        return n;
}

START_TEST(test_lint_names_partitions_retention)
{
        static const char *const good[] = {"payments.events.transaction.v1", "ledger.commands.posting.v2",
                                           "audit.logs.compliance.v1"};
        static const char *const bad[] = {"my-topic", "test123", "payments_data"};
        char wrong[128], args[512];
        json_t *doc;
        int status;

        for (int i = 0; i < 3; i++) {
                ensure_topic(good[i], i == 0 ? 12 : i == 1 ? 6 : 3);
                ensure_topic(bad[i], 3);
        }
        /* A well-named topic with too few partitions and too short a retention. */
        snprintf(wrong, sizeof(wrong), "payments.events.%s.v1", kx_test_unique("wrong"));
        kt_create_topic(boot, wrong, 2, 1);
        free(kx_test_sh(&status, "%s topic retention '%s' 1d --yes -b '%s' --state-dir '%s' >/dev/null 2>&1",
                        kx_test_klaxon(), wrong, boot, state_dir));
        ck_assert_int_eq(status, 0);

        snprintf(args, sizeof(args), "policy check --json --policy '%s'", policy);
        doc = run_json(&status, "", args);
        ck_assert_int_eq(status, 1); /* errors found */
        for (int i = 0; i < 3; i++) {
                ck_assert_msg(findings(doc, bad[i], "naming", "error") == 1, "%s not flagged", bad[i]);
                ck_assert_msg(findings(doc, good[i], "naming", NULL) == 0, "%s flagged", good[i]);
                ck_assert_int_eq(findings(doc, good[i], "type", NULL), 0);
        }
        ck_assert_int_eq(findings(doc, wrong, "partitions", "error"), 1);  /* 2 < 3 */
        ck_assert_int_eq(findings(doc, wrong, "retention", "warn"), 1);    /* 1d, not 7d-30d */
        ck_assert_int_eq(findings(doc, wrong, "naming", NULL), 0);
        ck_assert_int_eq(findings(doc, "__consumer_offsets", "naming", NULL), 0);
        json_decref(doc);
}
END_TEST

START_TEST(test_create_lists_every_broken_rule)
{
        char *out;
        int status;

        out = kx_test_sh(&status, "%s topic create payments_data-x --partitions 60 --retention 1h --team ledger-team "
                                  "--yes --policy '%s' -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), policy, boot, state_dir);
        ck_assert_msg(status == 1, "%s", out);
        ck_assert_msg(strstr(out, "breaks 3 rule(s)") && strstr(out, "naming") && strstr(out, "above the maximum of 50") &&
                              strstr(out, "does not own"), "%s", out);
        free(out);
        ck_assert(!topic_exists("payments_data-x", NULL));
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "topic-create") && strstr(out, "refused") && strstr(out, "3 rule(s) broken"), "%s",
                      out);
        free(out);
        /* A dry run asks the brokers (validate_only): 3 replicas on 1 broker. */
        out = kx_test_sh(&status, "%s topic create ledger.commands.%s.v1 --partitions 6 --retention 7d "
                                  "--team ledger-team --replication 3 --dry-run --policy '%s' -b '%s' "
                                  "--state-dir '%s' 2>&1",
                         kx_test_klaxon(), kx_test_unique("dry"), policy, boot, state_dir);
        ck_assert_msg(strstr(out, "validate_only") && strstr(out, "replication factor") &&
                              strstr(out, "dry run: nothing changed"), "%s", out);
        free(out);
}
END_TEST

START_TEST(test_pending_request_needs_another_operator)
{
        char topic[128], *out;
        json_t *list, *req;
        long long id;
        int status, parts = 0;

        snprintf(topic, sizeof(topic), "audit.logs.%s.v1", kx_test_unique("req"));
        /* 1 year of retention is above the 30d review threshold. */
        out = kx_test_sh(&status, "%s --operator alice topic create '%s' --partitions 3 --retention 1y "
                                  "--team compliance --reason 'SOX access logs' --yes --policy '%s' -b '%s' "
                                  "--state-dir '%s' 2>&1",
                         kx_test_klaxon(), topic, policy, boot, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "needs review") && strstr(out, "pending request"), "%s", out);
        free(out);
        ck_assert(!topic_exists(topic, NULL));
        list = run_json(&status, "", "request list --json");
        req = json_array_get(list, 0);
        ck_assert_str_eq(json_string_value(json_object_get(req, "topic")), topic);
        ck_assert_str_eq(json_string_value(json_object_get(req, "status")), "pending");
        ck_assert_str_eq(json_string_value(json_object_get(req, "requested_by")), "alice");
        id = json_integer_value(json_object_get(req, "id"));
        json_decref(list);

        out = kx_test_sh(&status, "%s --operator alice request approve %lld --yes -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), id, boot, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "a different operator must decide it"), "%s", out);
        free(out);
        ck_assert(!topic_exists(topic, NULL));

        out = kx_test_sh(&status, "%s --operator bob request approve %lld --yes -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), id, boot, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        ck_assert(topic_exists(topic, &parts));
        ck_assert_int_eq(parts, 3);
        list = run_json(&status, "", "request list --all --json");
        req = json_array_get(list, 0);
        ck_assert_str_eq(json_string_value(json_object_get(req, "status")), "approved");
        ck_assert_str_eq(json_string_value(json_object_get(req, "decided_by")), "bob");
        json_decref(list);
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "topic-request-file") && strstr(out, "topic-request-approve") && strstr(out, "bob"),
                      "%s", out);
        free(out);
}
END_TEST

static bool idle_has(json_t *list, const char *topic, bool *dead, const char **stage)
{
        size_t i;
        json_t *x;

        json_array_foreach(list, i, x) {
                if (!strcmp(json_string_value(json_object_get(x, "topic")), topic)) {
                        *dead = json_is_true(json_object_get(x, "dead"));
                        *stage = json_string_value(json_object_get(x, "stage"));
                        return true;
                }
        }
        return false;
}

START_TEST(test_idle_with_fixed_clock)
{
        char quiet[128], busy[128], env[128], args[256];
        long long t0 = (long long)time(NULL) * 1000;
        const char *stage;
        bool dead;
        json_t *list;
        char *out;
        int status;

        snprintf(quiet, sizeof(quiet), "payments.events.%s.v1", kx_test_unique("quiet"));
        snprintf(busy, sizeof(busy), "payments.events.%s.v1", kx_test_unique("busy"));
        kt_create_topic(boot, quiet, 3, 1);
        kt_create_topic(boot, busy, 3, 1);
        kt_produce(boot, quiet, 0, 5);
        kt_produce(boot, busy, 0, 5);
        snprintf(args, sizeof(args), "idle --json --policy '%s'", policy);
        snprintf(env, sizeof(env), "KLAXON_NOW=%lld", t0);
        list = run_json(&status, env, args);     /* the first sample */
        ck_assert(!idle_has(list, quiet, &dead, &stage)); /* history shorter than 30 days */
        json_decref(list);
        kt_produce(boot, busy, 1, 50);
        snprintf(env, sizeof(env), "KLAXON_NOW=%lld", t0 + 31 * DAY_MS);
        list = run_json(&status, env, args);
        ck_assert(idle_has(list, quiet, &dead, &stage));
        ck_assert(dead); /* no group committed on it */
        ck_assert_str_eq(stage, "notify (grace period)");
        ck_assert(!idle_has(list, busy, &dead, &stage));
        json_decref(list);
        snprintf(env, sizeof(env), "KLAXON_NOW=%lld", t0 + 46 * DAY_MS);
        list = run_json(&status, env, args);
        ck_assert(idle_has(list, quiet, &dead, &stage));
        ck_assert_str_eq(stage, "archive/delete recommended");
        json_decref(list);
        ck_assert(topic_exists(quiet, NULL)); /* never deleted automatically */
        /* Deleting it is an audited, destructive action the operator runs. */
        out = kx_test_sh(&status, "%s topic delete '%s' --yes -b '%s' --state-dir '%s' 2>&1", kx_test_klaxon(), quiet,
                         boot, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        ck_assert(!topic_exists(quiet, NULL));
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "topic-delete") && strstr(out, "verified"), "%s", out);
        free(out);
}
END_TEST

START_TEST(test_over_partitioned_from_measured_throughput)
{
        char wide[128], env[64], args[256], path[64], *out;
        long long t0 = (long long)time(NULL) * 1000;
        json_t *doc;
        int status;

        snprintf(wide, sizeof(wide), "payments.events.%s.v1", kx_test_unique("wide"));
        kt_create_topic(boot, wide, 20, 1);
        kt_produce(boot, wide, 0, 10);
        snprintf(args, sizeof(args), "policy check --json --policy '%s'", policy);
        snprintf(env, sizeof(env), "KLAXON_NOW=%lld", t0);
        doc = run_json_complete(&status, env, args); /* the first LEO sample: no rate yet */
        ck_assert_int_eq(findings(doc, wide, "over-partitioned", NULL), 0);
        json_decref(doc);
        kt_produce(boot, wide, 1, 30);
        snprintf(env, sizeof(env), "KLAXON_NOW=%lld", t0 + 3600 * 1000LL);
        doc = run_json_complete(&status, env, args); /* 30 messages in an hour on 20 partitions */
        ck_assert_int_eq(findings(doc, wide, "over-partitioned", "error"), 1);
        json_decref(doc);

        /* A broken policy file is named with its line and field. */
        kx_test_temp_file("types:\n  events:\n    partitions: {min: 12, max: 24}\n"
                          "    retention: {min: 7d, max: 30d}\nlimits:\n  max-partitons: 50\n",
                          path, sizeof(path));
        out = kx_test_sh(&status, "%s policy check --policy '%s' -b '%s' --state-dir '%s' 2>&1", kx_test_klaxon(),
                         path, boot, state_dir);
        ck_assert_int_eq(status, 2);
        ck_assert_msg(strstr(out, path) && strstr(out, ":6: field \"limits.max-partitons\": unknown field"), "%s",
                      out);
        free(out);
        unlink(path);
}
END_TEST

START_TEST(test_cost_adds_up_to_cluster_totals)
{
        json_t *cost, *snap, *t;
        char args[256];
        int status, parts = 0, topics = 0, team_parts = 0, team_topics = 0;
        double monthly = 0, bytes = 0;
        size_t i;

        snprintf(args, sizeof(args), "cost --json --policy '%s'", policy);
        cost = run_json(&status, "", args);
        ck_assert_int_eq(status, 0);
        snap = kx_test_snapshot(boot, &status, "");
        json_array_foreach(json_object_get(snap, "topics"), i, t) {
                topics++;
                parts += (int)json_array_size(json_object_get(t, "partitions"));
        }
        json_array_foreach(json_object_get(cost, "teams"), i, t) {
                team_topics += (int)json_integer_value(json_object_get(t, "topics"));
                team_parts += (int)json_integer_value(json_object_get(t, "partitions"));
                monthly += json_number_value(json_object_get(t, "monthly_cost"));
        }
        t = json_object_get(cost, "total");
        ck_assert_int_eq(team_topics, json_integer_value(json_object_get(t, "topics")));
        ck_assert_int_eq(team_parts, json_integer_value(json_object_get(t, "partitions")));
        ck_assert_double_eq_tol(monthly, json_number_value(json_object_get(t, "monthly_cost")), 1e-6);
        /* Topics may be created by other suites between the two reads: the
         * cost run saw at most what the later snapshot sees. */
        ck_assert_int_le(team_topics, topics);
        ck_assert_int_gt(team_parts, 0);
        ck_assert_int_le(team_parts, parts);
        /* Bytes are the brokers' own log-dir sizes, and add up too. */
        ck_assert(json_is_false(json_object_get(cost, "estimated")));
        ck_assert_msg(strstr(json_string_value(json_object_get(cost, "bytes_source")), "DescribeLogDirs"),
                      "%s", json_string_value(json_object_get(cost, "bytes_source")));
        json_array_foreach(json_object_get(cost, "teams"), i, t)
                bytes += json_number_value(json_object_get(t, "bytes"));
        ck_assert_double_eq_tol(bytes, json_number_value(json_object_get(json_object_get(cost, "total"), "bytes")),
                                0.5);
        ck_assert_double_gt(bytes, 0);
        json_decref(cost);
        json_decref(snap);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("governance");
        TCase *tc = tcase_create("governance");

        tcase_set_timeout(tc, 180);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_lint_names_partitions_retention);
        tcase_add_test(tc, test_create_lists_every_broken_rule);
        tcase_add_test(tc, test_pending_request_needs_another_operator);
        tcase_add_test(tc, test_idle_with_fixed_clock);
        tcase_add_test(tc, test_over_partitioned_from_measured_throughput);
        tcase_add_test(tc, test_cost_adds_up_to_cluster_totals);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
