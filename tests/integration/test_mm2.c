/* test_mm2.c - MirrorMaker 2 for real (tests/env/mm2: clusters source and
 * target, a Connect worker running MirrorSource/Checkpoint/Heartbeat): a
 * topic is replicated; with the source connector paused and producers
 * going on, the desync verdict turns ✖ with the lag growing, and the
 * mm2-restart action makes it ✔ again; a group's offsets translated to the
 * target equal MirrorMaker's checkpoints; in the console, the
 * mirrormaker-desync runbook's check turns ✖ and its mm2-restart step
 * brings it back to ✔; a worker that cannot be reached gives a clear
 * error. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *src, *tgt, *url;
static char state_dir[128];

static void setup(void)
{
        src = getenv("KLAXON_MM2_SOURCE");
        tgt = getenv("KLAXON_MM2_TARGET");
        url = getenv("KLAXON_MM2_CONNECT_URL");
        ck_assert_msg(src && tgt && url, "KLAXON_MM2_SOURCE/TARGET/CONNECT_URL not set");
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-mm2-%d", (int)getpid());
}

/* One refresh: `klaxon mm2 status`; stdout into a new string. */
static char *mm2_status(int *status)
{
        return kx_test_sh(status, "%s mm2 status --source '%s' -b '%s' --connect '%s' 2>&1", kx_test_klaxon(),
                          src, tgt, url);
}

/* The lag klaxon reports for topic, or -1 if the topic is not listed. */
static long long topic_lag(const char *out, const char *topic)
{
        char needle[300];
        const char *p, *lag;

        snprintf(needle, sizeof(needle), "topic %s -> source.%s ", topic, topic);
        p = strstr(out, needle);
        lag = p ? strstr(p, " lag ") : NULL;
        return lag ? strtoll(lag + 5, NULL, 10) : -1;
}

/* Refresh until pred holds (bounded; MM2 works asynchronously). */
static char *wait_status(bool (*pred)(const char *out, void *arg), void *arg, const char *what)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        char *out = NULL;
        int status;

        do {
                free(out);
                out = mm2_status(&status);
                if (pred(out, arg))
                        return out;
        } while (kx_test_wait_more(&w, 500));
        ck_abort_msg("never %s; last status:\n%s", what, out);
        return out;
}

static bool caught_up(const char *out, void *arg)
{
        return topic_lag(out, arg) == 0 && strstr(out, "mirrormaker: in sync");
}

/* Pause the source connector (the fault) and wait until its task is
 * PAUSED, as the worker's REST API reports it. */
static void pause_source_connector(void)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        char *out;
        int status;

        out = kx_test_sh(&status, "curl -s -f -X PUT '%s/connectors/mm2-source/pause' 2>&1", url);
        ck_assert_msg(status == 0, "pause mm2-source: %s", out);
        do {
                free(out);
                out = kx_test_sh(&status, "curl -s '%s/connectors/mm2-source/status' | "
                                          "grep -q '\"tasks\":\\[{[^]]*\"state\":\"PAUSED\"'",
                                 url);
        } while (status != 0 && kx_test_wait_more(&w, 200));
        ck_assert_msg(status == 0, "the source task never paused");
        free(out);
}

