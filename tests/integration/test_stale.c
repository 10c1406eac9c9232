/* test_stale.c - when the whole cluster goes away the console keeps the
 * last data on screen with its age and a STALE banner naming the reason,
 * and recovers by itself when the cluster returns. Uses a private 1-broker
 * cluster so no other suite loses its broker. */
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char cluster[64], boot[256];

static void env_kafka(const char *args)
{
        int status;
        char *out = kx_test_sh(&status, "tests/env/kafka %s --name '%s' 2>/dev/null", args, cluster);

        if (!strncmp(args, "up", 2)) {
                char *last = strrchr(out, '\n');

                while (last && last > out && !last[1]) { /* trailing newline */
                        *last = '\0';
                        last = strrchr(out, '\n');
                }
                snprintf(boot, sizeof(boot), "%s", last ? last + 1 : out);
        }
        free(out);
        ck_assert_msg(status == 0, "tests/env/kafka %s failed", args);
}

static void setup(void)
{
        snprintf(cluster, sizeof(cluster), "stale-%d", (int)getpid());
        env_kafka("up");
}

static void teardown(void)
{
        int status;
        char *out = kx_test_sh(&status, "tests/env/kafka down --name '%s' >/dev/null 2>&1", cluster);

        free(out);
}

START_TEST(test_stale_banner_and_recovery)
{
        char cmd[512];

        snprintf(cmd, sizeof(cmd), "%s -b '%s' --refresh 1 --state-dir /tmp/klaxon-it-stale-%d",
                 kx_test_klaxon(), boot, (int)getpid());
        tt_start("stale", 140, 30, cmd);
        ck_assert_msg(tt_wait_for("stale", "Brokers   1 up of 1", TT_WAIT_MS), "no first snapshot");
        env_kafka("stop-broker 1");
        ck_assert_msg(tt_wait_for("stale", "STALE: data", TT_WAIT_MS), "no STALE banner");
        ck_assert(tt_wait_for("stale", "cannot reach", TT_WAIT_MS));       /* the reason */
        ck_assert(tt_wait_for("stale", "Brokers   1 up of 1", TT_WAIT_MS)); /* last data kept */
        env_kafka("start-broker 1");
        ck_assert_msg(tt_wait_gone("stale", "STALE: data", TT_WAIT_MS), "did not recover by itself");
        tt_key("stale", "q");
}
END_TEST

int main(void)
{
        Suite *s = suite_create("stale");
        TCase *tc = tcase_create("private-cluster");
        int rc;

        tt_init();
        tcase_set_timeout(tc, 240);
        tcase_add_unchecked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_stale_banner_and_recovery);
        suite_add_tcase(s, tc);
        rc = kx_test_run(s);
        tt_cleanup();
        return rc;
}
