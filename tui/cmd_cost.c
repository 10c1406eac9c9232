/* cmd_cost.c - `klaxon cost [--json] [--policy FILE]`: topics, partitions,
 * bytes stored, throughput and monthly cost per team. */
#include "cli.h"
#include "cli_gov.h"
#include "../core/cost.h"
#include "../core/kadmin.h"
#include "../core/logdirs.h"
#include "../core/sanitize.h"
#include "../core/units.h"

#include <stdio.h>
#include <string.h>

static void print_row(const struct kx_cost_row *r)
{
        char b[32];

        cli_gov_cell(stdout, r->team, 18);
        cli_gov_cell(stdout, r->cost_centre, 16);
        printf("%6d %10d %12lld %10s %10.1f %12.2f\n", r->topics, r->partitions, (long long)r->messages,
               kx_format_bytes(r->bytes, b, sizeof(b)), r->msgs_per_s, r->monthly);
}

int kx_cmd_cost(struct kx_cli *cli)
{
        bool json = false;
        struct kx_cost_report rep;
        struct kx_size_source src;
        char label[200];
        struct cli_gov g;
        struct kx_logdirs_usage dirs = {0};
        struct kx_kadmin ka;
        struct kx_err err;
        bool have_ka = false, have_dirs = false;
        char *safe = NULL;
        int rc;

        if ((rc = cli_gov_start(cli, 0, "klaxon cost [--json] [--policy FILE]", &json, &g)))
                return rc;
        /* Bytes on disk from every broker's log dirs; the estimate only when
         * a broker could not say (then the report is labelled as one). */
        kx_err_clear(&err);
        if (!kx_kadmin_from_config(&ka, &cli->cfg, 10000, &err)) {
                have_ka = true;
                if (!kx_logdirs_collect(&ka, &dirs, &err))
                        have_dirs = true;
        }
        if (have_dirs) {
                src = kx_size_on_disk(&dirs);
        } else {
                safe = kx_sanitize_dup(err.msg);
                fprintf(stderr, "klaxon: cost: log-dir sizes unavailable (%s); bytes are estimated\n", safe);
                free(safe);
                src = kx_size_estimate(&g.pol, label, sizeof(label));
        }
        kx_cost_compute(&g.pol, g.data.snap, g.data.rates, &src, &rep);
        if (json) {
                json_t *doc = kx_cost_json(&rep);

                json_dumpf(doc, stdout, JSON_INDENT(2));
                printf("\n");
                json_decref(doc);
        } else {
                printf("%-18s %-16s %6s %10s %12s %10s %10s %12s\n", "TEAM", "COST CENTRE", "TOPICS", "PARTITIONS",
                       "MESSAGES", "STORED", "MSG/S", "MONTHLY");
                for (int i = 0; i < rep.cnt; i++)
                        print_row(&rep.rows[i]);
                print_row(&rep.total);
                printf("bytes stored: %s\n", rep.bytes_source);
        }
        kx_cost_report_free(&rep);
        kx_logdirs_usage_done(&dirs);
        if (have_ka)
                kx_kadmin_done(&ka);
        cli_gov_close(&g);
        return KX_EXIT_OK;
}
