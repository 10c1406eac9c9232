/* cmd_disk.c - `klaxon disk [--json]`: bytes on disk per broker, log
 * directory and partition, from DescribeLogDirs on every broker. */
#include "cli.h"
#include "../core/logdirs.h"
#include "../core/sanitize.h"

#include <stdio.h>
#include <string.h>

static void print_text(const struct kx_logdirs_usage *u)
{
        char a[600], b[300];

        printf("%-8s %-40s %-40s %10s %16s\n", "BROKER", "LOG DIR", "TOPIC", "PARTITION", "BYTES");
        for (int i = 0; i < u->broker_cnt; i++) {
                const struct kx_broker_logdirs *br = &u->brokers[i];

                if (br->rc) {
                        kx_sanitize(a, sizeof(a), br->error, strlen(br->error));
                        printf("%-8d error: %s\n", (int)br->broker, a);
                        continue;
                }
                for (int d = 0; d < br->desc.dir_cnt; d++) {
                        const struct kx_logdir *dir = &br->desc.dirs[d];

                        kx_sanitize(a, sizeof(a), dir->path, strlen(dir->path));
                        printf("%-8d %-40s %-40s %10s %16lld", (int)br->broker, a, "(total)", "",
                               (long long)kx_logdir_used(dir));
                        if (dir->usable_bytes >= 0)
                                printf("  usable %lld of %lld", (long long)dir->usable_bytes,
                                       (long long)dir->total_bytes);
                        printf(dir->error ? "  error code %d\n" : "\n", dir->error);
                        for (int p = 0; p < dir->part_cnt; p++) {
                                kx_sanitize(b, sizeof(b), dir->parts[p].topic, strlen(dir->parts[p].topic));
                                printf("%-8d %-40s %-40s %10d %16lld%s\n", (int)br->broker, a, b,
                                       (int)dir->parts[p].partition, (long long)dir->parts[p].size,
                                       dir->parts[p].is_future ? "  (future)" : "");
                        }
                }
        }
}

int kx_cmd_disk(struct kx_cli *cli)
{
        struct kx_logdirs_usage u = {0};
        struct kx_kadmin ka;
        struct kx_err err;
        bool json = false;
        int rc;

        for (int i = 0; i < cli->arg_cnt; i++) {
                if (strcmp(cli->args[i], "--json")) {
                        fprintf(stderr, "usage: klaxon disk [--json]\n");
                        return KX_EXIT_USAGE;
                }
                json = true;
        }
        kx_err_clear(&err);
        if (kx_kadmin_from_config(&ka, &cli->cfg, 10000, &err))
                return kx_cli_fail(&err);
        rc = kx_logdirs_collect(&ka, &u, &err);
        if (json) {
                json_t *doc = kx_logdirs_json(&u);

                json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
                putchar('\n');
                json_decref(doc);
        } else {
                print_text(&u);
        }
        rc = rc ? kx_cli_fail(&err) : KX_EXIT_OK;
        kx_logdirs_usage_done(&u);
        kx_kadmin_done(&ka);
        return rc;
}
