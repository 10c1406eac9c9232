/* test_governance_view.c - the governance view (key 9) in a real terminal
 * (tmux) against the real cluster: a pending topic request filed by alice
 * shows with the team quotas, findings and the configured client quotas,
 * the quotas view (key 0) shows each team's usage; alice's own approval
 * is blocked, bob approves with a (y) and the topic is created through the
 * action path. The monitor thread builds the view's data, topic configs
 * included, so a configs rule (a 1-day retention on an audit-logs topic)
 * is among the console's findings. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"
#include "../../core/store.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[128], topic[128], sampled[128], short_lived[128];

static void console(const char *session, const char *operator_name)
{
        char cmd[1024];

        snprintf(cmd, sizeof(cmd), "env XDG_CONFIG_HOME=%s XDG_STATE_HOME=%s %s -b %s --refresh 1 --operator %s",
                 dir, dir, kx_test_klaxon(), kx_test_bootstrap(), operator_name);
        tt_start(session, 160, 45, cmd);
        ck_assert_msg(tt_wait_for(session, "klaxon ", TT_WAIT_MS), "no title row");
        tt_key(session, "9");
        ck_assert(tt_wait_for(session, "PENDING TOPIC REQUESTS (1)", TT_WAIT_MS));
}

/* The console's monitor samples per-topic LEOs into the state db (for idle
 * topics and throughput) as it refreshes. */
static void assert_console_sampled_leos(void)
{
        struct kx_store store;
        struct kx_err err;
        sqlite3_stmt *st;
        char path[256];

        snprintf(path, sizeof(path), "%s/klaxon/klaxon.db", dir);
        ck_assert_int_eq(kx_store_open_path(path, &store, &err), 0);
        ck_assert_int_eq(sqlite3_prepare_v2(store.db, "SELECT COUNT(*) FROM topic_leo WHERE topic = ?", -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, sampled, -1, SQLITE_STATIC);
        ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
        ck_assert_int_ge(sqlite3_column_int(st, 0), 1);
        sqlite3_finalize(st);
        kx_store_close(&store);
}

START_TEST(test_view_shows_and_approves_requests)
{
        char *out, *screen;
        int status;

        snprintf(topic, sizeof(topic), "audit.logs.%s.v1", kx_test_unique("view"));
        snprintf(sampled, sizeof(sampled), "payments.events.%s.v1", kx_test_unique("sampled"));
        kt_create_topic(kx_test_bootstrap(), sampled, 3, 1);
        kt_produce(kx_test_bootstrap(), sampled, 0, 3);
        out = kx_test_sh(&status, "XDG_CONFIG_HOME='%s' %s --operator alice topic create '%s' --partitions 3 "
                                  "--retention 1y --team compliance --yes -b '%s' --state-dir '%s/klaxon' 2>&1",
                         dir, kx_test_klaxon(), topic, kx_test_bootstrap(), dir);
        ck_assert_msg(status == 0 && strstr(out, "pending request"), "%s", out);
        free(out);

        snprintf(short_lived, sizeof(short_lived), "audit.logs.%s.v1", kx_test_unique("short"));
        free(kx_test_sh(&status, "tests/env/kafka tool kafka-topics --bootstrap-server '%s' --create --topic '%s' "
                                 "--partitions 3 --replication-factor 1 --config retention.ms=86400000 >/dev/null 2>&1",
                        kx_test_bootstrap(), short_lived));
        ck_assert_int_eq(status, 0);

        console("alice", "alice");
        /* The configs rules ran on the monitor thread: the retention finding. */
        ck_assert(tt_wait_for("alice", "configs rules on ", TT_WAIT_MS));
        ck_assert_msg(tt_wait_for("alice", short_lived, TT_WAIT_MS), "no finding for %s", short_lived);
        screen = tt_capture("alice");
        ck_assert_msg(strstr(screen, "retention 1d, outside 1y-10y for audit logs"), "%s", screen);
        free(screen);
        screen = tt_capture("alice");
        ck_assert_msg(strstr(screen, topic) && strstr(screen, "TEAM QUOTAS") && strstr(screen, "compliance") &&
                              strstr(screen, "client quotas:") && strstr(screen, "FINDINGS BY TEAM"), "%s", screen);
        free(screen);
        /* Client quotas come from the admin poller; the Quotas view (0) lists
         * them and shows each team's usage against its policy quotas. */
        ck_assert(tt_wait_for("alice", "listed in the Quotas view (0)", TT_WAIT_MS));
        tt_key("alice", "0");
        ck_assert(tt_wait_for("alice", "TEAM USAGE VS QUOTA (policy)", TT_WAIT_MS));
        ck_assert(tt_wait_for("alice", "compliance         topics", TT_WAIT_MS));
        tt_key("alice", "9");
        ck_assert(tt_wait_for("alice", "TEAM QUOTAS", TT_WAIT_MS));
        tt_key("alice", "a");
        ck_assert(tt_wait_for("alice", "BLOCKED: request 1 was filed by alice; a different", TT_WAIT_MS));
        tt_key("alice", "n");
        tt_key("alice", "q");
        tt_kill_session("alice");

        console("bob", "bob");
        tt_key("bob", "a");
        ck_assert(tt_wait_for("bob", "y applies", TT_WAIT_MS));
        tt_key("bob", "y");
        ck_assert(tt_wait_for("bob", "done and verified", TT_WAIT_MS));
        ck_assert(tt_wait_for("bob", "PENDING TOPIC REQUESTS (0)", TT_WAIT_MS));
        tt_key("bob", "q");
        tt_kill_session("bob");

        out = kx_test_sh(&status, "%s request list --all --json --state-dir '%s/klaxon'", kx_test_klaxon(), dir);
        ck_assert_msg(strstr(out, "\"approved\"") && strstr(out, "\"bob\""), "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s snapshot --json -b '%s' 2>/dev/null", kx_test_klaxon(), kx_test_bootstrap());
        ck_assert_msg(strstr(out, topic), "topic %s not created", topic);
        free(out);
        assert_console_sampled_leos();
}
END_TEST

/* The shipped policy with replication rules the 1-broker cluster meets. */
static void setup(void)
{
        int status;

        free(kx_test_sh(&status, "mkdir -p '%s/klaxon' && sed -e 's/replication-factor: 3/replication-factor: 1/' "
                                 "-e 's/min-insync-replicas: 2/min-insync-replicas: 1/' config/policy.yaml "
                                 "> '%s/klaxon/policy.yaml'", dir, dir));
        ck_assert_int_eq(status, 0);
}

int main(void)
{
        Suite *s = suite_create("governance_view");
        TCase *tc = tcase_create("view");
        char cmd[256];
        int rc;

        snprintf(dir, sizeof(dir), "/tmp/klaxon-govview-XXXXXX");
        if (!mkdtemp(dir)) {
                perror("mkdtemp");
                return EXIT_FAILURE;
        }
        tt_init();
        tcase_set_timeout(tc, 180);
        tcase_add_unchecked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_view_shows_and_approves_requests);
        suite_add_tcase(s, tc);
        rc = kx_test_run(s);
        tt_cleanup();
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
                fprintf(stderr, "could not remove %s\n", dir);
        return rc;
}
