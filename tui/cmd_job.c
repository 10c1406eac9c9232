/* cmd_job.c - `klaxon job list | show ID | cancel ID | resume ID [--detach]`. */
#include "cli.h"
#include "job_runner.h"
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
                        "       klaxon job cancel ID\n"
                        "       klaxon job resume ID [--detach]\n",
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

static void audit_job(struct kx_cli *cli, struct kx_store *store, const char *what, const char *id)
{
        char who[128], origin[128], target[64];
        struct kx_audit_entry e = {0};
        struct kx_err err;

        kx_audit_identity(cli->cfg.operator_name, who, sizeof(who), origin, sizeof(origin));
        snprintf(target, sizeof(target), "job %s", id);
        e.operator_name = who;
        e.origin = origin;
        e.action = what;
        e.target = target;
        e.outcome = "executed";
        kx_audit_append(store, &e, &err);
}

/* Ask the runner to stop (it checks about once a second), or mark a job
 * with no live runner cancelled at once; wait up to 15 s for the end. */
static int cmd_cancel(struct kx_cli *cli, struct kx_store *store, const char *id)
{
        struct kx_job job;
        struct kx_err err;
        bool alive;

        if (kx_job_get(store, id, &job, &err))
                return kx_cli_fail(&err);
        if (kx_job_state_final(job.state)) {
                fprintf(stderr, "klaxon: job %s is already %s\n", id, job.state);
                kx_job_free(&job);
                return KX_EXIT_PARTIAL;
        }
        alive = kx_job_alive(&job);
        kx_job_free(&job);
        if (alive ? kx_job_set_state(store, id, "cancelling", "cancel requested", -1, &err)
                  : kx_job_finish(store, id, "cancelled", "cancelled (klaxon job cancel)", NULL, &err))
                return kx_cli_fail(&err);
        audit_job(cli, store, "job-cancel", id);
        for (int i = 0; alive && i < 150; i++) {
                char state[16] = "";

                if (!kx_job_state(store, id, state, sizeof(state), &err) && kx_job_state_final(state))
                        break;
                usleep(100 * 1000);
        }
        if (kx_job_get(store, id, &job, &err))
                return kx_cli_fail(&err);
        printf("job %s: %s\n", id, kx_job_state_shown(&job));
        kx_job_free(&job);
        return KX_EXIT_OK;
}

static int cmd_resume(struct kx_cli *cli, struct kx_store *store, const char *id, bool detach)
{
        struct kx_job job;
        struct kx_err err;

        if (kx_job_get(store, id, &job, &err))
                return kx_cli_fail(&err);
        if (!cli->cfg.bootstrap)
                kx_config_set_str(&cli->cfg.bootstrap, job.bootstrap);
        kx_job_free(&job);
        audit_job(cli, store, "job-resume", id);
        kx_store_close(store);
        return detach ? tui_job_detach(cli, id) : tui_job_foreground(cli, id);
}

int kx_cmd_job(struct kx_cli *cli)
{
        struct kx_store store;
        struct kx_err err;
        const char *sub = cli->arg_cnt > 0 ? cli->args[0] : NULL;
        const char *id = cli->arg_cnt > 1 ? cli->args[1] : NULL;
        bool detach = cli->arg_cnt > 2 && !strcmp(cli->args[2], "--detach");
        int rc;

        if (!sub)
                return usage("missing subcommand");
        if (strcmp(sub, "list") && !id)
                return usage("missing job ID");
        if (cli->arg_cnt > (detach ? 3 : strcmp(sub, "list") ? 2 : 1))
                return usage("too many arguments");
        if ((!strcmp(sub, "cancel") || !strcmp(sub, "resume")) && cli->cfg.read_only) {
                fprintf(stderr, "klaxon: read-only mode: job %s refused\n", sub);
                return KX_EXIT_PARTIAL;
        }
        kx_err_clear(&err);
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (!strcmp(sub, "list"))
                rc = cmd_list(&store);
        else if (!strcmp(sub, "show"))
                rc = cmd_show(&store, id);
        else if (!strcmp(sub, "cancel"))
                rc = cmd_cancel(cli, &store, id);
        else if (!strcmp(sub, "resume"))
                return cmd_resume(cli, &store, id, detach);
        else
                rc = usage("unknown subcommand");
        kx_store_close(&store);
        return rc;
}
