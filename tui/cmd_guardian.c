/* cmd_guardian.c - `klaxon guardian once|run [--execute] [--interval SECONDS]
 * [--webhook URL] [--principal User:NAME] [--policy FILE]`: the consumer
 * guardian, dry run unless --execute (or the policy's dry-run: false). */
#include "cli.h"
#include "cli_gov.h"
#include "../core/guardian.h"
#include "../core/sanitize.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
        (void)sig;
        stop = 1;
}

struct guardian_args {
        const char *policy_path, *webhook, *principal;
        bool execute, daemon;
        int interval_s;
};

static int usage(void)
{
        fprintf(stderr, "usage: klaxon guardian once|run [--execute] [--interval SECONDS] [--webhook URL]\n"
                        "         [--principal User:NAME] [--policy FILE]\n");
        return KX_EXIT_USAGE;
}

static int parse(struct kx_cli *cli, struct guardian_args *a)
{
        if (cli->arg_cnt < 1 || (strcmp(cli->args[0], "once") && strcmp(cli->args[0], "run")))
                return usage();
        a->daemon = !strcmp(cli->args[0], "run");
        a->interval_s = 60;
        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *v = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;
                int used = cli_gov_opt(cli->args, cli->arg_cnt, i, &a->policy_path, NULL);

                if (used)
                        i += used - 1;
                else if (!strcmp(cli->args[i], "--execute"))
                        a->execute = true;
                else if (v && !strcmp(cli->args[i], "--interval") && (a->interval_s = atoi(v)) > 0)
                        i++;
                else if (v && !strcmp(cli->args[i], "--webhook"))
                        a->webhook = cli->args[++i];
                else if (v && !strcmp(cli->args[i], "--principal"))
                        a->principal = cli->args[++i];
                else
                        return usage();
        }
        return 0;
}

static void print_report(const struct kx_guardian_report *r, bool dry_run)
{
        char buf[512];

        printf("guardian%s: %d group(s) watched, %d over the rule\n", dry_run ? " (dry run)" : "", r->watched,
               r->cnt);
        for (int i = 0; i < r->cnt; i++) {
                kx_sanitize(buf, sizeof(buf), r->hits[i].group, strlen(r->hits[i].group));
                if (strcmp(r->hits[i].reason, "lag")) {
                        printf("  %s: ", buf);
                        kx_sanitize(buf, sizeof(buf), r->hits[i].reason, strlen(r->hits[i].reason));
                        printf("%s (no produce over the idle window), lag %lld: ", buf, (long long)r->hits[i].lag);
                } else {
                        printf("  %s: lag %lld for %llds, no progress for %llds: ", buf, (long long)r->hits[i].lag,
                               (long long)(r->hits[i].over_for_ms / 1000),
                               (long long)(r->hits[i].stuck_for_ms / 1000));
                }
                kx_sanitize(buf, sizeof(buf), r->hits[i].outcome, strlen(r->hits[i].outcome));
                printf("%s\n", buf);
                if (r->hits[i].webhook_error)
                        fprintf(stderr, "klaxon: guardian: %s\n", r->hits[i].webhook_error);
                else if (r->hits[i].webhook_attempts > 1)
                        printf("    webhook delivered on attempt %d of %d\n", r->hits[i].webhook_attempts,
                               KX_GUARDIAN_WEBHOOK_ATTEMPTS);
        }
        fflush(stdout);
}

static int one_pass(struct kx_cli *cli, struct cli_gov *g, const struct kx_guardian_opts *opts)
{
        struct kx_action_ctx ctx = {.read_only = cli->cfg.read_only, .operator_name = cli->cfg.operator_name,
                                    .reason = "consumer guardian", .store = &g->store, .timeout_ms = 10000,
                                    .log = &g->lb};
        struct kx_guardian_report r;
        struct kx_err err;
        int rc;

        kx_err_clear(&err);
        kx_gov_data_done(&g->data);
        if ((rc = cli_gov_collect(cli, g)))
                return rc;
        if (!(ctx.rk = kx_kafka_new(&cli->cfg, &g->lb, "klaxon-guardian", NULL, &err)))
                return kx_cli_fail(&err);
        rc = kx_guardian_once(opts, &ctx, g->data.snap, g->now_ms, &r, &err);
        rd_kafka_destroy(ctx.rk);
        if (rc)
                return kx_cli_fail(&err);
        print_report(&r, opts->dry_run);
        for (int i = 0; i < r.cnt; i++)
                if (!strncmp(r.hits[i].outcome, "pause failed", 12) || r.hits[i].webhook_error)
                        rc = KX_EXIT_PARTIAL;
        kx_guardian_report_free(&r);
        return rc;
}

int kx_cmd_guardian(struct kx_cli *cli)
{
        struct guardian_args a = {0};
        struct kx_guardian_opts opts;
        struct cli_gov g;
        int rc = parse(cli, &a);

        if (rc || (rc = cli_gov_open(cli, a.policy_path, &g)))
                return rc;
        opts = (struct kx_guardian_opts){.rule = &g.pol.guardian, .dry_run = !a.execute && g.pol.guardian.dry_run,
                                         .webhook = a.webhook, .principal = a.principal,
                                         .connect_url = cli->cfg.connect_url, .policy = &g.pol};
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        do {
                rc = one_pass(cli, &g, &opts);
                for (int s = 0; a.daemon && !stop && s < a.interval_s; s++)
                        sleep(1);
                g.now_ms = getenv("KLAXON_NOW") ? g.now_ms : kx_now_ms();
        } while (a.daemon && !stop);
        cli_gov_close(&g);
        return rc;
}
