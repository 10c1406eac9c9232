/* console_jobs.c - the console's side of replay jobs: reading them from
 * the store for the jobs view and the overview, and starting a runner for a
 * job a runbook step recorded. The runner is `klaxon job resume ID --detach`
 * exec'd from a fork (never librdkafka in a forked multi-threaded process),
 * so it keeps going when the console exits or the SSH link drops. */
#include "console_internal.h"
#include "../core/config.h"
#include "../core/job_store.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void console_jobs_free(struct console *c)
{
        for (size_t i = 0; i < c->job_cnt; i++)
                kx_job_free(&c->jobs[i]);
        free(c->jobs);
        c->jobs = NULL;
        c->job_cnt = 0;
}

/* Recompute the shown states of the loaded jobs (a runner may have died
 * without writing anything). True if one changed. */
static bool reshow(struct console *c)
{
        bool changed = false;

        for (size_t i = 0; i < c->job_cnt; i++) {
                const char *shown = kx_job_state_shown(&c->jobs[i]);

                if (strcmp(shown, c->jobs[i].state)) {
                        snprintf(c->jobs[i].state, sizeof(c->jobs[i].state), "%s", shown);
                        changed = true;
                }
        }
        return changed;
}

bool console_jobs_refresh(struct console *c)
{
        struct kx_store_version v;
        struct kx_err err;

        if (!c->have_store)
                return false;
        if (c->jobs_loaded && !kx_job_store_version(&c->store, &v, &err) &&
            v.data_version == c->jobs_version.data_version && v.own_changes == c->jobs_version.own_changes)
                return reshow(c);
        console_jobs_load(c);
        return true;
}

void console_jobs_load(struct console *c)
{
        struct kx_err err;

        console_jobs_free(c);
        c->jobs_loaded = c->have_store && !kx_job_store_version(&c->store, &c->jobs_version, &err);
        if (!c->have_store || kx_job_list(&c->store, &c->jobs, &c->job_cnt, &err))
                return;
        reshow(c);
}

/* argv for the runner: the console's cluster settings, then the command.
 * Secret -X properties are not put on a command line (ps shows it): keep
 * them in the config file, which the runner reads again. */
static int runner_argv(const struct console *c, char **argv, int max, char *dir, const char *id)
{
        const struct kx_config *cfg = c->cfg;
        int n = 0;

        argv[n++] = "klaxon";
        if (cfg->file)
                argv[n++] = "--config", argv[n++] = cfg->file;
        if (cfg->context)
                argv[n++] = "--context", argv[n++] = cfg->context;
        if (cfg->bootstrap)
                argv[n++] = "-b", argv[n++] = cfg->bootstrap;
        argv[n++] = "--state-dir", argv[n++] = dir;
        for (size_t i = 0; i < cfg->prop_cnt && n + 8 < max; i++) {
                if (kx_config_key_is_secret(cfg->props[i].key) || strcmp(cfg->props[i].origin, "-X"))
                        continue;
                argv[n++] = "-X";
                argv[n] = malloc(strlen(cfg->props[i].key) + strlen(cfg->props[i].value) + 2);
                sprintf(argv[n++], "%s=%s", cfg->props[i].key, cfg->props[i].value);
        }
        argv[n++] = "job", argv[n++] = "resume", argv[n++] = (char *)id, argv[n++] = "--detach";
        argv[n++] = "--yes"; /* the replay or resume was confirmed in the console */
        argv[n] = NULL;
        return n;
}

void console_jobs_spawn(struct console *c, const char *id)
{
        char *argv[96], dir[4096];
        struct kx_err err;
        int status = -1, n;
        pid_t pid;

        if (kx_state_dir(c->cfg, dir, sizeof(dir), &err)) {
                console_message(c, "job %s: %s", id, err.msg);
                return;
        }
        n = runner_argv(c, argv, 96, dir, id);
        pid = fork();
        if (pid == 0) {
                int fd = open("/dev/null", O_RDWR);

                if (fd >= 0) {
                        dup2(fd, STDIN_FILENO);
                        dup2(fd, STDOUT_FILENO);
                        dup2(fd, STDERR_FILENO);
                }
                execv("/proc/self/exe", argv);
                _exit(127);
        }
        if (pid > 0)
                waitpid(pid, &status, 0); /* the runner forks away and this returns at once */
        for (int i = 0; i < n; i++)
                if (i > 0 && !strcmp(argv[i - 1], "-X"))
                        free(argv[i]);
        if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
                console_message(c, "replay job %s running detached: 7 shows it", id);
        else
                console_message(c, "replay job %s recorded but its runner did not start: "
                                   "klaxon job resume %s",
                                id, id);
        console_jobs_load(c);
}
