/* test_connect.c - Kafka Connect for real: a sink connector on a real
 * distributed worker is restarted through the action path, its group
 * (connect-NAME) is paused and resumed through Connect, and a worker that
 * cannot be reached gives a clear error. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../../core/connect.h"
#include "../../core/kafka.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *url;
static char connector[128], topic[128], state_dir[128];

static void wait_state(const char *want)
{
        struct kx_connector_state st = {0};
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        struct kx_err err;

        do {
                if (!kx_connect_status(url, connector, 5000, &st, &err) && !strcmp(st.state, want) &&
                    (strcmp(want, "RUNNING") || (st.task_cnt > 0 && st.tasks_running == st.task_cnt)))
                        return;
        } while (kx_test_wait_more(&w, 250));
        ck_abort_msg("connector %s never reached %s (last %s, %d of %d task(s) running)", connector, want,
                     st.state, st.tasks_running, st.task_cnt);
}

static void setup(void)
{
        char path[256], *out;
        int status;

        url = getenv("KLAXON_CONNECT_URL");
        ck_assert_msg(url != NULL, "KLAXON_CONNECT_URL not set");
        snprintf(connector, sizeof(connector), "%s", kx_test_unique("it-sink"));
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.connect"));
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-connect-%d", (int)getpid());
        kt_create_topic(kx_test_bootstrap(), topic, 1, 1);
        kt_produce(kx_test_bootstrap(), topic, 0, 20);
        snprintf(path, sizeof(path), "%s/connectors", url);
        out = kx_test_sh(&status,
                         "curl -s -f -X POST -H 'Content-Type: application/json' '%s' -d "
                         "'{\"name\":\"%s\",\"config\":{\"connector.class\":"
                         "\"org.apache.kafka.connect.file.FileStreamSinkConnector\",\"tasks.max\":\"1\","
                         "\"topics\":\"%s\",\"key.converter\":"
                         "\"org.apache.kafka.connect.storage.StringConverter\"}}'",
                         path, connector, topic);
        ck_assert_msg(status == 0, "create connector: %s", out);
        free(out);
        wait_state("RUNNING");
}

static char *klaxon(int *status, const char *args)
{
        return kx_test_sh(status, "%s %s --yes --connect '%s' --state-dir '%s' -b '%s' 2>&1",
                          kx_test_klaxon(), args, url, state_dir, kx_test_bootstrap());
}

START_TEST(test_restart_connector_through_the_action_path)
{
        char args[300], *out;
        int status;

        snprintf(args, sizeof(args), "connector restart '%s'", connector);
        out = klaxon(&status, args);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        wait_state("RUNNING");
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "connector-restart") && strstr(out, "verified"), "%s", out);
        free(out);
}
END_TEST

START_TEST(test_connect_group_pause_and_resume)
{
        char args[300], *out;
        int status;

        snprintf(args, sizeof(args), "group pause 'connect-%s'", connector);
        out = klaxon(&status, args);
        ck_assert_msg(status == 0 && strstr(out, "through Kafka Connect") && strstr(out, "done and verified"),
                      "%s", out);
        free(out);
        wait_state("PAUSED");
        snprintf(args, sizeof(args), "group resume 'connect-%s'", connector);
        out = klaxon(&status, args);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        wait_state("RUNNING");
}
END_TEST

START_TEST(test_unreachable_and_unknown_are_clear)
{
        struct kx_connector_state st;
        struct kx_err err;
        char *out;
        int status;

        out = kx_test_sh(&status, "%s connector list --connect http://127.0.0.1:1 2>&1", kx_test_klaxon());
        ck_assert_msg(status != 0 && strstr(out, "http://127.0.0.1:1/connectors") &&
                              strstr(out, "onnect"),
                      "%s", out);
        free(out);
        ck_assert_int_eq(kx_connect_status(url, "no-such-connector", 5000, &st, &err), KX_ERR_NOT_FOUND);
        ck_assert_msg(strstr(err.msg, "no-such-connector"), "%s", err.msg);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("connect");
        TCase *tc = tcase_create("worker");

        tcase_set_timeout(tc, 180);
        tcase_add_unchecked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_restart_connector_through_the_action_path);
        tcase_add_test(tc, test_connect_group_pause_and_resume);
        tcase_add_test(tc, test_unreachable_and_unknown_are_clear);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
