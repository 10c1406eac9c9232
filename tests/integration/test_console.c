/* test_console.c - the console in a real terminal (tmux) on real clusters:
 * what it shows matches `klaxon snapshot --json`, every view key reaches its
 * view, the layout follows resizes, a stopped broker raises the banner and
 * clears it, hostile group ids cannot reach the terminal, read-only refuses
 * mutations, a dropped terminal ends the process, and kiosk mode rotates. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define W 120
#define H 40

/* Set in main, before the forks. */
static char state_dir[64];     /* XDG_CONFIG_HOME/XDG_STATE_HOME for every console */
static char restart_file[96];  /* broker id stopped by the broker test, if any */
static char self_exe[4096];    /* this binary, which can exec with SIGHUP blocked */

/* Made by the unchecked fixture (in the parent). Lag is fixed: no producer
 * or member runs after set-up. */
static char t_two[128], t_big[128], topic_prefix[64], group_prefix[64];
static char g_hundred[128], g_big[128], g_twelve[128];

static void views_setup(void)
{
        const char *b = kx_test_bootstrap();

        snprintf(t_two, sizeof(t_two), "%s", kx_test_unique("kct"));
        snprintf(t_big, sizeof(t_big), "%s", kx_test_unique("kct"));
        snprintf(g_hundred, sizeof(g_hundred), "%s", kx_test_unique("kcg"));
        snprintf(g_big, sizeof(g_big), "%s", kx_test_unique("kcg"));
        snprintf(g_twelve, sizeof(g_twelve), "%s", kx_test_unique("kcg"));
        snprintf(topic_prefix, sizeof(topic_prefix), "kct-%d-", (int)getpid());
        snprintf(group_prefix, sizeof(group_prefix), "kcg-%d-", (int)getpid());
        kt_create_topic(b, t_two, 2, 1);
        kt_create_topic(b, t_big, 1, 1);
        kt_produce(b, t_two, 0, 120);
        kt_produce(b, t_two, 1, 80);
        kt_produce(b, t_big, 0, 12345);
        kt_commit(b, g_hundred, t_two, 0, 20);       /* lag 100 */
        kt_commit(b, g_hundred, t_two, 1, 80);       /* lag 0 */
        kt_commit(b, g_big, t_big, 0, 345);          /* lag 12000: "12.0k" */
        kt_commit(b, g_twelve, t_two, 0, 113);       /* lag 7 */
        kt_commit(b, g_twelve, t_big, 0, 12340);     /* lag 5 */
}

/* The console's command line: klaxon on bootstrap with extra options, with a
 * private config and state directory so no user keymap applies. */
static void console_cmd(char *buf, size_t size, const char *bootstrap, const char *extra)
{
        snprintf(buf, size, "env XDG_CONFIG_HOME=%s XDG_STATE_HOME=%s %s -b %s --refresh 1 %s",
                 state_dir, state_dir, kx_test_klaxon(), bootstrap, extra);
}

static void start_console(const char *session, int w, int h, const char *bootstrap,
                          const char *extra)
{
        char cmd[1024];

        console_cmd(cmd, sizeof(cmd), bootstrap, extra);
        tt_start(session, w, h, cmd);
        ck_assert_msg(tt_wait_for(session, "klaxon ", TT_WAIT_MS), "no title row");
}

/* tui_human_count's rule: plain below 10000, then k/M/G with one decimal. */
static void human(long long v, char *buf, size_t size)
{
        if (v < 10000)
                snprintf(buf, size, "%lld", v);
        else if (v < 1000000)
                snprintf(buf, size, "%.1fk", (double)v / 1e3);
        else
                snprintf(buf, size, "%.1fM", (double)v / 1e6);
}

/* The screen's row whose first word is name: its words, split in line.
 * Returns the word count, 0 if no row starts with name. */
static int row_words(const char *screen, const char *name, char *line, size_t size, char **words,
                     int max)
{
        for (const char *p = screen; *p;) {
                const char *end = strchr(p, '\n');
                size_t len = end ? (size_t)(end - p) : strlen(p);
                int n;

                snprintf(line, size, "%.*s", (int)len, p);
                n = tt_words(line, words, max);
                if (n && !strcmp(words[0], name))
                        return n;
                p += len + (end ? 1 : 0);
        }
        return 0;
}

