/* test_guardian_pause.c - the consumer guardian against a real stalled
 * group: on the SASL cluster with the StandardAuthorizer, a group that
 * consumed a few of 20 messages and stopped is over the (scaled-down) lag
 * threshold; with the clock moved 2 hours on (KLAXON_NOW) the guardian's
 * dry run only reports it, then --execute pauses it with a DENY READ ACL
 * (the group's consumer is refused), and a local HTTP listener receives
 * the JSON webhook each time. A group still committed on a topic idle for
 * 31 days is flagged "consuming from dead topic"; the listener refuses the
 * first POST and the webhook is retried; an unreachable webhook with
 * secrets in its URL fails after 3 attempts without printing them. */
#include "../lib/testlib.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HOUR_MS (3600000LL)

static const char *boot, *dir;
static char topic[128], group[128], admin_x[512], state_dir[128], policy[128], hook_out[128], hook_port[128],
        hook_py[128];
static int listener_pid;

static const char listener[] =
        "import http.server, os, sys\n"
        "out, port_file = sys.argv[1], sys.argv[2]\n"
        "class Hook(http.server.BaseHTTPRequestHandler):\n"
        "    def do_POST(self):\n"
        "        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))\n"
        "        if os.path.exists(out + '.fail'):\n"
        "            os.remove(out + '.fail')\n"
        "            self.send_response(503)\n"
        "            self.end_headers()\n"
        "            return\n"
        "        with open(out, 'ab') as f:\n"
        "            f.write(self.path.encode() + b' ' + body + b'\\n')\n"
        "        self.send_response(204)\n"
        "        self.end_headers()\n"
        "    def log_message(self, *args):\n"
        "        pass\n"
        "server = http.server.HTTPServer(('127.0.0.1', 0), Hook)\n"
        "with open(port_file + '.tmp', 'w') as f:\n"
        "    f.write(str(server.server_port))\n"
        "os.rename(port_file + '.tmp', port_file)\n"
        "server.serve_forever()\n";

static void start_listener(void)
{
        struct kx_test_wait w;
        FILE *fp = fopen(hook_py, "w");
        char *out;
        int status;

        ck_assert_ptr_nonnull(fp);
        fputs(listener, fp);
        fclose(fp);
        out = kx_test_sh(&status, "python3 '%s' '%s' '%s' >/dev/null 2>&1 & echo $!", hook_py, hook_out, hook_port);
        listener_pid = atoi(out);
        free(out);
        ck_assert_int_gt(listener_pid, 0);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        while (access(hook_port, F_OK) != 0 && kx_test_wait_more(&w, 50))
                ;
        ck_assert_msg(access(hook_port, F_OK) == 0, "the webhook listener did not start");
}

static void setup(void)
{
        int status;
        char *out;

        boot = getenv("KLAXON_BOOTSTRAP_SECURE");
        dir = getenv("KLAXON_SECURE_DIR");
        ck_assert_msg(boot && dir, "KLAXON_BOOTSTRAP_SECURE/KLAXON_SECURE_DIR not set");
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("payments.events.guarded"));
        snprintf(group, sizeof(group), "%s", kx_test_unique("it-guarded"));
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-guardian-%d", (int)getpid());
        snprintf(policy, sizeof(policy), "/tmp/klaxon-it-guardian-%d.yaml", (int)getpid());
        snprintf(hook_out, sizeof(hook_out), "/tmp/klaxon-it-hook-%d.out", (int)getpid());
        snprintf(hook_port, sizeof(hook_port), "/tmp/klaxon-it-hook-%d.port", (int)getpid());
        snprintf(hook_py, sizeof(hook_py), "/tmp/klaxon-it-hook-%d.py", (int)getpid());
        snprintf(admin_x, sizeof(admin_x),
                 "-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN "
                 "-X sasl.username=admin -X sasl.password=admin-secret");
        /* The shipped rule, with the lag threshold scaled down from 1M to 5. */
        out = kx_test_sh(&status, "rm -rf '%s' '%s' '%s'; sed -e 's/lag-above: 1000000/lag-above: 5/' "
                                  "config/policy.yaml > '%s'",
                         state_dir, hook_out, hook_port, policy);
        ck_assert_int_eq(status, 0);
        free(out);
        out = kx_test_sh(&status, "seq 1 20 | kcat -F '%s/app.librdkafka' -b '%s' -P -t '%s' 2>&1", dir, boot,
                         topic);
        ck_assert_msg(status == 0, "produce as app: %s", out);
        free(out);
        /* Consume a few and stop (kcat commits 5 or 6): lag > 5, and it never moves again. */
        out = kx_test_sh(&status, "timeout 60 kcat -F '%s/app.librdkafka' -b '%s' -X auto.offset.reset=earliest "
                                  "-G '%s' -c 5 -q -f '%%s\\n' '%s' 2>&1",
                         dir, boot, group, topic);
        free(out);
        start_listener();
}

