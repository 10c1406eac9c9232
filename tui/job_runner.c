/* job_runner.c - foreground and detached runs of a replay job. */
#include "job_runner.h"
#include "../core/progress_text.h"
#include "../core/replay_run.h"
#include "../core/sanitize.h"
#include "../core/store.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t stop_flag;

static void on_stop(int sig)
{
        (void)sig;
        stop_flag = 1;
}

static void show_progress(const struct kx_replay_progress *p, void *arg)
{
        char bar[32], eta[32];

        (void)arg;
        kx_progress_bar(bar, sizeof(bar), 30, p->read, p->total);
        kx_eta_text(eta, sizeof(eta), p->total - p->read, p->rate);
        fprintf(stderr, "\r[%s] %3d%% %lld/%lld read, %lld written, %.0f rec/s, ETA %s, %s   ", bar,
                kx_progress_pct(p->read, p->total), (long long)p->read, (long long)p->total,
                (long long)p->written, p->rate, eta, p->state);
        fflush(stderr);
}

int tui_job_foreground(struct kx_cli *cli, const char *id)
{
        struct sigaction sa = {.sa_handler = on_stop};
        bool tty = isatty(STDERR_FILENO);
        struct kx_store store;
        struct kx_err err;
        char clean[300];
        int rc;

        kx_err_clear(&err);
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        printf("job %s: running (Ctrl-C stops it; klaxon job resume %s goes on)\n", id, id);
        fflush(stdout);
        rc = kx_replay_run(&cli->cfg, &store, id, tty ? show_progress : NULL, NULL, &stop_flag, &err);
        if (tty)
                fputc('\n', stderr);
        kx_store_close(&store);
        if (rc) {
                kx_sanitize(clean, sizeof(clean), err.msg, strlen(err.msg));
                fprintf(stderr, "klaxon: job %s: %s\n", id, clean);
                return KX_EXIT_PARTIAL;
        }
        printf("job %s: done and verified (klaxon job show %s)\n", id, id);
        return KX_EXIT_OK;
}

int tui_job_detach(struct kx_cli *cli, const char *id)
{
        char dir[4096], log[4300];
        struct kx_err err;
        pid_t pid;
        int fd, rc;

        if (kx_state_dir(&cli->cfg, dir, sizeof(dir), &err))
                return kx_cli_fail(&err);
        snprintf(log, sizeof(log), "%s/jobs", dir);
        mkdir(log, 0700);
        snprintf(log, sizeof(log), "%s/jobs/%s.log", dir, id);
        fflush(stdout);
        fflush(stderr);
        pid = fork();
        if (pid < 0) {
                perror("klaxon: fork");
                return KX_EXIT_PARTIAL;
        }
        if (pid == 0) {
                setsid();
                signal(SIGHUP, SIG_IGN);
                fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
                if (fd >= 0) {
                        dup2(fd, STDOUT_FILENO);
                        dup2(fd, STDERR_FILENO);
                        close(fd);
                }
                fd = open("/dev/null", O_RDONLY);
                if (fd >= 0) {
                        dup2(fd, STDIN_FILENO);
                        close(fd);
                }
                rc = tui_job_foreground(cli, id);
                fflush(NULL);
                _exit(rc);
        }
        printf("job %s: running detached (pid %d), log %s\n"
               "follow it with: klaxon job show %s\n",
               id, (int)pid, log, id);
        return KX_EXIT_OK;
}