START_TEST(test_replicates_then_desync_then_restart)
{
        char topic[128], *out, *rep;
        int status;
        long long lag1, lag2;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("mm2.it"));
        kt_create_topic(src, topic, 1, 1);
        kt_produce(src, topic, 0, 20);
        out = wait_status(caught_up, topic, "replicated");
        free(out);
        /* The records are on the target, under the replication policy's name. */
        rep = kx_test_sh(&status, "kcat -C -b '%s' -t 'source.%s' -o beginning -e -q | wc -l", tgt, topic);
        ck_assert_int_eq(atoi(rep), 20);
        free(rep);

        /* Pause the source connector (the fault), keep producing. */
        pause_source_connector();
        kt_produce(src, topic, 0, 30);
        out = mm2_status(&status); /* first refresh */
        ck_assert_msg(status != 0 && strstr(out, "OUT OF SYNC") && strstr(out, "mm2-source is PAUSED"), "%s", out);
        lag1 = topic_lag(out, topic);
        ck_assert_msg(lag1 >= 30, "%s", out);
        free(out);
        kt_produce(src, topic, 0, 30);
        out = mm2_status(&status); /* second refresh: still ✖, lag growing */
        lag2 = topic_lag(out, topic);
        ck_assert_msg(status != 0 && lag2 > lag1, "lag %lld then %lld:\n%s", lag1, lag2, out);
        free(out);

        /* The restart action resumes the paused connector. */
        out = kx_test_sh(&status, "%s mm2 restart --yes --connect '%s' -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), url, tgt, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "resume mm2-source (PAUSED)") && strstr(out, "done and verified"),
                      "%s", out);
        free(out);
        out = wait_status(caught_up, topic, "back in sync after the restart");
        free(out);
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "mm2-restart") && strstr(out, "verified"), "%s", out);
        free(out);
}
END_TEST

struct cp_want {
        const char *group, *topic;
};

static bool has_checkpoint(const char *out, void *arg)
{
        const struct cp_want *w = arg;
        char needle[400];

        snprintf(needle, sizeof(needle), "checkpoint %s source.%s 0 upstream 7 ", w->group, w->topic);
        return strstr(out, needle) != NULL;
}

START_TEST(test_translate_offsets_from_checkpoints)
{
        char topic[128], group[128], needle[400], *out, *p;
        struct cp_want w = {group, topic};
        long long downstream;
        int status;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("mm2.tr"));
        snprintf(group, sizeof(group), "%s", kx_test_unique("it-mm2-group"));
        kt_create_topic(src, topic, 1, 1);
        kt_produce(src, topic, 0, 20);
        out = wait_status(caught_up, topic, "replicated");
        free(out);
        kt_commit(src, group, topic, 0, 7);
        out = wait_status(has_checkpoint, &w, "checkpointed");
        snprintf(needle, sizeof(needle), "checkpoint %s source.%s 0 upstream 7 downstream ", group, topic);
        p = strstr(out, needle);
        downstream = strtoll(p + strlen(needle), NULL, 10);
        /* MM2 translates conservatively (at or before the source position,
         * never past it: records may be re-read, none skipped). */
        ck_assert_msg(p && downstream >= 0 && downstream <= 7, "%s", out);
        free(out);

        out = kx_test_sh(&status, "%s mm2 translate '%s' --dry-run -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), group, tgt, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "dry run"), "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s mm2 translate '%s' --yes -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), group, tgt, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        /* Kafka's own tool reads the group's offset on the target. */
        out = kx_test_sh(&status, "tests/env/kafka tool kafka-consumer-groups --bootstrap-server '%s' "
                                  "--describe --group '%s' 2>/dev/null | awk '$2 == \"source.%s\" {print $4}'",
                         tgt, group, topic);
        ck_assert_msg(atoll(out) == downstream, "committed on the target: '%s', checkpoint says %lld", out,
                      downstream);
        free(out);
        /* Leave no idle group behind on the target (its lag would raise
         * the consumer-lag banner in the console test). */
        out = kx_test_sh(&status, "tests/env/kafka tool kafka-consumer-groups --bootstrap-server '%s' "
                                  "--delete --group '%s' >/dev/null 2>&1", tgt, group);
        free(out);
}
END_TEST