/* ---- waiting for a view ---- */

struct view_want {
        const char *bracket;  /* "[4 Groups]" on row 0 */
        const char *header;   /* text only that view shows */
};

static bool view_shown(const char *screen, void *arg)
{
        struct view_want *v = arg;
        char *title = tt_row(screen, 0);
        bool ok = strstr(title, v->bracket) && strstr(screen, v->header);

        free(title);
        return ok;
}

static void go_view(const char *session, const char *key, const char *bracket, const char *header)
{
        struct view_want want = {bracket, header};

        tt_key(session, key);
        ck_assert_msg(tt_wait_until(session, view_shown, &want, TT_WAIT_MS),
                      "key %s did not reach %s (header %s)", key, bracket, header);
}

static void filter(const char *session, const char *text)
{
        tt_key(session, "/");
        /* capture-pane trims trailing blanks: the empty prompt is "filter:". */
        ck_assert(tt_wait_for(session, "filter:", TT_WAIT_MS));
        tt_type(session, text);
        tt_key(session, "Enter");
        ck_assert(tt_wait_gone(session, "filter:", TT_WAIT_MS));
}

/* ---- a: what the console shows is what the snapshot says ---- */

struct lag_want {
        const char *group;
        const char *lag;  /* humanised */
};

static bool group_lag_shown(const char *screen, void *arg)
{
        struct lag_want *want = arg;
        char line[512], *w[16];
        int n;

        for (; want->group; want++) {
                n = row_words(screen, want->group, line, sizeof(line), w, 16);
                if (n < 4 || strcmp(w[3], want->lag))
                        return false;
        }
        return true;
}

static long long snapshot_group_lag(json_t *snap, const char *group)
{
        json_t *g = kx_test_find(snap, "groups", "group", group);

        ck_assert_msg(g != NULL, "group %s not in snapshot", group);
        return (long long)json_integer_value(json_object_get(g, "lag"));
}

START_TEST(test_views_match_snapshot)
{
        const char *s = "views", *groups[] = {g_hundred, g_big, g_twelve};
        const long long expect[] = {100, 12000, 12};
        const char *topics[] = {t_two, t_big};
        char lags[3][32], line[512], *w[16], *screen;
        struct lag_want want[4];
        int status, n;
        json_t *snap = kx_test_snapshot(kx_test_bootstrap(), &status, NULL);

        ck_assert_ptr_nonnull(snap);
        ck_assert_int_eq(status, 0);
        for (int i = 0; i < 3; i++) {
                long long lag = snapshot_group_lag(snap, groups[i]);

                ck_assert_int_eq(lag, expect[i]);
                human(lag, lags[i], sizeof(lags[i]));
                want[i] = (struct lag_want){groups[i], lags[i]};
        }
        want[3] = (struct lag_want){NULL, NULL};

        start_console(s, W, H, kx_test_bootstrap(), "");
        go_view(s, "1", "[1 Overview]", "TOP LAGGING GROUPS");
        go_view(s, "2", "[2 Brokers]", "HOST:PORT");
        go_view(s, "3", "[3 Topics]", "SIZE");
        go_view(s, "5", "[5 Log]", "LVL");
        go_view(s, "4", "[4 Groups]", "TIME-LAG");

        /* Groups: filtered to ours; the LAG column is the snapshot's lag. */
        filter(s, group_prefix);
        ck_assert_msg(tt_wait_until(s, group_lag_shown, want, TT_WAIT_MS),
                      "groups view lag differs from snapshot (%s %s %s)", lags[0], lags[1], lags[2]);
        screen = tt_capture(s);
        for (int i = 0; i < 3; i++) {
                n = row_words(screen, groups[i], line, sizeof(line), w, 16);
                ck_assert_int_ge(n, 4);
                ck_assert_str_eq(w[1], "Empty");
                ck_assert_str_eq(w[2], "0");
        }
        free(screen);

        /* Topics: every one of ours, with its partition and message counts. */
        go_view(s, "3", "[3 Topics]", "SIZE");
        filter(s, topic_prefix);
        ck_assert(tt_wait_for(s, t_big, TT_WAIT_MS));
        screen = tt_capture(s);
        for (int i = 0; i < 2; i++) {
                json_t *t = kx_test_find(snap, "topics", "name", topics[i]), *p;
                long long messages = 0;
                char parts[16], msgs[32];
                size_t k;

                ck_assert_msg(t != NULL, "topic %s not in snapshot", topics[i]);
                json_array_foreach(json_object_get(t, "partitions"), k, p)
                        messages += json_integer_value(json_object_get(p, "high_watermark")) -
                                    json_integer_value(json_object_get(p, "log_start_offset"));
                snprintf(parts, sizeof(parts), "%zu", json_array_size(json_object_get(t, "partitions")));
                human(messages, msgs, sizeof(msgs));
                n = row_words(screen, topics[i], line, sizeof(line), w, 16);
                ck_assert_msg(n >= 3, "topic %s not on screen:\n%s", topics[i], screen);
                ck_assert_str_eq(w[1], parts);
                ck_assert_str_eq(w[n - 1], msgs);
        }
        free(screen);
        json_decref(snap);
        tt_key(s, "q");
        ck_assert_msg(tt_wait_exit(s, TT_WAIT_MS, &status), "q did not quit");
        /* -1: tmux lost the status (see tt_wait_exit); anything else is real. */
        ck_assert_msg(status == 0 || status == -1, "q exited with status %d", status);
        tt_kill_session(s);
}
END_TEST

