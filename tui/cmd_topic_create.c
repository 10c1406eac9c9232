/* cmd_topic_create.c - `klaxon topic create NAME --partitions N --retention D
 * --team T [--replication R] [--config k=v]... [--reason TEXT] [--dry-run |
 * --yes] [--policy FILE]`: every broken rule listed at once (exit 1);
 * above the review thresholds a pending request is filed instead; else the
 * topic is created. Everything goes through the action path. */
#include "cli.h"
#include "cli_action.h"
#include "cli_gov.h"
#include "../core/provision.h"
#include "../core/topic_request.h"
#include "../core/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct create_args {
        const char *name, *team, *policy_path, *retention;
        int partitions, replication;
        json_t *configs;
        struct cli_action_opts aopts;
};

static int usage(void)
{
        fprintf(stderr, "usage: klaxon topic create NAME --partitions N --retention DURATION --team TEAM\n"
                        "         [--replication R] [--config KEY=VALUE]... [--reason TEXT]\n"
                        "         [--dry-run | --yes] [--policy FILE]\n");
        return KX_EXIT_USAGE;
}

static int bad(const char *what, const char *value)
{
        fprintf(stderr, "klaxon: topic create: bad %s \"%s\"\n", what, value);
        return KX_EXIT_USAGE;
}

static int parse(struct kx_cli *cli, struct create_args *a)
{
        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *arg = cli->args[i], *v = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;
                int used = cli_action_opt(&a->aopts, cli->args, cli->arg_cnt, i);
                char *end;

                if (!used)
                        used = cli_gov_opt(cli->args, cli->arg_cnt, i, &a->policy_path, NULL);
                if (used) {
                        i += used - 1;
                } else if (v && !strcmp(arg, "--partitions")) {
                        a->partitions = (int)strtol(v, &end, 10);
                        if (*end || a->partitions < 1)
                                return bad("--partitions", v);
                        i++;
                } else if (v && !strcmp(arg, "--replication")) {
                        a->replication = (int)strtol(v, &end, 10);
                        if (*end || a->replication < 1)
                                return bad("--replication", v);
                        i++;
                } else if (v && !strcmp(arg, "--retention")) {
                        a->retention = v;
                        i++;
                } else if (v && !strcmp(arg, "--team")) {
                        a->team = v;
                        i++;
                } else if (v && !strcmp(arg, "--config")) {
                        const char *eq = strchr(v, '=');
                        char key[256];

                        if (!eq || eq == v || (size_t)(eq - v) >= sizeof(key))
                                return bad("--config (want KEY=VALUE)", v);
                        snprintf(key, sizeof(key), "%.*s", (int)(eq - v), v);
                        json_object_set_new(a->configs, key, json_string(eq + 1));
                        i++;
                } else if (arg[0] != '-' && !a->name) {
                        a->name = arg;
                } else {
                        fprintf(stderr, "klaxon: topic create: unknown option \"%s\"\n", arg);
                        return usage();
                }
        }
        if (!a->name || !a->partitions || !a->retention || !a->team) {
                fprintf(stderr, "klaxon: topic create needs NAME, --partitions, --retention and --team\n");
                return usage();
        }
        return 0;
}

/* Print the id of the request just filed for topic. */
static void print_filed(struct cli_gov *g, const char *topic)
{
        struct kx_topic_request *reqs;
        int cnt;
        struct kx_err err;

        if (kx_topic_request_list(&g->store, true, &reqs, &cnt, &err))
                return;
        for (int i = 0; i < cnt; i++) {
                if (!strcmp(reqs[i].topic, topic)) {
                        printf("pending request %lld: another operator approves it with "
                               "klaxon request approve %lld\n", (long long)reqs[i].id, (long long)reqs[i].id);
                        break;
                }
        }
        kx_topic_requests_free(reqs, cnt);
}

static int decide_and_run(struct kx_cli *cli, struct cli_gov *g, struct create_args *a)
{
        struct kx_topic_facts t = {.name = a->name, .partitions = a->partitions, .configs = a->configs,
                                   .team = a->team, .msgs_per_s = -1};
        struct kx_action_ctx ctx = {.operator_name = cli->cfg.operator_name, .store = &g->store};
        struct kx_provision p;
        struct kx_err err;
        int64_t ms;
        char buf[32];
        int rc;

        if (kx_parse_retention(a->retention, &ms, &err))
                return kx_cli_fail(&err);
        json_object_set_new(a->configs, "retention.ms", json_string((snprintf(buf, sizeof(buf), "%lld",
                                                                              (long long)ms), buf)));
        t.replication = a->replication ? a->replication : (int)g->pol.limits.replication_factor;
        kx_provision_decide(&g->pol, g->data.snap, &t, a->aopts.reason, &p);
        if (p.verdict == KX_PROVISION_REFUSED) {
                printf("refused: %s breaks %d rule(s) of %s:\n", a->name,
                       kx_findings_count(&p.findings, KX_SEV_ERROR), g->pol.origin);
                cli_gov_findings(&p.findings);
                if (kx_provision_audit_refusal(&ctx, &t, &p, &err))
                        kx_cli_fail(&err);
                kx_provision_done(&p);
                return KX_EXIT_PARTIAL;
        }
        if (p.findings.cnt) {
                printf("advice:\n");
                cli_gov_findings(&p.findings);
        }
        if (p.verdict == KX_PROVISION_REVIEW)
                printf("needs review: %s\n", p.why_review);
        rc = cli_action_run(cli, p.action, &a->aopts);
        p.action = NULL; /* taken over */
        if (!rc && p.verdict == KX_PROVISION_REVIEW && !a->aopts.dry_run)
                print_filed(g, a->name);
        kx_provision_done(&p);
        return rc;
}

int kx_cmd_topic_create(struct kx_cli *cli)
{
        struct create_args a = {.configs = json_object()};
        struct cli_gov g;
        int rc = parse(cli, &a);

        if (!rc && !(rc = cli_gov_open(cli, a.policy_path, &g))) {
                if (!(rc = cli_gov_collect(cli, &g)))
                        rc = decide_and_run(cli, &g, &a);
                cli_gov_close(&g);
        }
        json_decref(a.configs);
        return rc;
}
