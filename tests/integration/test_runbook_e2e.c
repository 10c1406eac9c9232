/* test_runbook_e2e.c - runbooks end to end in the real console, in tmux:
 *   - on 3 brokers, a stopped broker raises the banner naming the
 *     broker-outage playbook, P opens it with its checks failing, the
 *     checks pass once the broker is back, and the exported timeline holds
 *     all of it;
 *   - the lag-explosion runbook, opened on a group from the Groups view,
 *     pauses it with a one-key confirmation and the audit log shows it. */
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char state_dir[128];

static void common_setup(void)
{
        tt_init();
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-runbook-%d", (int)getpid());
}

static void console(const char *session, const char *bootstrap, const char *extra)
{
        char cmd[1024];

        snprintf(cmd, sizeof(cmd), "%s -b '%s' --refresh 1 --state-dir '%s' %s", kx_test_klaxon(),
                 bootstrap, state_dir, extra ? extra : "");
        tt_start(session, 160, 45, cmd);
        ck_assert_msg(tt_wait_for(session, "Overview", TT_WAIT_MS), "console did not start");
}

static int leader_of(const char *boot, const char *topic)
{
        int status, leader = -1;
        json_t *snap = kx_test_snapshot(boot, &status, NULL);
        json_t *t = kx_test_find(snap, "topics", "name", topic);

        if (t)
                leader = (int)json_integer_value(json_object_get(
                        json_array_get(json_object_get(t, "partitions"), 0), "leader"));
        json_decref(snap);
        return leader;
}

static void env_kafka(const char *verb, int id, const char *cluster)
{
        int status;
        char *out = kx_test_sh(&status, "tests/env/kafka %s %d --name '%s' >&2", verb, id, cluster);

        free(out);
        ck_assert_msg(status == 0, "tests/env/kafka %s %d failed", verb, id);
}

START_TEST(test_broker_outage_runbook)
{
        const char *boot = getenv("KLAXON_BOOTSTRAP3"), *cluster = getenv("KLAXON_CLUSTER3");
        struct kx_test_wait w;
        char topic[128], *out;
        int status, leader;
        long long incident;

        ck_assert_msg(boot && cluster, "KLAXON_BOOTSTRAP3 not set");
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.outage"));
        out = kx_test_sh(&status, "tests/env/kafka tool kafka-topics --bootstrap-server '%s' --create "
                                  "--topic '%s' --partitions 1 --replication-factor 1 2>&1",
                         boot, topic);
        free(out);
        ck_assert_int_eq(status, 0);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        while ((leader = leader_of(boot, topic)) < 1 && kx_test_wait_more(&w, 200))
                ;
        ck_assert_msg(leader >= 1, "topic %s never got a leader", topic);

        console("outage", boot, NULL);
        env_kafka("stop-broker", leader, cluster);
        ck_assert_msg(tt_wait_for("outage", "open playbook \"Broker outage\"", TT_WAIT_MS),
                      "the banner never suggested the broker-outage playbook");
        tt_key("outage", "P");
        ck_assert_msg(tt_wait_for("outage", "\xe2\x9c\x96 1. Which broker is down?", TT_WAIT_MS),
                      "step 1's check is not failing");
        ck_assert(tt_wait_for("outage", "\xe2\x9c\x96 2. Do all partitions", TT_WAIT_MS));

        env_kafka("start-broker", leader, cluster);
        ck_assert_msg(tt_wait_for("outage", "\xe2\x9c\x94 1. Which broker is down?", TT_WAIT_MS),
                      "step 1 did not pass after the broker returned");
        ck_assert(tt_wait_for("outage", "\xe2\x9c\x94 2. Do all partitions", TT_WAIT_MS));
        tt_type("outage", "n");
        ck_assert(tt_wait_for("outage", "note for incident", TT_WAIT_MS));
        tt_type("outage", "restarted the broker by hand");
        tt_key("outage", "Enter");
        ck_assert(tt_wait_for("outage", "note added", TT_WAIT_MS));
        tt_key("outage", "Escape"); /* closes the incident */
        ck_assert(tt_wait_for("outage", "closed", TT_WAIT_MS));
        tt_key("outage", "q");
        tt_wait_exit("outage", TT_WAIT_MS, &status);

        out = kx_test_sh(&status, "%s incident list --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(sscanf(out, "%lld", &incident) == 1, "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s incident export %lld --format md --state-dir '%s'", kx_test_klaxon(),
                         incident, state_dir);
        ck_assert_int_eq(status, 0);
        /* The check failed while the broker was away, and passed after it
         * came back (metadata may still list a just-stopped broker for a
         * few seconds, so a PASS may also come first). */
        ck_assert_msg(strstr(out, "FAIL Which broker is down?") &&
                              strstr(strstr(out, "FAIL Which broker is down?"), "PASS Which broker is down?"),
                      "timeline: %s", out);
        ck_assert_msg(strstr(out, "restarted the broker by hand") && strstr(out, "| closed |"), "%s", out);
        free(out);
}
END_TEST