/* ---- b: resizing ---- */

struct rows_want {
        int cols;
        const char *const *names;
        int n;
};

static bool layout_ok(const char *screen, void *arg)
{
        struct rows_want *want = arg;
        char line[512], *w[16], *title = tt_row(screen, 0);
        bool ok = !strncmp(title, "klaxon", 6) && !strstr(screen, "terminal too small");

        free(title);
        for (int i = 0; ok && i < want->n; i++)
                ok = row_words(screen, want->names[i], line, sizeof(line), w, 16) > 0;
        return ok;
}

START_TEST(test_resize_adapts)
{
        const char *s = "resize", *names[] = {g_hundred, g_big, g_twelve};
        struct rows_want want = {W, names, 3};
        char *screen, *title;

        start_console(s, W, H, kx_test_bootstrap(), "");
        go_view(s, "4", "[4 Groups]", "TIME-LAG");
        filter(s, group_prefix);
        ck_assert(tt_wait_until(s, layout_ok, &want, TT_WAIT_MS));

        tt_resize(s, 60, 15);
        want.cols = 60;
        ck_assert_msg(tt_wait_until(s, layout_ok, &want, TT_WAIT_MS), "60x15: title or rows lost");
        screen = tt_capture(s);
        title = tt_row(screen, 0);
        /* Which view is current must stay visible on a narrow title. */
        ck_assert_msg(strstr(title, "4 Groups]") || strstr(title, "[4"),
                      "60x15: current view not marked on the title: \"%s\"", title);
        free(title);
        free(screen);

        tt_resize(s, 20, 6);
        ck_assert_msg(tt_wait_for(s, "terminal too small", TT_WAIT_MS), "20x6: no too-small screen");

        tt_resize(s, W, H);
        want.cols = W;
        ck_assert_msg(tt_wait_until(s, layout_ok, &want, TT_WAIT_MS), "back at 120x40: not normal");
        ck_assert(tt_wait_for(s, "[4 Groups]", TT_WAIT_MS));
        tt_kill_session(s);
}
END_TEST

/* ---- d: hostile group ids never reach the terminal ---- */

