/* test_admin_console.c - what klaxon's own admin protocol shows in the real
 * console (tmux, real cluster): the quotas view (key 0) lists a quota set
 * with kafka-configs and says where team usage will come from; the brokers
 * view shows disk used per log dir; the topics view shows a topic's size on
 * disk equal to kafka-log-dirs' sum over its partitions. On 3 brokers, the
 * broker-outage runbook's disk check is live (unknown while a broker is
 * down, passing once it answers again) and its last step rebalances the
 * leaders through the action path, as kafka-topics then reports.
 * Observed quota throttling (3 brokers + a real Prometheus scraping their JMX
 * exporter): a client-id held to 1 KB/s and flooded by kcat is reported
 * throttled by `klaxon quota list` (text and JSON) and in the quotas view,
 * while a client-id with a generous quota producing at the same time is not;
 * without Prometheus the view says where the figures would come from. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"

#include <check.h>
#include <signal.h>
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
        /* The team usage comes with the monitor's next snapshot. */
        ck_assert(tt_wait_for("adm", "payments-team", TT_WAIT_MS));
        screen = tt_capture("adm");
        ck_assert_msg(strstr(screen, "consumer_byte_rate") && strstr(screen, "31337"), "%s", screen);
        /* Below them, each policy team's usage against its quotas. */
        ck_assert_msg(strstr(screen, "TEAM USAGE VS QUOTA (policy)") && strstr(screen, "payments-team"), "%s",
                      screen);
        /* No Prometheus given: the observed columns say where they come from. */
        ck_assert_msg(strstr(screen, "observed throttling comes from Prometheus"), "%s", screen);
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
        ck_assert(tt_wait_for("reb", "5. Check the broker's disk", TT_WAIT_MS));
        screen = tt_capture("reb");
        ck_assert_msg(strstr(screen, "5. Check the broker's disk") &&
                      !strstr(screen, "\xe2\x9c\x94 5. Check the broker's disk"), "%s", screen);
        free(screen);
        env_kafka("start-broker", 2);
        ck_assert(tt_wait_for("reb", "\xe2\x9c\x94 1. Which broker is down?", TT_WAIT_MS));
        ck_assert_int_gt(off_preferred(boot, topic), 0);
        tt_key("reb", "r");   /* refresh now, log dirs included */
        ck_assert_msg(tt_wait_for("reb", "\xe2\x9c\x94 5. Check the broker's disk", TT_WAIT_MS), "disk check not live");
        /* Preferred leaders can move back only once broker 2 is in the ISR
         * again (else the election says it cannot move yet): step 3. */
        ck_assert_msg(tt_wait_for("reb", "\xe2\x9c\x94 4. Is the ISR complete again?", TT_WAIT_MS),
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

/* Run klaxon's quota list (--json or text) against the 3-broker cluster and
 * its Prometheus; returns stdout (heap) with *st the exit status. */
static char *quota_list(const char *boot, const char *prom, bool json, int *st)
{
        return kx_test_sh(st, "XDG_STATE_HOME=%s %s -b '%s' --prometheus '%s' quota list%s 2>&1", state_dir,
                          kx_test_klaxon(), boot, prom, json ? " --json" : "");
}

/* The observed producer throttle of client-id cid in `quota list --json`:
 * -1 when the entity has no observation (yet), -2 when it is not listed. */
static double observed_throttle(const char *boot, const char *prom, const char *cid)
{
        int st;
        char *out = quota_list(boot, prom, true, &st);
        json_t *doc = json_loads(out, 0, NULL), *q, *ob;
        double throttle = -2;
        size_t i;

        ck_assert_msg(st == 0 && doc, "quota list --json (%d): %s", st, out);
        ck_assert_msg(json_is_null(json_object_get(json_object_get(doc, "observed"), "error")), "%s", out);
        json_array_foreach(json_object_get(doc, "quotas"), i, q) {
                const char *c = json_string_value(json_object_get(json_object_get(q, "entity"), "client-id"));

                if (!c || strcmp(c, cid) || json_object_get(json_object_get(q, "entity"), "user"))
                        continue;
                ob = json_object_get(json_object_get(q, "observed"), "producer_byte_rate");
                throttle = json_is_number(json_object_get(ob, "throttle_ms"))
                                   ? json_number_value(json_object_get(ob, "throttle_ms"))
                                   : -1;
        }
        json_decref(doc);
        free(out);
        return throttle;
}

/* Start kcat producing size bytes to topic as client.id cid in the
 * background (at most 150 s); returns timeout(1)'s pid. */
static int start_producer(const char *boot, const char *topic, const char *cid, int size)
{
        int st, pid;
        char *out = kx_test_sh(&st, "head -c %d /dev/zero | tr '\\0' x | fold -w 1000 > %s/%s.data && "
                                    "{ timeout 150 kcat -P -b '%s' -t '%s' -X client.id=%s %s/%s.data "
                                    ">/dev/null 2>&1 & echo $!; }",
                               size, state_dir, cid, boot, topic, cid, state_dir, cid);

        pid = atoi(out);
        ck_assert_msg(st == 0 && pid > 0, "kcat: %s", out);
        free(out);
        return pid;
}

START_TEST(test_observed_quota_throttling)
{
        const char *boot = getenv("KLAXON_BOOTSTRAP3"), *prom = getenv("KLAXON_PROMETHEUS_URL");
        char slow[64], fast[64], topic[64], cmd[1024], *out, *line, *words[8], *screen;
        double throttle = -1, fast_throttle = -2;
        int st, slow_pid, fast_pid, deadline;

        ck_assert_msg(boot && prom, "KLAXON_BOOTSTRAP3/KLAXON_PROMETHEUS_URL not set");
        snprintf(slow, sizeof(slow), "%s", kx_test_unique("cq.slow"));
        snprintf(fast, sizeof(fast), "%s", kx_test_unique("cq.fast"));
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.thr"));
        kt_create_topic(boot, topic, 1, 1);
        out = kx_test_sh(&st, "XDG_STATE_HOME=%s %s -b '%s' quota set --client-id %s producer_byte_rate=1024 --yes "
                              "2>&1 && XDG_STATE_HOME=%s %s -b '%s' quota set --client-id %s "
                              "producer_byte_rate=104857600 --yes 2>&1",
                         state_dir, kx_test_klaxon(), boot, slow, state_dir, kx_test_klaxon(), boot, fast);
        ck_assert_msg(st == 0, "quota set: %s", out);
        free(out);
        /* 400 KB at 1 KB/s keeps slow throttled for the whole test; fast
         * sends 50 KB well inside its 100 MB/s. */
        slow_pid = start_producer(boot, topic, slow, 400000);
        fast_pid = start_producer(boot, topic, fast, 50000);
        /* Poll until Prometheus has scraped the throttle (never a fixed sleep). */
        for (deadline = 0; deadline < 120 && (throttle <= 0 || fast_throttle < 0); deadline++) {
                throttle = observed_throttle(boot, prom, slow);
                fast_throttle = observed_throttle(boot, prom, fast);
                if (throttle <= 0 || fast_throttle < 0)
                        sleep(1);
        }
        ck_assert_msg(throttle > 0, "client-id %s never observed throttled (last %g)", slow, throttle);
        /* The other entity is observed too, and not throttled. */
        ck_assert_msg(fast_throttle == 0, "client-id %s: throttle %g, want 0", fast, fast_throttle);
        /* The text listing shows it next to the configured value. */
        out = quota_list(boot, prom, false, &st);
        ck_assert_int_eq(st, 0);
        line = tt_line_with(out, slow);
        ck_assert_msg(line && strstr(line, "producer_byte_rate") && strstr(line, "1024") && strstr(line, "throttle ") &&
                              !strstr(line, "throttle 0 ms") && !strstr(line, "throttle -"),
                      "%s", out);
        free(line);
        line = tt_line_with(out, fast);
        ck_assert_msg(line && strstr(line, "throttle 0 ms"), "%s", out);
        free(line);
        ck_assert_msg(strstr(out, "observed: prometheus at "), "%s", out);
        free(out);
        /* The quotas view: the same entity's THROTTLE MS column is > 0. */
        snprintf(cmd, sizeof(cmd), "env XDG_CONFIG_HOME=%s XDG_STATE_HOME=%s %s -b %s --prometheus %s --refresh 1",
                 state_dir, state_dir, kx_test_klaxon(), boot, prom);
        tt_start("thr", 180, 40, cmd);
        ck_assert(tt_wait_for("thr", "klaxon ", TT_WAIT_MS));
        tt_key("thr", "0");
        ck_assert(tt_wait_for("thr", "observed: prometheus at", TT_WAIT_MS));
        ck_assert(tt_wait_for("thr", slow, TT_WAIT_MS));
        screen = tt_capture("thr");
        line = tt_line_with(screen, slow);
        /* ENTITY QUOTA VALUE THROTTLE-MS OBSERVED-B/S */
        ck_assert_msg(line && tt_words(line, words, 8) == 5 && atof(words[3]) > 0, "%s", screen);
        free(line);
        line = tt_line_with(screen, fast);
        ck_assert_msg(line && tt_words(line, words, 8) == 5 && !strcmp(words[3], "0"), "%s", screen);
        free(line);
        free(screen);
        tt_key("thr", "q");
        tt_wait_exit("thr", TT_WAIT_MS, &st);
        tt_kill_session("thr");
        /* Clean up: stop the producers (ours, by pid) and remove both quotas. */
        kill(slow_pid, SIGTERM);
        kill(fast_pid, SIGTERM);
        out = kx_test_sh(&st, "XDG_STATE_HOME=%s %s -b '%s' quota remove --client-id %s producer_byte_rate --yes "
                              "2>&1 && XDG_STATE_HOME=%s %s -b '%s' quota remove --client-id %s producer_byte_rate "
                              "--yes 2>&1",
                         state_dir, kx_test_klaxon(), boot, slow, state_dir, kx_test_klaxon(), boot, fast);
        ck_assert_msg(st == 0, "quota remove: %s", out);
        free(out);
        ck_assert(observed_throttle(boot, prom, slow) == -2);
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
        tcase_add_test(tc, test_observed_quota_throttling);
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
