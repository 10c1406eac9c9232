/* cmd_idle.c - `klaxon idle [--json] [--policy FILE]`: idle and dead topics
 * from the persisted offset history (each run also adds a sample). */
#include "cli.h"
#include "cli_gov.h"
#include "../core/idle.h"
#include "../core/snapshot_json.h"

#include <stdio.h>
#include <string.h>

int kx_cmd_idle(struct kx_cli *cli)
{
        bool json = false;
        struct kx_idle_list l;
        struct kx_err err;
        struct cli_gov g;
        int rc;

        if ((rc = cli_gov_start(cli, 0, "klaxon idle [--json] [--policy FILE]", &json, &g)))
                return rc;
        if (kx_idle_detect(&g.pol, &g.store, g.data.snap, g.now_ms, &l, &err)) {
                rc = kx_cli_fail(&err);
                cli_gov_close(&g);
                return rc;
        }
        if (json) {
                json_t *arr = kx_idle_json(&l);

                json_dumpf(arr, stdout, JSON_INDENT(2));
                printf("\n");
                json_decref(arr);
        } else {
                char since[40], at[40];

                printf("%-36s %-16s %-24s %9s %5s %s\n", "TOPIC", "TEAM", "LAST PRODUCE", "RETAINED", "DEAD",
                       "STAGE");
                for (int i = 0; i < l.cnt; i++) {
                        cli_gov_cell(stdout, l.items[i].topic, 36);
                        cli_gov_cell(stdout, l.items[i].team, 16);
                        printf("%-24s %9lld %5s %s (from %s)\n",
                               l.items[i].since_ms ? kx_iso8601(l.items[i].since_ms, since, sizeof(since))
                                                   : "before the history",
                               (long long)l.items[i].retained, l.items[i].dead ? "yes" : "no",
                               kx_idle_stage_label(l.items[i].stage),
                               kx_iso8601(l.items[i].recommend_at_ms, at, sizeof(at)));
                }
                printf("%d idle topic(s); nothing is deleted automatically "
                       "(klaxon topic delete NAME, typed confirmation)\n", l.cnt);
        }
        kx_idle_list_free(&l);
        cli_gov_close(&g);
        return KX_EXIT_OK;
}
