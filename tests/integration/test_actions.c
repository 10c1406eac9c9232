/* test_actions.c - the core action path against a real cluster: a reset to
 * a datetime commits what Kafka's own tool computes, read-only is refused in
 * core, a group with members is blocked, and every outcome is audited. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../../core/action_connector_restart.h"
#include "../../core/action_group_fence.h"
#include "../../core/action_group_reset.h"
#include "../../core/action_topic_retention.h"
#include "../../core/group_offsets.h"
#include "../../core/kafka.h"
#include "../../core/snapshot_json.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char boot[512], topic[128], group[128], state_dir[128];
static int64_t instant_ms;

static void setup(void)
{
        snprintf(boot, sizeof(boot), "%s", kx_test_bootstrap());
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.reset"));
        snprintf(group, sizeof(group), "%s", kx_test_unique("it-reset"));
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-state-%d", (int)getpid());
        kt_create_topic(boot, topic, 2, 1);
        kt_produce(boot, topic, 0, 10);
        kt_produce(boot, topic, 1, 7);
        usleep(1500 * 1000);
        instant_ms = kx_now_ms();
        usleep(500 * 1000);
        kt_produce(boot, topic, 0, 5);
        kt_produce(boot, topic, 1, 8);
        kt_commit(boot, group, topic, 0, 15);
        kt_commit(boot, group, topic, 1, 15);
}

struct fixture {
        struct kx_config cfg;
        struct kx_logbuf lb;
        struct kx_store store;
        struct kx_action_ctx ctx;
};

static void fixture_open(struct fixture *f, bool read_only)
{
        struct kx_err err;

        memset(f, 0, sizeof(*f));
        kx_config_init(&f->cfg);
        kx_config_set_str(&f->cfg.bootstrap, boot);
        kx_config_set_str(&f->cfg.state_dir, state_dir);
        kx_logbuf_init(&f->lb);
        ck_assert_int_eq(kx_store_open(&f->cfg, &f->store, &err), 0);
        f->ctx.rk = kx_kafka_new(&f->cfg, &f->lb, "it-actions", NULL, &err);
        ck_assert_ptr_nonnull(f->ctx.rk);
        f->ctx.read_only = read_only;
        f->ctx.operator_name = "tester";
        f->ctx.store = &f->store;
        f->ctx.timeout_ms = 10000;
}

static void fixture_close(struct fixture *f)
{
        rd_kafka_destroy(f->ctx.rk);
        kx_store_close(&f->store);
        kx_config_done(&f->cfg);
        kx_logbuf_done(&f->lb);
}

static void committed(struct fixture *f, int64_t out[2])
{
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(2);
        struct kx_err err;

        rd_kafka_topic_partition_list_add(l, topic, 0);
        rd_kafka_topic_partition_list_add(l, topic, 1);
        ck_assert_int_eq(kx_group_committed(f->ctx.rk, group, l, 10000, &err), 0);
        out[0] = l->elems[0].offset;
        out[1] = l->elems[1].offset;
        rd_kafka_topic_partition_list_destroy(l);
}

/* Kafka's own dry run: "GROUP TOPIC PARTITION NEW-OFFSET" rows. */
static void kafka_tool_plan(int64_t out[2])
{
        char when[40];
        int status;
        char *text, *save = NULL;

        kx_iso8601(instant_ms, when, sizeof(when));
        text = kx_test_sh(&status, "tests/env/kafka tool kafka-consumer-groups --bootstrap-server '%s' "
                                   "--reset-offsets --group '%s' --topic '%s' --to-datetime '%s' "
                                   "--dry-run 2>/dev/null",
                          boot, group, topic, when);
        ck_assert_msg(status == 0, "kafka-consumer-groups --reset-offsets failed: %s", text);
        out[0] = out[1] = -99;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char g[200], t[200];
                int p;
                long long off;

                if (sscanf(line, "%199s %199s %d %lld", g, t, &p, &off) == 4 && !strcmp(t, topic) &&
                    p >= 0 && p < 2)
                        out[p] = off;
        }
        free(text);
}

static int count_outcome(struct fixture *f, const char *outcome);