START_TEST(test_escape_in_group_id_is_shown_escaped)
{
        const char *s = "escape";
        char group[256], prefix[128], *title;

        snprintf(prefix, sizeof(prefix), "%s", kx_test_unique("kce"));
        snprintf(group, sizeof(group), "%s\x1b]0;pwned\x07\x1b[31mRED\x1b[0m", prefix);
        kt_commit(kx_test_bootstrap(), group, t_two, 0, 1);

        start_console(s, W, H, kx_test_bootstrap(), "");
        tt_set_pane_title(s, "before");
        title = tt_pane_title(s);
        ck_assert_str_eq(title, "before");
        free(title);
        go_view(s, "4", "[4 Groups]", "TIME-LAG");
        filter(s, prefix);
        ck_assert_msg(tt_wait_for(s, "\\e]0;pwned\\x07\\e[31mRED\\e[0m", TT_WAIT_MS),
                      "group id not shown escaped");
        /* Two more refreshes: the raw bytes would have been written by now. */
        sleep(2);
        title = tt_pane_title(s);
        ck_assert_msg(!strcmp(title, "before"), "pane title changed to \"%s\"", title);
        free(title);
        tt_kill_session(s);
}
END_TEST

/* ---- e: read-only refuses mutations ---- */

START_TEST(test_read_only_refuses_group_reset)
{
        const char *s = "readonly";
        char *screen, *last;

        start_console(s, W, H, kx_test_bootstrap(), "--read-only");
        go_view(s, "4", "[4 Groups]", "TIME-LAG");
        filter(s, group_prefix);
        ck_assert(tt_wait_for(s, g_hundred, TT_WAIT_MS));
        tt_key(s, "R");
        ck_assert_msg(tt_wait_for(s, "read-only mode: \"group-reset\" refused", TT_WAIT_MS),
                      "no refusal on the status line");
        screen = tt_capture(s);
        last = tt_row(screen, H - 1);
        ck_assert_msg(strstr(last, "refused"), "refusal not on the last row: \"%s\"", last);
        free(last);
        free(screen);
        tt_kill_session(s);
}
END_TEST

/* ---- f: the terminal goes away ---- */

static bool proc_alive(int pid, long long *cpu_ticks)
{
        char path[64], buf[1024], *p;
        FILE *f;
        size_t n;

        if (kill(pid, 0) != 0 && errno == ESRCH)
                return false;
        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        if (!(f = fopen(path, "r")))
                return false;
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        /* Fields after "(comm) ": state is 3rd, utime 14th, stime 15th. */
        if (!(p = strrchr(buf, ')')) || p[2] == 'Z' || p[2] == 'X')
                return false;
        if (cpu_ticks) {
                long long ut = 0, st = 0;

                if (sscanf(p + 2, "%*c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %lld %lld", &ut, &st) == 2)
                        *cpu_ticks = ut + st;
        }
        return true;
}

static double now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_terminal_gone_ends_console)
{
        const char *s = "hangup";
        char inner[1024], cmd[8192], comm[64] = "", path[64];
        long long cpu0 = 0, cpu = 0, hz = sysconf(_SC_CLK_TCK);
        double t0, gone_after = -1;
        int pid;
        FILE *f;

        /* SIGHUP is ignored (as asked of the shell) and also blocked by this
         * binary's exec helper, so klaxon's own handler cannot see it either:
         * only POLLHUP/EIO on stdin can end it. */
        console_cmd(inner, sizeof(inner), kx_test_bootstrap(), "");
        snprintf(cmd, sizeof(cmd), "sh -c \"trap '' HUP; exec %s --exec-hup-blocked %s\"", self_exe,
                 inner);
        tt_start(s, W, H, cmd);
        ck_assert(tt_wait_for(s, "[1 Overview]", TT_WAIT_MS));
        ck_assert(tt_wait_for(s, "TOP LAGGING GROUPS", TT_WAIT_MS));
        pid = tt_pane_pid(s);
        snprintf(path, sizeof(path), "/proc/%d/comm", pid);
        if ((f = fopen(path, "r"))) {
                if (!fgets(comm, sizeof(comm), f))
                        comm[0] = '\0';
                fclose(f);
        }
        ck_assert_msg(!strncmp(comm, "klaxon", 6), "pane pid %d is \"%s\", not klaxon", pid, comm);
        ck_assert(proc_alive(pid, &cpu0));

        tt_kill_session(s);
        t0 = now_s();
        cpu = cpu0;
        while (now_s() - t0 < 20) {
                if (!proc_alive(pid, &cpu)) {
                        gone_after = now_s() - t0;
                        break;
                }
                usleep(50 * 1000);
        }
        if (gone_after < 0) {
                kill(pid, SIGKILL);
                ck_abort_msg("klaxon %d still running 20 s after its terminal closed "
                             "(%.2f s CPU meanwhile)", pid, (double)(cpu - cpu0) / (double)hz);
        }
        fprintf(stderr, "test_console: klaxon exited %.2f s after its terminal closed, "
                "%.2f s CPU meanwhile\n", gone_after, (double)(cpu - cpu0) / (double)hz);
        /* Not spinning while it wound down: at most half a core plus a tick. */
        ck_assert_msg((double)(cpu - cpu0) / (double)hz <= gone_after / 2 + 0.05,
                      "klaxon used %.2f s CPU in %.2f s after hang-up",
                      (double)(cpu - cpu0) / (double)hz, gone_after);
}
END_TEST