static void teardown(void)
{
        if (listener_pid > 0)
                kill(listener_pid, SIGTERM);
        unlink(policy);
        unlink(hook_py);
        unlink(hook_port);
        unlink(hook_out);
        {
                char fail[160];

                snprintf(fail, sizeof(fail), "%s.fail", hook_out);
                unlink(fail);
        }
}

/* One guardian pass at now posting to url (NULL: the test's listener). */
static char *guardian_to(int *status, long long now, const char *extra, const char *url)
{
        FILE *fp = fopen(hook_port, "r");
        char mine[64];
        int port = 0;

        ck_assert_ptr_nonnull(fp);
        ck_assert_int_eq(fscanf(fp, "%d", &port), 1);
        fclose(fp);
        snprintf(mine, sizeof(mine), "http://127.0.0.1:%d/hook", port);
        return kx_test_sh(status, "KLAXON_NOW=%lld %s guardian once %s --webhook '%s' "
                                  "--principal User:app --policy '%s' --state-dir '%s' -b '%s' %s 2>&1",
                          now, kx_test_klaxon(), extra, url ? url : mine, policy, state_dir, boot, admin_x);
}

static char *guardian(int *status, long long now, const char *extra)
{
        return guardian_to(status, now, extra, NULL);
}

static char *hooks(void)
{
        int status;

        return kx_test_sh(&status, "cat '%s' 2>/dev/null", hook_out);
}

START_TEST(test_guardian_pauses_stalled_group_and_notifies)
{
        long long t0 = (long long)time(NULL) * 1000;
        char *out, *got;
        int status;

        /* First look: over the lag, but not for an hour yet. */
        out = guardian(&status, t0, "--execute");
        ck_assert_msg(status == 0 && strstr(out, "0 over the rule"), "%s", out);
        free(out);
        got = hooks();
        ck_assert_str_eq(got, "");
        free(got);

        /* Two hours on, offsets unmoved: the dry run reports and notifies only. */
        out = guardian(&status, t0 + 2 * HOUR_MS, "");
        ck_assert_msg(status == 0 && strstr(out, group) && strstr(out, "lag 1") && strstr(out, "dry run: would pause"),
                      "%s", out);
        free(out);
        got = hooks();
        ck_assert_msg(strstr(got, "/hook {") && strstr(got, "\"source\":\"klaxon-guardian\"") && strstr(got, group) &&
                              strstr(got, "\"dry_run\":true") && strstr(got, "\"lag\":1"), "%s", got);
        free(got);
        /* Planned and audited, never executed (consuming to check would move the offsets). */
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "group-pause") && strstr(out, "planned") && !strstr(out, "executed"), "%s", out);
        free(out);

        /* --execute: paused for real through the fence action, and notified. */
        out = guardian(&status, t0 + 3 * HOUR_MS, "--execute");
        ck_assert_msg(status == 0 && strstr(out, "paused ("), "%s", out);
        free(out);
        got = hooks();
        ck_assert_msg(strstr(got, "\"dry_run\":false") && strstr(got, "\"outcome\":\"paused"), "%s", got);
        free(got);
        out = kx_test_sh(&status, "timeout 30 kcat -F '%s/app.librdkafka' -b '%s' -G '%s' -c 1 -e -q -f '%%s\\n' "
                                  "'%s' 2>&1",
                         dir, boot, group, topic);
        ck_assert_msg(status != 0 && strstr(out, "uthorization"), "a paused group still consumed: %s", out);
        free(out);
        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "group-pause") && strstr(out, "verified") && strstr(out, "consumer guardian"), "%s",
                      out);
        free(out);

        /* Already paused by the guardian: not again. */
        out = guardian(&status, t0 + 4 * HOUR_MS, "--execute");
        ck_assert_msg(status == 0 && strstr(out, "0 over the rule"), "%s", out);
        free(out);

        out = kx_test_sh(&status, "%s group resume '%s' --principal User:app --yes --state-dir '%s' -b '%s' %s 2>&1",
                         kx_test_klaxon(), group, state_dir, boot, admin_x);
        ck_assert_msg(status == 0, "resume: %s", out);
        free(out);
}
END_TEST

