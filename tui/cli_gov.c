/* cli_gov.c - policy, store, clock and collection for governance commands. */
#include "cli_gov.h"
#include "../core/sanitize.h"
#include "../core/timeparse.h"

#include <stdlib.h>
#include <string.h>

int cli_gov_open(struct kx_cli *cli, const char *policy_path, struct cli_gov *g)
{
        const char *fixed = getenv("KLAXON_NOW");
        struct kx_err err;

        memset(g, 0, sizeof(*g));
        kx_err_clear(&err);
        kx_logbuf_init(&g->lb);
        g->now_ms = kx_now_ms();
        if (fixed && *fixed && kx_parse_time(fixed, &g->now_ms, &err))
                goto fail;
        if (kx_policy_load(policy_path, &g->pol, &err) || kx_store_open(&cli->cfg, &g->store, &err))
                goto fail;
        return 0;
fail:
        cli_gov_close(g);
        return kx_cli_fail(&err);
}

int cli_gov_collect(struct kx_cli *cli, struct cli_gov *g)
{
        struct kx_err err;

        kx_err_clear(&err);
        if (kx_gov_collect(&cli->cfg, &g->lb, &g->store, g->now_ms, &g->data, &err))
                return kx_cli_fail(&err);
        g->collected = true;
        if (g->data.warning[0])
                fprintf(stderr, "klaxon: warning: %s\n", g->data.warning);
        return 0;
}

void cli_gov_close(struct cli_gov *g)
{
        kx_gov_data_done(&g->data);
        kx_policy_free(&g->pol);
        kx_store_close(&g->store);
        kx_logbuf_done(&g->lb);
}

int cli_gov_opt(char **args, int cnt, int i, const char **policy_path, bool *json)
{
        if (!strcmp(args[i], "--policy") && i + 1 < cnt) {
                *policy_path = args[i + 1];
                return 2;
        }
        if (!strcmp(args[i], "--json") && json) {
                *json = true;
                return 1;
        }
        return 0;
}

int cli_gov_start(struct kx_cli *cli, int first, const char *usage_line, bool *json, struct cli_gov *g)
{
        const char *policy_path = NULL;
        int rc;

        for (int i = first; i < cli->arg_cnt; i++) {
                int used = cli_gov_opt(cli->args, cli->arg_cnt, i, &policy_path, json);

                if (!used) {
                        fprintf(stderr, "klaxon: unknown option \"%s\"\nusage: %s\n", cli->args[i], usage_line);
                        return KX_EXIT_USAGE;
                }
                i += used - 1;
        }
        if ((rc = cli_gov_open(cli, policy_path, g)))
                return rc;
        if ((rc = cli_gov_collect(cli, g)))
                cli_gov_close(g);
        return rc;
}

void cli_gov_cell(FILE *out, const char *text, int width)
{
        char buf[512];

        kx_sanitize(buf, sizeof(buf), text ? text : "-", text ? strlen(text) : 1);
        fprintf(out, "%-*s ", width, buf);
}

void cli_gov_findings(const struct kx_findings *f)
{
        for (int i = 0; i < f->cnt; i++) {
                printf("  %-5s %-14s ", kx_severity_label(f->items[i].severity), f->items[i].rule);
                cli_gov_cell(stdout, f->items[i].message, 0);
                printf("\n        fix: ");
                cli_gov_cell(stdout, f->items[i].hint, 0);
                printf("\n");
        }
}