/* ---- g: kiosk rotation ---- */

START_TEST(test_kiosk_rotates_views)
{
        const char *s = "kiosk";

        start_console(s, W, H, kx_test_bootstrap(), "--kiosk --rotate 2");
        ck_assert(tt_wait_for(s, "[1 Overview]", TT_WAIT_MS));
        ck_assert_msg(tt_wait_for(s, "[4 Groups]", TT_WAIT_MS), "kiosk never rotated to Groups");
        ck_assert_msg(tt_wait_for(s, "[2 Brokers]", TT_WAIT_MS), "kiosk never rotated to Brokers");
        ck_assert_msg(tt_wait_for(s, "[1 Overview]", TT_WAIT_MS), "kiosk never came back to Overview");
        tt_kill_session(s);
}
END_TEST

/* ---- c: a broker stops and comes back (3 brokers) ---- */

static const char *cluster3(void)
{
        const char *c = getenv("KLAXON_CLUSTER3");

        ck_assert_msg(c && *c && getenv("KLAXON_BOOTSTRAP3"), "KLAXON_BOOTSTRAP3/KLAXON_CLUSTER3 not set");
        return c;
}

static int env_kafka(const char *verb, int id, const char *cluster)
{
        int status;

        free(kx_test_sh(&status, "tests/env/kafka %s %d --name '%s' >&2", verb, id, cluster));
        return status;
}

/* Unchecked teardown (runs in the parent, even after a failed or timed-out
 * test): start the broker the test stopped, if it did not. */
static void restart_stopped_broker(void)
{
        FILE *f = fopen(restart_file, "r");
        int id;

        if (!f)
                return;
        if (fscanf(f, "%d", &id) == 1 && getenv("KLAXON_CLUSTER3")) {
                fprintf(stderr, "test_console: restarting broker %d after the test\n", id);
                env_kafka("start-broker", id, getenv("KLAXON_CLUSTER3"));
        }
        fclose(f);
        unlink(restart_file);
}

struct broker_want {
        int id;
        const char *status;  /* "DOWN" or "up" */
};

static bool broker_status_shown(const char *screen, void *arg)
{
        struct broker_want *want = arg;
        char id[16], line[512], *w[16];
        int n;

        snprintf(id, sizeof(id), "%d", want->id);
        n = row_words(screen, id, line, sizeof(line), w, 16);
        return n >= 3 && !strcmp(w[2], want->status);
}

