/* test_admin_console.c - what klaxon's own admin protocol shows in the real
 * console (tmux, real cluster): the quotas view (key 0) lists a quota set
 * with kafka-configs and says where team usage will come from; the brokers
 * view shows disk used per log dir; the topics view shows a topic's size on
 * disk equal to kafka-log-dirs' sum over its partitions. */
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
        ck_assert_msg(strstr(screen, "issue #7"), "%s", screen);
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
