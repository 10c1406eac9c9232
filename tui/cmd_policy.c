/* cmd_policy.c - `klaxon policy check [--json] [--policy FILE]`: lint every
 * live topic against the governance policy, findings grouped by team. */
#include "cli.h"
#include "cli_gov.h"
#include "../core/policy_lint.h"

#include <stdio.h>
#include <string.h>

static void print_findings(const struct kx_findings *f)
{
        const char *team = "";

        for (int i = 0; i < f->cnt; i++) {
                const struct kx_finding *x = &f->items[i];

                if (i == 0 || strcmp(team, x->team ? x->team : "")) {
                        team = x->team ? x->team : "";
                        printf("%steam %s\n", i ? "\n" : "", x->team ? x->team : "(no owning team)");
                }
                printf("  %-5s ", kx_severity_label(x->severity));
                cli_gov_cell(stdout, x->topic ? x->topic : "(cluster)", 36);
                cli_gov_cell(stdout, x->rule, 16);
                cli_gov_cell(stdout, x->message, 0);
                printf("\n        fix: ");
                cli_gov_cell(stdout, x->hint, 0);
                printf("\n");
        }
        printf("%s%d finding(s): %d error(s), %d warning(s)\n", f->cnt ? "\n" : "", f->cnt,
               kx_findings_count(f, KX_SEV_ERROR),
               kx_findings_count(f, KX_SEV_WARN) - kx_findings_count(f, KX_SEV_ERROR));
}

int kx_cmd_policy(struct kx_cli *cli)
{
        bool json = false;
        struct kx_findings f = {0};
        struct cli_gov g;
        int rc;

        if (cli->arg_cnt < 1 || strcmp(cli->args[0], "check")) {
                fprintf(stderr, "usage: klaxon policy check [--json] [--policy FILE]\n");
                return KX_EXIT_USAGE;
        }
        if ((rc = cli_gov_start(cli, 1, "klaxon policy check [--json] [--policy FILE]", &json, &g)))
                return rc;
        kx_policy_lint(&g.pol, g.data.snap, g.data.configs, g.data.rates, &f);
        if (json) {
                json_t *doc = json_pack("{s:s, s:o, s:i, s:i}", "policy", g.pol.origin, "findings",
                                        kx_findings_json(&f), "errors", kx_findings_count(&f, KX_SEV_ERROR),
                                        "warnings",
                                        kx_findings_count(&f, KX_SEV_WARN) - kx_findings_count(&f, KX_SEV_ERROR));

                json_dumpf(doc, stdout, JSON_INDENT(2));
                printf("\n");
                json_decref(doc);
        } else {
                print_findings(&f);
        }
        rc = kx_findings_count(&f, KX_SEV_ERROR) ? KX_EXIT_PARTIAL : KX_EXIT_OK;
        kx_findings_free(&f);
        cli_gov_close(&g);
        return rc;
}