START_TEST(test_lag_explosion_pause_one_key)
{
        const char *boot = getenv("KLAXON_BOOTSTRAP_SECURE"), *dir = getenv("KLAXON_SECURE_DIR");
        char topic[128], group[128], extra[600], *out;
        int status;

        ck_assert_msg(boot && dir, "KLAXON_BOOTSTRAP_SECURE not set");
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.lagging"));
        snprintf(group, sizeof(group), "%s", kx_test_unique("it-lagging"));
        out = kx_test_sh(&status, "seq 1 50 | kcat -F '%s/app.librdkafka' -b '%s' -P -t '%s' 2>&1 && "
                                  "kcat -F '%s/app.librdkafka' -b '%s' -X auto.offset.reset=earliest "
                                  "-G '%s' -c 5 '%s' >/dev/null 2>&1",
                         dir, boot, topic, dir, boot, group, topic);
        free(out);
        snprintf(extra, sizeof(extra), "-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN "
                                       "-X sasl.username=admin -X sasl.password=admin-secret");
        console("lag", boot, extra);
        tt_key("lag", "4");
        tt_type("lag", "/");
        tt_type("lag", group);
        tt_key("lag", "Enter");
        ck_assert_msg(tt_wait_for("lag", group, TT_WAIT_MS), "group not listed");
        tt_key("lag", "P");
        ck_assert_msg(tt_wait_for("lag", "Consumer lag explosion", TT_WAIT_MS), "lag runbook did not open");
        ck_assert(tt_wait_for("lag", group, TT_WAIT_MS)); /* the incident is about that group */
        /* Move down to the pause step (its hint line shows when selected). */
        ck_assert(tt_runbook_select_action("lag", "group-pause", TT_WAIT_MS));
        tt_key("lag", "a");
        ck_assert_msg(tt_wait_for("lag", "y applies", TT_WAIT_MS), "no one-key confirmation");
        tt_key("lag", "y");
        ck_assert_msg(tt_wait_for("lag", "group-pause done and verified", TT_WAIT_MS), "pause did not finish");
        tt_key("lag", "q");
        tt_wait_exit("lag", TT_WAIT_MS, &status);

        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "group-pause") && strstr(out, "verified") && strstr(out, group), "%s", out);
        free(out);
        /* Leave the shared cluster as it was. */
        out = kx_test_sh(&status, "%s group resume '%s' --yes --state-dir '%s' -b '%s' %s 2>&1",
                         kx_test_klaxon(), group, state_dir, boot, extra);
        ck_assert_msg(status == 0, "%s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("runbook_e2e");
        TCase *tc = tcase_create("tmux");
        int rc;

        common_setup();
        tcase_set_timeout(tc, 300);
        tcase_add_unchecked_fixture(tc, NULL, kx_test_restore_clusters);
        tcase_add_test(tc, test_broker_outage_runbook);
        tcase_add_test(tc, test_lag_explosion_pause_one_key);
        suite_add_tcase(s, tc);
        rc = kx_test_run(s);
        tt_cleanup();
        return rc;
}
