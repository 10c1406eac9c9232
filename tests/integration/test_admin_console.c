/* test_admin_console.c - what klaxon's own admin protocol shows in the real
 * console (tmux, real cluster): the quotas view (key 0) lists a quota set
 * with kafka-configs and says where team usage will come from; the brokers
 * view shows disk used per log dir; the topics view shows a topic's size on
 * disk equal to kafka-log-dirs' sum over its partitions. On 3 brokers, the
 * broker-outage runbook's disk check is live (unknown while a broker is
 * down, passing once it answers again) and its last step rebalances the
 * leaders through the action path, as kafka-topics then reports. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char state_dir[64];

/* Sum of the topic's partition sizes in kafka-log-dirs' JSON. */
static long long log_dirs_bytes(const char *boot, const char *topic)
{
        int st;
        char *out = kx_test_sh(&st, "tests/env/kafka tool kafka-log-dirs --bootstrap-server '%s' --describe "
                                    "--topic-list %s 2>/dev/null", boot, topic);
        char *start = strstr(out, "{\"brokers\"");
        json_t *doc = start ? json_loads(start, JSON_DISABLE_EOF_CHECK, NULL) : NULL, *b, *d, *p;
        long long sum = 0;
        size_t i, j, k;

        ck_assert_msg(st == 0 && doc, "kafka-log-dirs: %s", out);
        json_array_foreach(json_object_get(doc, "brokers"), i, b)
                json_array_foreach(json_object_get(b, "logDirs"), j, d)
                        json_array_foreach(json_object_get(d, "partitions"), k, p)
                                sum += (long long)json_integer_value(json_object_get(p, "size"));
        json_decref(doc);
        free(out);
        return sum;
}

START_TEST(test_quotas_disk_and_size_in_console)
{
        const char *boot = kx_test_bootstrap();
        char user[64], topic[64], cmd[1024], want[128], *screen;
        long long bytes;
        int st;

        snprintf(user, sizeof(user), "%s", kx_test_unique("cq"));
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.csize"));
        free(kx_test_sh(&st, "tests/env/kafka tool kafka-configs --bootstrap-server '%s' --alter --entity-type users "
                             "--entity-name %s --add-config consumer_byte_rate=31337 >/dev/null 2>&1", boot, user));
        ck_assert_int_eq(st, 0);
        kt_create_topic(boot, topic, 2, 1);
        kt_produce(boot, topic, 0, 20);
        kt_produce(boot, topic, 1, 5);
        bytes = log_dirs_bytes(boot, topic);
        ck_assert_msg(bytes > 0 && bytes < 10000, "%lld bytes", bytes);   /* shown exactly below 10000 */
        snprintf(cmd, sizeof(cmd), "env XDG_CONFIG_HOME=%s XDG_STATE_HOME=%s %s -b %s --refresh 1", state_dir,
                 state_dir, kx_test_klaxon(), boot);
        tt_start("adm", 160, 40, cmd);
        ck_assert(tt_wait_for("adm", "klaxon ", TT_WAIT_MS));
        /* Quotas view. */
        tt_key("adm", "0");
        snprintf(want, sizeof(want), "user=%s", user);
        ck_assert(tt_wait_for("adm", want, TT_WAIT_MS));
        screen = tt_capture("adm");
        ck_assert_msg(strstr(screen, "consumer_byte_rate") && strstr(screen, "31337"), "%s", screen);
        /* Below them, each policy team's usage against its quotas. */
        ck_assert_msg(strstr(screen, "TEAM USAGE VS QUOTA (policy)") && strstr(screen, "payments-team"), "%s",
                      screen);
        free(screen);
        /* Brokers view: the log dir (under the cluster's run dir) and its use. */
        tt_key("adm", "2");
        ck_assert(tt_wait_for("adm", "DISK USED", TT_WAIT_MS));
        ck_assert(tt_wait_for("adm", "/node-1/data", TT_WAIT_MS));
        /* Topics view: SIZE = kafka-log-dirs' sum. */
        tt_key("adm", "3");
        snprintf(want, sizeof(want), "%lldB", bytes);
        ck_assert(tt_wait_for("adm", topic, TT_WAIT_MS));
        ck_assert_msg(tt_wait_for("adm", want, TT_WAIT_MS), "size %s not shown", want);
        tt_key("adm", "q");
        tt_wait_exit("adm", TT_WAIT_MS, &st);
        tt_kill_session("adm");
}
END_TEST

/* Partitions of topic not led by their first replica, per kafka-topics. */
static int off_preferred(const char *boot, const char *topic)
{
        int st, off = 0;
        char *text = kx_test_sh(&st, "tests/env/kafka tool kafka-topics --bootstrap-server '%s' --describe "
                                     "--topic %s 2>/dev/null", boot, topic);
        char *line = text, *next;

        ck_assert_int_eq(st, 0);
        for (; line && *line; line = next) {
                char *l, *r;

                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                l = strstr(line, "Leader: ");
                r = strstr(line, "Replicas: ");
                if (l && r)
                        off += atoi(l + 8) != atoi(r + 10);
        }
        free(text);
        return off;
}