/* A group that consumed its whole topic (lag 0, the lag rule never fires)
 * keeps committed offsets on it after producers stop: 31 days later the
 * topic is idle and the guardian flags "consuming from dead topic". The
 * listener refuses the first POST (503): the webhook is retried and
 * delivered. A webhook URL with credentials and a token that cannot be
 * reached fails after 3 attempts without either secret in the output. */
START_TEST(test_guardian_flags_dead_topic_and_retries_webhook)
{
        long long t0 = (long long)time(NULL) * 1000;
        char *out, *got, fail[160], want[300];
        int status;

        out = kx_test_sh(&status, "timeout 60 kcat -F '%s/app.librdkafka' -b '%s' -X auto.offset.reset=earliest "
                                  "-G '%s' -e -q -f '%%s\\n' '%s' 2>&1",
                         dir, boot, group, topic);
        free(out);
        out = guardian(&status, t0, "");
        ck_assert_msg(status == 0 && !strstr(out, group), "%s", out);
        free(out);

        snprintf(fail, sizeof(fail), "%s.fail", hook_out);
        free(kx_test_sh(&status, "touch '%s'", fail));
        out = guardian(&status, t0 + 31 * 24 * HOUR_MS, "");
        snprintf(want, sizeof(want), "%s: consuming from dead topic %s", group, topic);
        ck_assert_msg(status == 0 && strstr(out, want) && strstr(out, "dry run: would pause"), "%s", out);
        ck_assert_msg(strstr(out, "webhook delivered on attempt 2 of 3"), "%s", out);
        free(out);
        ck_assert_msg(access(fail, F_OK) != 0, "the listener never refused a POST");
        got = hooks();
        snprintf(want, sizeof(want), "\"reason\":\"consuming from dead topic %s\"", topic);
        ck_assert_msg(strstr(got, want) && strstr(got, group) && strstr(got, "\"dry_run\":true"), "%s", got);
        free(got);

        /* Unreachable, with secrets in the URL: 3 attempts, secrets never shown. */
        out = guardian_to(&status, t0 + 31 * 24 * HOUR_MS + 600000, "",
                          "http://hookuser:s3cr3t-pw@127.0.0.1:1/hook?token=tok-s3cr3t");
        ck_assert_msg(status == 1 && strstr(out, "after 3 attempts") && strstr(out, "http://***@127.0.0.1:1/hook?***"),
                      "%s", out);
        ck_assert_msg(!strstr(out, "s3cr3t"), "a secret was printed: %s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("guardian_pause");
        TCase *tc = tcase_create("guardian");

        tcase_set_timeout(tc, 240);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_guardian_pauses_stalled_group_and_notifies);
        tcase_add_test(tc, test_guardian_flags_dead_topic_and_retries_webhook);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