START_TEST(test_console_runbook_desync_and_restart)
{
        char cmd[1024], topic[128], *out;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("mm2.con"));
        kt_create_topic(src, topic, 1, 1);
        kt_produce(src, topic, 0, 10);
        out = wait_status(caught_up, topic, "replicated");
        free(out);
        tt_init();
        snprintf(cmd, sizeof(cmd), "%s -b '%s' --mm2-source '%s' --connect '%s' --refresh 1 --state-dir '%s'",
                 kx_test_klaxon(), tgt, src, url, state_dir);
        tt_start("mm2", 160, 45, cmd);
        ck_assert_msg(tt_wait_for("mm2", "Overview", TT_WAIT_MS), "console did not start");
        tt_key("mm2", "M");
        ck_assert_msg(tt_wait_for("mm2", "topic(s) mirrored from source, 0 record(s) behind", TT_WAIT_MS),
                      "MM2 view not in sync");
        pause_source_connector();
        kt_produce(src, topic, 0, 25);
        ck_assert_msg(tt_wait_for("mm2", "\xe2\x9c\x96 connector mm2-source is PAUSED", TT_WAIT_MS),
                      "MM2 view never showed the desync");
        ck_assert_msg(tt_wait_for("mm2", "open playbook \"MirrorMaker desync\"", TT_WAIT_MS), "no banner");
        tt_key("mm2", "P");
        ck_assert_msg(tt_wait_for("mm2", "\xe2\x9c\x96 1. Is MirrorMaker healthy?", TT_WAIT_MS),
                      "the runbook's check is not failing");
        ck_assert(tt_runbook_select_action("mm2", "mm2-restart", TT_WAIT_MS));
        tt_key("mm2", "a");
        ck_assert_msg(tt_wait_for("mm2", "y applies", TT_WAIT_MS), "no confirmation");
        tt_key("mm2", "y");
        ck_assert_msg(tt_wait_for("mm2", "\xe2\x9c\x94 1. Is MirrorMaker healthy?", TT_WAIT_MS),
                      "the check never passed again after the restart");
        tt_key("mm2", "q");
        tt_cleanup();
        out = kx_test_sh(&(int){0}, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "mm2-restart") && strstr(out, "verified"), "%s", out);
        free(out);
}
END_TEST

/* The Connect client's task states: a sink whose file cannot be opened
 * fails its task, and `connector status` shows the task and its trace. */
START_TEST(test_connector_task_trace)
{
        struct kx_test_wait w;
        char name[128], *out;
        int status;

        snprintf(name, sizeof(name), "%s", kx_test_unique("it-bad-sink"));
        out = kx_test_sh(&status,
                         "curl -s -f -X PUT -H 'Content-Type: application/json' '%s/connectors/%s/config' -d "
                         "'{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\","
                         "\"tasks.max\":\"1\",\"topics\":\"mm2.none\",\"file\":\"/nonexistent/x\"}'",
                         url, name);
        ck_assert_msg(status == 0, "%s", out);
        free(out);
        out = NULL;
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                free(out);
                out = kx_test_sh(&status, "%s connector status '%s' --connect '%s' 2>&1", kx_test_klaxon(), name, url);
        } while (!strstr(out, "task 0 FAILED") && kx_test_wait_more(&w, 300));
        ck_assert_msg(strstr(out, "task 0 FAILED") && strstr(out, "Exception"), "%s", out);
        free(out);
        out = kx_test_sh(&status, "curl -s -X DELETE '%s/connectors/%s'", url, name);
        free(out);
}
END_TEST

START_TEST(test_unreachable_worker_is_clear)
{
        char *out;
        int status;

        out = kx_test_sh(&status, "%s mm2 restart --yes --connect http://127.0.0.1:1 -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), tgt, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "http://127.0.0.1:1/connectors") && strstr(out, "onnect"),
                      "%s", out);
        free(out);
        /* A Kafka broker is no HTTP server: garbage at the transport level. */
        out = kx_test_sh(&status, "%s mm2 restart --yes --connect 'http://%s' -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), tgt, tgt, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "/connectors?expand=status&expand=info: "), "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s mm2 translate no-such-group --yes -b '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), tgt, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "no checkpoint for group no-such-group"), "%s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("mm2");
        TCase *tc = tcase_create("mirrormaker");

        tcase_set_timeout(tc, 300);
        tcase_add_unchecked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_replicates_then_desync_then_restart);
        tcase_add_test(tc, test_translate_offsets_from_checkpoints);
        tcase_add_test(tc, test_console_runbook_desync_and_restart);
        tcase_add_test(tc, test_connector_task_trace);
        tcase_add_test(tc, test_unreachable_worker_is_clear);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
