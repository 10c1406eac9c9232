/* tmuxtest.c - drive the real console in a private tmux server. */
#include "tmuxtest.h"
#include "testlib.h"

#include <check.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char sock[64];

void tt_init(void)
{
        if (!sock[0])
                snprintf(sock, sizeof(sock), "klaxon-test-%d", (int)getpid());
}

const char *tt_socket(void)
{
        tt_init();
        return sock;
}

/* s in single quotes for sh; new heap string. */
static char *sq(const char *s)
{
        char *out = malloc(strlen(s) * 4 + 3), *o = out;

        *o++ = '\'';
        for (; *s; s++) {
                if (*s == '\'') {
                        memcpy(o, "'\\''", 4);
                        o += 4;
                } else {
                        *o++ = *s;
                }
        }
        *o++ = '\'';
        *o = '\0';
        return out;
}

/* Run `tmux ARGS` on the private server; fails the test unless it exits 0.
 * Returns its stdout and stderr (new heap string). The client runs in a
 * UTF-8 locale so captures keep UTF-8, and outside any enclosing tmux. */
static char *tmux(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *tmux(const char *fmt, ...)
{
        char args[4096];
        va_list ap;
        int status;
        char *out;

        va_start(ap, fmt);
        vsnprintf(args, sizeof(args), fmt, ap);
        va_end(ap);
        out = kx_test_sh(&status, "env -u TMUX LC_ALL=C.UTF-8 tmux -u -f /dev/null -L %s %s 2>&1",
                         tt_socket(), args);
        ck_assert_msg(status == 0, "tmux %s: exit %d: %s", args, status, out);
        return out;
}

void tt_start(const char *session, int w, int h, const char *cmd)
{
        char *line, *qline, *qs = sq(session);
        size_t n = strlen(cmd) + 128;

        line = malloc(n);
        snprintf(line, n, "export TERM=tmux-256color LANG=C.UTF-8; unset LC_ALL; exec %s", cmd);
        qline = sq(line);
        free(tmux("new-session -d -s %s -x %d -y %d %s \\; set-option -w -t %s remain-on-exit on",
                  qs, w, h, qline, qs));
        free(qline);
        free(line);
        free(qs);
}

void tt_key(const char *session, const char *key)
{
        char *qs = sq(session), *qk = sq(key);

        free(tmux("send-keys -t %s %s", qs, qk));
        free(qk);
        free(qs);
}

void tt_type(const char *session, const char *text)
{
        char *qs = sq(session), *qt = sq(text);

        free(tmux("send-keys -t %s -l %s", qs, qt));
        free(qt);
        free(qs);
}

char *tt_capture(const char *session)
{
        char *qs = sq(session), *out = tmux("capture-pane -p -t %s", qs);

        free(qs);
        return out;
}

/* The screen, and whether the pane's command has exited, in one call. */
static char *capture_alive(const char *session, bool *alive)
{
        char *qs = sq(session);
        char *out = tmux("capture-pane -p -t %s \\; display -p -t %s '#{pane_dead}'", qs, qs);
        size_t len = strlen(out);

        free(qs);
        /* The last line is pane_dead: "0" or "1". */
        while (len && out[len - 1] == '\n')
                out[--len] = '\0';
        *alive = !(len && out[len - 1] == '1');
        if (len)
                out[len - 1] = '\0';
        return out;
}

bool tt_wait_until(const char *session, bool (*pred)(const char *screen, void *arg), void *arg,
                   int timeout_ms)
{
        char *screen = NULL;
        bool ok = false, alive = true;

        for (int waited = 0;; waited += 200) {
                free(screen);
                screen = capture_alive(session, &alive);
                if ((ok = pred(screen, arg)) || !alive || waited >= timeout_ms)
                        break;
                usleep(200 * 1000);
        }
        if (!ok)
                fprintf(stderr, "tmuxtest: gave up on %s after %d ms%s; last screen:\n%s\n",
                        session, timeout_ms, alive ? "" : " (its command exited)", screen);
        free(screen);
        return ok;
}

static bool contains(const char *screen, void *text)
{
        return strstr(screen, text) != NULL;
}

static bool lacks(const char *screen, void *text)
{
        return strstr(screen, text) == NULL;
}

bool tt_wait_for(const char *session, const char *text, int timeout_ms)
{
        return tt_wait_until(session, contains, (void *)text, timeout_ms);
}

bool tt_wait_gone(const char *session, const char *text, int timeout_ms)
{
        return tt_wait_until(session, lacks, (void *)text, timeout_ms);
}

bool tt_wait_exit(const char *session, int timeout_ms, int *status)
{
        char *qs = sq(session), *out = NULL;
        int dead = 0, st = -1;

        for (int waited = 0;; waited += 200) {
                char status_text[16] = "", signal_text[16] = "";

                free(out);
                /* The pane is marked dead a moment before tmux records how
                 * the process ended: wait for the status or the signal. */
                out = tmux("display -p -t %s '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:'", qs);
                st = -1;
                dead = atoi(out);
                if (sscanf(out, "%*d:%15[0-9]:", status_text) == 1)
                        st = atoi(status_text);
                else if (sscanf(out, "%*d::%15[0-9]:", signal_text) == 1)
                        st = 128 + atoi(signal_text);
                /* tmux 3.3a now and then marks a pane dead and never records
                 * the status: give it 3 s, then report -1 ("unknown"). */
                if (dead && (status_text[0] || signal_text[0] || waited >= 3000))
                        break;
                if (waited >= timeout_ms)
                        break;
                usleep(200 * 1000);
        }
        if (status)
                *status = st;
        free(out);
        free(qs);
        return dead;
}

/* The first "N. " in row (a runbook step number), or 0. */
static int step_number(const char *row)
{
        for (const char *p = row; *p; p++) {
                char *end;
                long n;

                if (!isdigit((unsigned char)*p) || (p > row && isdigit((unsigned char)p[-1])))
                        continue;
                n = strtol(p, &end, 10);
                if (end[0] == '.' && end[1] == ' ' && n > 0 && n < 100)
                        return (int)n;
        }
        return 0;
}

bool tt_runbook_select_action(const char *session, const char *action, int timeout_ms)
{
        char cell[160], hint[160], *screen, *row;
        int step;

        snprintf(cell, sizeof(cell), "a: %s", action);
        snprintf(hint, sizeof(hint), "a: run %s", action);
        if (!tt_wait_for(session, cell, timeout_ms))
                return false;
        screen = tt_capture(session);
        row = tt_line_with(screen, cell);
        step = row ? step_number(row) : 0;
        ck_assert_msg(step > 0, "no runbook step offers \"%s\" on:\n%s", action, screen);
        free(row);
        free(screen);
        tt_key(session, "Home");
        for (int i = 1; i < step; i++)
                tt_key(session, "j");
        return tt_wait_for(session, hint, timeout_ms);
}

void tt_resize(const char *session, int w, int h)
{
        char *qs = sq(session);

        free(tmux("resize-window -t %s -x %d -y %d", qs, w, h));
        free(qs);
}

static char *display(const char *session, const char *format)
{
        char *qs = sq(session), *qf = sq(format), *out = tmux("display -p -t %s %s", qs, qf);
        size_t len = strlen(out);

        while (len && out[len - 1] == '\n')
                out[--len] = '\0';
        free(qf);
        free(qs);
        return out;
}

char *tt_pane_title(const char *session)
{
        return display(session, "#{pane_title}");
}

void tt_set_pane_title(const char *session, const char *title)
{
        char *qs = sq(session), *qt = sq(title);

        free(tmux("select-pane -t %s -T %s", qs, qt));
        free(qt);
        free(qs);
}

int tt_pane_pid(const char *session)
{
        char *out = display(session, "#{pane_pid}");
        int pid = atoi(out);

        ck_assert_msg(pid > 1, "pane pid of %s: \"%s\"", session, out);
        free(out);
        return pid;
}

void tt_kill_session(const char *session)
{
        char *qs = sq(session);

        free(tmux("kill-session -t %s", qs));
        free(qs);
}

void tt_kill_server(void)
{
        free(tmux("kill-server"));
}

void tt_cleanup(void)
{
        const char *dir = getenv("TMUX_TMPDIR");
        char cmd[256], path[512];

        /* system(), not kx_test_sh: Check calls outside a test complain. */
        snprintf(cmd, sizeof(cmd), "env -u TMUX tmux -f /dev/null -L %s kill-server >/dev/null 2>&1",
                 tt_socket());
        if (system(cmd) != 0) {
                /* No server was running: nothing to kill. */
        }
        /* tmux leaves its socket file behind. */
        snprintf(path, sizeof(path), "%s/tmux-%u/%s", dir && *dir ? dir : "/tmp", (unsigned)getuid(),
                 tt_socket());
        unlink(path);
}

char *tt_row(const char *screen, int y)
{
        const char *p = screen, *end;

        for (int i = 0; i < y && p; i++)
                if ((p = strchr(p, '\n')))
                        p++;
        if (!p)
                return strdup("");
        end = strchr(p, '\n');
        return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

char *tt_line_with(const char *screen, const char *needle)
{
        const char *hit = strstr(screen, needle), *start, *end;

        if (!hit)
                return NULL;
        for (start = hit; start > screen && start[-1] != '\n'; start--)
                ;
        end = strchr(hit, '\n');
        return strndup(start, end ? (size_t)(end - start) : strlen(start));
}

int tt_words(char *line, char **words, int max)
{
        int n = 0;
        char *save = NULL;

        for (char *w = strtok_r(line, " \t", &save); w && n < max; w = strtok_r(NULL, " \t", &save))
                words[n++] = w;
        return n;
}