START_TEST(test_reset_to_datetime_matches_kafka_tool)
{
        struct fixture f;
        struct kx_plan plan;
        struct kx_err err;
        struct kx_action *a;
        int64_t want[2], got[2];

        kafka_tool_plan(want);
        ck_assert_int_eq(want[0], 10); /* sanity: the instant falls between the batches */
        ck_assert_int_eq(want[1], 7);
        fixture_open(&f, false);
        a = kx_action_group_reset(group, topic, -1, KX_RESET_DATETIME, instant_ms);
        ck_assert_int_eq(kx_action_plan(a, &f.ctx, &plan, &err), 0);
        ck_assert_ptr_null(plan.blocker);
        ck_assert_int_eq(json_array_size(plan.changes), 2);
        ck_assert_int_eq(kx_action_execute(a, &f.ctx, &plan, &err), 0);
        committed(&f, got);
        ck_assert_int_eq(got[0], want[0]);
        ck_assert_int_eq(got[1], want[1]);
        /* Undo holds the previous offsets. */
        ck_assert_int_eq(json_integer_value(json_object_get(
                                 json_array_get(json_object_get(plan.undo, "offsets"), 0), "offset")),
                         15);
        ck_assert_int_ge(count_outcome(&f, "verified"), 1);
        kx_plan_free(&plan);
        kx_action_free(a);
        /* Put it back for the other tests. */
        kt_commit(boot, group, topic, 0, 15);
        kt_commit(boot, group, topic, 1, 15);
        fixture_close(&f);
}
END_TEST

static int count_row(const struct kx_audit_entry *e, void *arg)
{
        void **a = arg;

        if (!strcmp(e->outcome, a[0]) && (!a[2] || !strcmp(e->target, group)))
                (*(int *)a[1])++;
        return 0;
}

/* Rows with outcome; about this test's group only when only_group. */
static int count_rows(struct fixture *f, const char *outcome, bool only_group)
{
        int n = 0;
        void *arg[3] = {(void *)outcome, &n, only_group ? (void *)1 : NULL};
        struct kx_err err;

        ck_assert_int_eq(kx_audit_each(&f->store, count_row, arg, &err), 0);
        return n;
}

static int count_outcome(struct fixture *f, const char *outcome)
{
        return count_rows(f, outcome, true);
}

START_TEST(test_read_only_is_refused_in_core)
{
        struct fixture f;
        struct kx_plan plan;
        struct kx_err err;
        struct kx_action *a;
        int64_t before[2], after[2];

        fixture_open(&f, true);
        committed(&f, before);
        a = kx_action_group_reset(group, topic, -1, KX_RESET_EARLIEST, 0);
        ck_assert_int_eq(kx_action_plan(a, &f.ctx, &plan, &err), 0); /* planning only reads */
        ck_assert_int_eq(kx_action_execute(a, &f.ctx, &plan, &err), KX_ERR_READ_ONLY);
        ck_assert_msg(strstr(err.msg, "read-only"), "%s", err.msg);
        committed(&f, after);
        ck_assert_int_eq(after[0], before[0]);
        ck_assert_int_eq(after[1], before[1]);
        ck_assert_int_ge(count_outcome(&f, "refused"), 1);
        kx_plan_free(&plan);
        kx_action_free(a);
        fixture_close(&f);
}
END_TEST

/* Every action, not just one: execute is refused in core under read-only,
 * and the refusal is audited. */
START_TEST(test_read_only_refuses_every_action)
{
        const char *connect = getenv("KLAXON_CONNECT_URL");
        struct kx_action *actions[4];
        int n = 0, refused_before;
        struct fixture f;

        actions[n++] = kx_action_group_reset(group, topic, -1, KX_RESET_LATEST, 0);
        actions[n++] = kx_action_topic_retention(topic, 3600000);
        actions[n++] = kx_action_group_fence(group, NULL, true, NULL);
        if (connect)
                actions[n++] = kx_action_connector_restart(connect, "no-such-connector", false);
        fixture_open(&f, true);
        refused_before = count_rows(&f, "refused", false);
        for (int i = 0; i < n; i++) {
                struct kx_plan plan;
                struct kx_err err;

                /* A plan that cannot be made (unknown connector) is fine:
                 * give execute an empty plan, it must refuse before use. */
                if (kx_action_plan(actions[i], &f.ctx, &plan, &err)) {
                        memset(&plan, 0, sizeof(plan));
                        plan.target = strdup(group);
                        plan.changes = json_array();
                }
                ck_assert_msg(kx_action_execute(actions[i], &f.ctx, &plan, &err) == KX_ERR_READ_ONLY,
                              "%s was not refused: %s", actions[i]->ops->name, err.msg);
                kx_plan_free(&plan);
                kx_action_free(actions[i]);
        }
        ck_assert_int_eq(count_rows(&f, "refused", false) - refused_before, n);
        fixture_close(&f);
}
END_TEST

