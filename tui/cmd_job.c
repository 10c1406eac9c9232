/* cmd_job.c - `klaxon job list | show ID | cancel ID | resume ID [--detach]`;
 * cancel and resume are actions (action_job.h) and take --dry-run, --yes
 * and --reason like every other. */
#include "cli.h"
#include "cli_action.h"
#include "job_runner.h"
#include "../core/action_job.h"
#include "../core/audit.h"
#include "../core/job_store.h"
#include "../core/kafka.h"
#include "../core/progress_text.h"
#include "../core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int usage(const char *why)
{
        fprintf(stderr, "klaxon: job: %s\n"
                        "usage: klaxon job list\n"
                        "       klaxon job show ID\n"
                        "       klaxon job cancel ID [--dry-run] [--yes] [--reason TEXT]\n"
                        "       klaxon job resume ID [--detach] [--dry-run] [--yes] [--reason TEXT]\n",
                why);
        return KX_EXIT_USAGE;
}

static const char *spec_str(const struct kx_job *job, const char *key)
{
        const char *s = json_string_value(json_object_get(job->spec, key));

        return s ? s : "-";
}

static int cmd_list(struct kx_store *store)
{
        struct kx_job *jobs;
        size_t cnt;
        struct kx_err err;

        if (kx_job_list(store, &jobs, &cnt, &err))
                return kx_cli_fail(&err);
        printf("%-10s %-12s %5s %12s %10s  %s\n", "ID", "STATE", "PCT", "READ", "RATE/s",
               "SOURCE -> TARGET");
        for (size_t i = 0; i < cnt; i++) {
                char route[600], clean[600];

                snprintf(route, sizeof(route), "%s -> %s", spec_str(&jobs[i], "topic"),
                         spec_str(&jobs[i], "target_topic"));
                kx_sanitize(clean, sizeof(clean), route, strlen(route));
                printf("%-10s %-12s %4d%% %12lld %10.0f  %s\n", jobs[i].id,
                       kx_job_state_shown(&jobs[i]), kx_progress_pct(jobs[i].done, jobs[i].total),
                       (long long)jobs[i].done, jobs[i].rate, clean);
                kx_job_free(&jobs[i]);
        }
        free(jobs);
        return KX_EXIT_OK;
}

static void print_json(const char *label, const json_t *j)
{
        char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;

        if (!text)
                return;
        printf("%s:", label);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
                char clean[1024];

                kx_sanitize(clean, sizeof(clean), line, strlen(line));
                printf(" %s\n", clean);
        }
        free(text);
}

static int cmd_show(struct kx_store *store, const char *id)
{
        struct kx_job job;
        struct kx_err err;
        char bar[48], eta[32], clean[600];

        if (kx_job_get(store, id, &job, &err))
                return kx_cli_fail(&err);
        kx_progress_bar(bar, sizeof(bar), 40, job.done, job.total);
        kx_eta_text(eta, sizeof(eta), job.total - job.done, job.rate);
        kx_sanitize(clean, sizeof(clean), job.detail, strlen(job.detail));
        printf("job %s (%s)\nstate: %s%s%s\nprogress: [%s] %d%% %lld/%lld, %.0f rec/s, ETA %s\n",
               job.id, job.kind, kx_job_state_shown(&job), clean[0] ? ": " : "", clean, bar,
               kx_progress_pct(job.done, job.total), (long long)job.done, (long long)job.total,
               job.rate, eta);
        if (job.pid)
                printf("pid: %d\n", job.pid);
        print_json("request", job.spec);
        print_json("plan", job.plan);
        print_json("report", job.report);
        kx_job_free(&job);
        return KX_EXIT_OK;
}

/* Point cli at the job's own cluster unless -b was given (an action needs a
 * client handle even when it only touches the state store). */
static int job_cluster(struct kx_cli *cli, const char *id)
{
        struct kx_store store;
        struct kx_job job;
        struct kx_err err;

        kx_err_clear(&err);
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (kx_job_get(&store, id, &job, &err)) {
                kx_store_close(&store);
                return kx_cli_fail(&err);
        }
        if (!cli->cfg.bootstrap)
                kx_config_set_str(&cli->cfg.bootstrap, job.bootstrap);
        kx_job_free(&job);
        kx_store_close(&store);
        return 0;
}

/* cancel and resume: the job actions (plan, dry run, confirm, execute,
 * verify, audit; read-only refused in core), then for resume the runner. */
static int cmd_act(struct kx_cli *cli, const char *sub, const char *id, const struct cli_action_opts *o,
                   bool detach)
{
        bool cancel = !strcmp(sub, "cancel");
        struct kx_store store;
        struct kx_job job;
        struct kx_err err;
        int rc;

        if ((rc = job_cluster(cli, id)))
                return rc;
        rc = cli_action_run(cli, cancel ? kx_action_job_cancel(id) : kx_action_job_resume(id), o);
        if (rc || o->dry_run)
                return rc;
        if (!cancel)
                return detach ? tui_job_detach(cli, id) : tui_job_foreground(cli, id);
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (!kx_job_get(&store, id, &job, &err)) {
                printf("job %s: %s\n", id, kx_job_state_shown(&job));
                kx_job_free(&job);
        }
        kx_store_close(&store);
        return KX_EXIT_OK;
}

int kx_cmd_job(struct kx_cli *cli)
{
        struct kx_store store;
        struct kx_err err;
        const char *sub = cli->arg_cnt > 0 ? cli->args[0] : NULL;
        const char *id = cli->arg_cnt > 1 ? cli->args[1] : NULL;
        struct cli_action_opts o = {0};
        bool detach = false, act;
        int rc;

        if (!sub)
                return usage("missing subcommand");
        if (strcmp(sub, "list") && !id)
                return usage("missing job ID");
        act = !strcmp(sub, "cancel") || !strcmp(sub, "resume");
        for (int i = strcmp(sub, "list") ? 2 : 1; i < cli->arg_cnt; i += rc) {
                rc = act ? cli_action_opt(&o, cli->args, cli->arg_cnt, i) : 0;
                if (!rc && !strcmp(sub, "resume") && !strcmp(cli->args[i], "--detach"))
                        detach = true, rc = 1;
                if (!rc)
                        return usage("too many arguments");
        }
        if (act)
                return cmd_act(cli, sub, id, &o, detach);
        kx_err_clear(&err);
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (!strcmp(sub, "list"))
                rc = cmd_list(&store);
        else if (!strcmp(sub, "show"))
                rc = cmd_show(&store, id);
        else
                rc = usage("unknown subcommand");
        kx_store_close(&store);
        return rc;
}
