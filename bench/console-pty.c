/* console-pty.c - time the console from the terminal's side, in a pty.
 *
 *   console-pty first COLS ROWS NEEDLE TIMEOUT_MS -- CMD...
 *       Start CMD on a COLSxROWS pty; print the milliseconds from fork to
 *       the first output containing NEEDLE (or "timeout"), then end CMD.
 *
 *   console-pty keys COLS ROWS READY N KEY1 MARK1 KEY2 MARK2 -- CMD...
 *       Start CMD, wait (up to 120 s) for READY in its output, then N times
 *       alternately send KEY1 / KEY2 (one byte each) and time until the
 *       output written after that key contains MARK1 / MARK2. Prints one
 *       line per key: "<first-byte ms> <marker ms>", or "timeout". Pauses
 *       150-400 ms (pseudo-random) between keys so they land at different
 *       points of the refresh cycle.
 *
 * CMD runs with TERM=xterm-256color and LANG=C.UTF-8. Exit status: 0, or
 * 1 if CMD could not be started or READY never came.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUF_MAX (1 << 20)

struct term {
        int fd;
        pid_t pid;
        char *buf;  /* output since the last mark, for needle search */
        size_t len;
};

static double now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Fork cmd on a new pty of cols x rows. */
static int term_start(struct term *t, int cols, int rows, char **cmd)
{
        struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};

        t->buf = malloc(BUF_MAX);
        t->len = 0;
        t->pid = forkpty(&t->fd, NULL, NULL, &ws);
        if (t->pid < 0) {
                perror("forkpty");
                return -1;
        }
        if (t->pid == 0) {
                setenv("TERM", "xterm-256color", 1);
                setenv("LANG", "C.UTF-8", 1);
                unsetenv("LC_ALL");
                execvp(cmd[0], cmd);
                perror(cmd[0]);
                _exit(127);
        }
        return 0;
}

static void term_stop(struct term *t)
{
        char junk[4096];

        kill(t->pid, SIGTERM);
        /* Drain so a console blocked on output can see the signal. */
        for (int i = 0; i < 50 && waitpid(t->pid, NULL, WNOHANG) == 0; i++) {
                struct pollfd p = {.fd = t->fd, .events = POLLIN};

                if (poll(&p, 1, 100) > 0 && read(t->fd, junk, sizeof(junk)) <= 0)
                        break;
        }
        if (waitpid(t->pid, NULL, WNOHANG) == 0) {
                kill(t->pid, SIGKILL);
                waitpid(t->pid, NULL, 0);
        }
        close(t->fd);
        free(t->buf);
}

/* Read what is there within wait_ms; append to the search buffer. Returns
 * bytes read, 0 on timeout, -1 when the pty is gone. */
static ssize_t term_read(struct term *t, int wait_ms)
{
        struct pollfd p = {.fd = t->fd, .events = POLLIN};
        char chunk[65536];
        ssize_t n;

        if (poll(&p, 1, wait_ms) <= 0)
                return 0;
        n = read(t->fd, chunk, sizeof(chunk));
        if (n <= 0)
                return -1;
        if (t->len + (size_t)n > BUF_MAX) {
                /* Keep the tail: needles are short. */
                size_t keep = BUF_MAX / 2;

                memmove(t->buf, t->buf + t->len - keep, keep);
                t->len = keep;
        }
        memcpy(t->buf + t->len, chunk, (size_t)n);
        t->len += (size_t)n;
        return n;
}

/* Wait until needle shows in output since the last reset; returns the time
 * it did, the time of the first byte in *first (if not NULL), or -1. */
static double term_wait(struct term *t, const char *needle, double deadline, double *first)
{
        size_t nl = strlen(needle);

        for (;;) {
                double left = deadline - now_ms();
                ssize_t n;

                if (t->len >= nl && memmem(t->buf, t->len, needle, nl))
                        return now_ms();
                if (left <= 0)
                        return -1;
                n = term_read(t, left > 1000 ? 1000 : (int)left + 1);
                if (n < 0)
                        return -1;
                if (n > 0 && first && *first < 0)
                        *first = now_ms();
        }
}

static int cmd_first(int cols, int rows, const char *needle, int timeout_ms, char **cmd)
{
        struct term t;
        double t0 = now_ms(), at;

        if (term_start(&t, cols, rows, cmd))
                return 1;
        at = term_wait(&t, needle, t0 + timeout_ms, NULL);
        if (at < 0)
                printf("timeout\n");
        else
                printf("%.1f\n", at - t0);
        term_stop(&t);
        return 0;
}

static int cmd_keys(int cols, int rows, const char *ready, int n, char **keys, char **cmd)
{
        struct term t;
        unsigned seed = 12345;

        if (term_start(&t, cols, rows, cmd))
                return 1;
        if (term_wait(&t, ready, now_ms() + 120000, NULL) < 0) {
                fprintf(stderr, "console-pty: \"%s\" never showed\n", ready);
                term_stop(&t);
                return 1;
        }
        for (int i = 0; i < n; i++) {
                const char *key = keys[(i % 2) * 2], *mark = keys[(i % 2) * 2 + 1];
                double pause = now_ms() + 150 + (seed = seed * 1103515245u + 12345u) % 250;
                double t0, first = -1, at;

                /* Settle: keep draining until the pause is over. */
                while (now_ms() < pause)
                        if (term_read(&t, (int)(pause - now_ms()) + 1) < 0)
                                break;
                t.len = 0;
                t0 = now_ms();
                if (write(t.fd, key, 1) != 1) {
                        perror("write");
                        break;
                }
                at = term_wait(&t, mark, t0 + 5000, &first);
                if (at < 0)
                        printf("timeout\n");
                else
                        printf("%.1f %.1f\n", first - t0, at - t0);
                fflush(stdout);
        }
        term_stop(&t);
        return 0;
}

static char **after_dashes(int argc, char **argv)
{
        for (int i = 1; i < argc; i++)
                if (!strcmp(argv[i], "--") && i + 1 < argc)
                        return argv + i + 1;
        return NULL;
}

int main(int argc, char **argv)
{
        char **cmd = after_dashes(argc, argv);

        signal(SIGPIPE, SIG_IGN);
        if (cmd && argc >= 7 && !strcmp(argv[1], "first"))
                return cmd_first(atoi(argv[2]), atoi(argv[3]), argv[4], atoi(argv[5]), cmd);
        if (cmd && argc >= 11 && !strcmp(argv[1], "keys"))
                return cmd_keys(atoi(argv[2]), atoi(argv[3]), argv[4], atoi(argv[5]), argv + 6, cmd);
        fprintf(stderr, "usage: console-pty first COLS ROWS NEEDLE TIMEOUT_MS -- CMD...\n"
                        "       console-pty keys COLS ROWS READY N KEY1 MARK1 KEY2 MARK2 -- CMD...\n");
        return 2;
}