START_TEST(test_group_with_members_is_blocked)
{
        char active[128];
        struct kt_member *m;
        struct fixture f;
        struct kx_plan plan;
        struct kx_err err;
        struct kx_action *a;

        snprintf(active, sizeof(active), "%s", kx_test_unique("it-active-reset"));
        m = kt_member_start(boot, active, topic, 0, 3);
        fixture_open(&f, false);
        a = kx_action_group_reset(active, topic, -1, KX_RESET_LATEST, 0);
        ck_assert_int_eq(kx_action_plan(a, &f.ctx, &plan, &err), 0);
        ck_assert_ptr_nonnull(plan.blocker);
        ck_assert_msg(strstr(plan.blocker, "Empty"), "%s", plan.blocker);
        ck_assert_int_eq(kx_action_execute(a, &f.ctx, &plan, &err), KX_ERR_REFUSED);
        kx_plan_free(&plan);
        kx_action_free(a);
        fixture_close(&f);
        kt_member_stop(m);
}
END_TEST

START_TEST(test_cli_reset_and_audit_verify)
{
        char *out;
        int status;

        out = kx_test_sh(&status, "%s group reset '%s' --topic '%s' --to-offset 4 --partition 1 "
                                  "--yes --state-dir '%s' -b '%s' 2>&1",
                         kx_test_klaxon(), group, topic, state_dir, boot);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        /* Mirrored to the audit topic, read back with an independent client. */
        out = kx_test_sh(&status, "kcat -C -b '%s' -t audit.platform-operations.v1 -e -q 2>&1", boot);
        ck_assert_msg(status == 0 && strstr(out, group) && strstr(out, "\"outcome\":\"verified\""),
                      "audit topic: %.300s", out);
        free(out);
        out = kx_test_sh(&status, "%s group reset '%s' --topic '%s' --to-earliest --dry-run "
                                  "--state-dir '%s' -b '%s' 2>&1",
                         kx_test_klaxon(), group, topic, state_dir, boot);
        ck_assert_msg(status == 0 && strstr(out, "dry run: nothing changed"), "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s audit verify --state-dir '%s' 2>&1", kx_test_klaxon(), state_dir);
        ck_assert_msg(status == 0 && strstr(out, "intact"), "%s", out);
        free(out);
        /* Tamper with the file the way an intruder would. */
        out = kx_test_sh(&status, "sqlite3 '%s/klaxon.db' \"UPDATE audit SET operator='nobody' "
                                  "WHERE id = 1\"",
                         state_dir);
        free(out);
        out = kx_test_sh(&status, "%s audit verify --state-dir '%s' 2>&1", kx_test_klaxon(), state_dir);
        ck_assert_msg(status == 1 && strstr(out, "row 1 was modified"), "%s", out);
        free(out);
}
END_TEST

/* Legacy AlterConfigs replaces every dynamic config: the action must write
 * the others back unchanged. Checked with Kafka's own kafka-configs. */
START_TEST(test_retention_keeps_other_dynamic_configs)
{
        char t[128], *out;
        int status;

        snprintf(t, sizeof(t), "%s", kx_test_unique("it.retention"));
        kt_create_topic(boot, t, 1, 1);
        out = kx_test_sh(&status, "tests/env/kafka tool kafka-configs --bootstrap-server '%s' --alter "
                                  "--entity-type topics --entity-name '%s' --add-config "
                                  "max.message.bytes=200000,segment.ms=3600000 2>&1",
                         boot, t);
        ck_assert_msg(status == 0, "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s topic retention '%s' 14d --yes --state-dir '%s' -b '%s' 2>&1",
                         kx_test_klaxon(), t, state_dir, boot);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        out = kx_test_sh(&status, "tests/env/kafka tool kafka-configs --bootstrap-server '%s' --describe "
                                  "--entity-type topics --entity-name '%s' 2>/dev/null",
                         boot, t);
        ck_assert_int_eq(status, 0);
        ck_assert_msg(strstr(out, "retention.ms=1209600000"), "%s", out);
        ck_assert_msg(strstr(out, "max.message.bytes=200000"), "%s", out);
        ck_assert_msg(strstr(out, "segment.ms=3600000"), "%s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("actions");
        TCase *tc = tcase_create("real-cluster");

        tcase_set_timeout(tc, 240);
        tcase_add_unchecked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_reset_to_datetime_matches_kafka_tool);
        tcase_add_test(tc, test_read_only_is_refused_in_core);
        tcase_add_test(tc, test_read_only_refuses_every_action);
        tcase_add_test(tc, test_group_with_members_is_blocked);
        tcase_add_test(tc, test_cli_reset_and_audit_verify);
        tcase_add_test(tc, test_retention_keeps_other_dynamic_configs);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