START_TEST(test_broker_down_banner)
{
        const char *s = "broker", *cluster = cluster3(), *boot3 = getenv("KLAXON_BOOTSTRAP3");
        char topic[128], banner[64];
        struct broker_want want;
        int status, leader;
        json_t *snap, *t;
        double t0;
        FILE *f;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("kcb"));
        kt_create_topic(boot3, topic, 3, 1);
        kt_produce(boot3, topic, 0, 10);
        snap = kx_test_snapshot(boot3, &status, NULL);
        ck_assert_ptr_nonnull(snap);
        ck_assert_int_eq(status, 0);
        t = kx_test_find(snap, "topics", "name", topic);
        ck_assert_ptr_nonnull(t);
        leader = (int)json_integer_value(
                json_object_get(json_array_get(json_object_get(t, "partitions"), 0), "leader"));
        json_decref(snap);
        ck_assert_int_ge(leader, 1);
        snprintf(banner, sizeof(banner), "BROKER %d DOWN", leader);

        start_console(s, W, H, boot3, "");
        go_view(s, "2", "[2 Brokers]", "HOST:PORT");
        want = (struct broker_want){leader, "up"};
        ck_assert(tt_wait_until(s, broker_status_shown, &want, TT_WAIT_MS));

        /* Record the stop first: the teardown restarts it whatever happens. */
        f = fopen(restart_file, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "%d\n", leader);
        fclose(f);
        ck_assert_int_eq(env_kafka("stop-broker", leader, cluster), 0);
        t0 = now_s();
        ck_assert_msg(tt_wait_for(s, banner, TT_WAIT_MS), "no \"%s\" banner", banner);
        fprintf(stderr, "test_console: banner \"%s\" %.1f s after stop-broker returned\n", banner,
                now_s() - t0);
        want.status = "DOWN";
        ck_assert_msg(tt_wait_until(s, broker_status_shown, &want, TT_WAIT_MS),
                      "brokers view does not show %d DOWN", leader);

        ck_assert_int_eq(env_kafka("start-broker", leader, cluster), 0);
        unlink(restart_file);
        t0 = now_s();
        ck_assert_msg(tt_wait_gone(s, banner, TT_WAIT_MS), "\"%s\" stays after start-broker", banner);
        fprintf(stderr, "test_console: banner cleared %.1f s after start-broker returned\n",
                now_s() - t0);
        want.status = "up";
        ck_assert_msg(tt_wait_until(s, broker_status_shown, &want, TT_WAIT_MS),
                      "brokers view does not show %d up again", leader);
        tt_kill_session(s);
}
END_TEST

/* `test_console --exec-hup-blocked CMD...`: exec CMD with SIGHUP blocked. */
static int exec_hup_blocked(char **argv)
{
        sigset_t set;

        sigemptyset(&set);
        sigaddset(&set, SIGHUP);
        sigprocmask(SIG_BLOCK, &set, NULL);
        execvp(argv[0], argv);
        perror(argv[0]);
        return 127;
}

/* After the run: no Check calls (they would report outside a test). */
static void remove_state_dir(void)
{
        char cmd[128];

        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", state_dir);
        if (system(cmd) != 0)
                fprintf(stderr, "test_console: could not remove %s\n", state_dir);
}

int main(int argc, char **argv)
{
        Suite *s = suite_create("console");
        TCase *views = tcase_create("one-broker"), *brokers = tcase_create("three-brokers");
        ssize_t n;
        int rc;

        if (argc > 2 && !strcmp(argv[1], "--exec-hup-blocked"))
                return exec_hup_blocked(argv + 2);
        n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
        self_exe[n > 0 ? n : 0] = '\0';
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-console-XXXXXX");
        if (!mkdtemp(state_dir)) {
                perror("mkdtemp");
                return EXIT_FAILURE;
        }
        snprintf(restart_file, sizeof(restart_file), "%s/stopped-broker", state_dir);
        tt_init();

        tcase_set_timeout(views, 240);
        tcase_add_unchecked_fixture(views, views_setup, NULL);
        tcase_add_test(views, test_views_match_snapshot);
        tcase_add_test(views, test_resize_adapts);
        tcase_add_test(views, test_escape_in_group_id_is_shown_escaped);
        tcase_add_test(views, test_read_only_refuses_group_reset);
        tcase_add_test(views, test_terminal_gone_ends_console);
        tcase_add_test(views, test_kiosk_rotates_views);
        suite_add_tcase(s, views);

        tcase_set_timeout(brokers, 240);
        tcase_add_unchecked_fixture(brokers, NULL, restart_stopped_broker);
        tcase_add_test(brokers, test_broker_down_banner);
        suite_add_tcase(s, brokers);

        rc = kx_test_run(s);
        tt_cleanup();
        remove_state_dir();
        return rc;
}