static void env_kafka(const char *verb, int id)
{
        int st;
        char *out = kx_test_sh(&st, "tests/env/kafka %s %d --name '%s' >&2", verb, id, getenv("KLAXON_CLUSTER3"));

        free(out);
        ck_assert_msg(st == 0, "tests/env/kafka %s %d failed", verb, id);
}

START_TEST(test_outage_runbook_disk_check_and_rebalance)
{
        const char *boot = getenv("KLAXON_BOOTSTRAP3");
        char topic[64], cmd[1024], *screen;
        int st;

        ck_assert_msg(boot && getenv("KLAXON_CLUSTER3"), "KLAXON_BOOTSTRAP3/KLAXON_CLUSTER3 not set");
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.rebal"));
        kt_create_topic(boot, topic, 6, 3);
        ck_assert_int_eq(off_preferred(boot, topic), 0);
        snprintf(cmd, sizeof(cmd), "env XDG_CONFIG_HOME=%s XDG_STATE_HOME=%s %s -b %s --refresh 1", state_dir,
                 state_dir, kx_test_klaxon(), boot);
        tt_start("reb", 160, 45, cmd);
        ck_assert(tt_wait_for("reb", "Overview", TT_WAIT_MS));
        env_kafka("stop-broker", 2);
        ck_assert_msg(tt_wait_for("reb", "open playbook \"Broker outage\"", TT_WAIT_MS), "no outage banner");
        tt_key("reb", "P");
        ck_assert(tt_wait_for("reb", "\xe2\x9c\x96 1. Which broker is down?", TT_WAIT_MS));
        /* The disk check cannot pass while broker 2 cannot be asked. */
        ck_assert(tt_wait_for("reb", "4. Check the broker's disk", TT_WAIT_MS));
        screen = tt_capture("reb");
        ck_assert_msg(strstr(screen, "4. Check the broker's disk") &&
                      !strstr(screen, "\xe2\x9c\x94 4. Check the broker's disk"), "%s", screen);
        free(screen);
        env_kafka("start-broker", 2);
        ck_assert(tt_wait_for("reb", "\xe2\x9c\x94 1. Which broker is down?", TT_WAIT_MS));
        ck_assert_int_gt(off_preferred(boot, topic), 0);
        tt_key("reb", "r");   /* refresh now, log dirs included */
        ck_assert_msg(tt_wait_for("reb", "\xe2\x9c\x94 4. Check the broker's disk", TT_WAIT_MS), "disk check not live");
        /* Preferred leaders can move back only once broker 2 is in the ISR
         * again (else the election says it cannot move yet): step 3. */
        ck_assert_msg(tt_wait_for("reb", "\xe2\x9c\x94 3. Is the ISR complete again?", TT_WAIT_MS),
                      "the ISR never completed after start-broker");
        ck_assert(tt_runbook_select_action("reb", "elect-leaders", TT_WAIT_MS));
        tt_key("reb", "a");
        ck_assert_msg(tt_wait_for("reb", "y applies", TT_WAIT_MS), "no confirmation");
        tt_key("reb", "y");
        ck_assert_msg(tt_wait_for("reb", "elect-leaders done and verified", TT_WAIT_MS), "election did not finish");
        ck_assert_int_eq(off_preferred(boot, topic), 0);
        tt_key("reb", "q");
        tt_wait_exit("reb", TT_WAIT_MS, &st);
        tt_kill_session("reb");
        /* The action is audited. */
        {
                char *log = kx_test_sh(&st, "%s --state-dir %s/klaxon audit log", kx_test_klaxon(), state_dir);

                ck_assert_msg(strstr(log, "elect-leaders"), "%s", log);
                free(log);
        }
}
END_TEST

int main(void)
{
        Suite *s = suite_create("admin_console");
        TCase *tc = tcase_create("console");
        int rc;

        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-admcons-XXXXXX");
        if (!mkdtemp(state_dir))
                return EXIT_FAILURE;
        tt_init();
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_quotas_disk_and_size_in_console);
        tcase_set_timeout(tc, 240);
        tcase_add_unchecked_fixture(tc, NULL, kx_test_restore_clusters);
        tcase_add_test(tc, test_outage_runbook_disk_check_and_rebalance);
        suite_add_tcase(s, tc);
        rc = kx_test_run(s);
        tt_cleanup();
        {
                char rm[128];

                snprintf(rm, sizeof(rm), "rm -rf %s", state_dir);
                if (system(rm) != 0)
                        fprintf(stderr, "could not remove %s\n", state_dir);
        }
        return rc;
}
