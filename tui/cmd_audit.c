/* cmd_audit.c - `klaxon audit log [--json]` and `klaxon audit verify`. */
#include "cli.h"
#include "../core/audit.h"
#include "../core/sanitize.h"
#include "../core/snapshot_json.h"

#include <stdio.h>
#include <string.h>

static int print_row(const struct kx_audit_entry *e, void *arg)
{
        bool json = *(bool *)arg;
        char when[40], target[256], reason[256];

        if (json) {
                json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O?, s:O?, s:O?}",
                                      "id", (json_int_t)e->id, "at",
                                      kx_iso8601(e->at_ms, when, sizeof(when)), "operator",
                                      e->operator_name, "origin", e->origin, "action", e->action,
                                      "target", e->target, "outcome", e->outcome, "reason", e->reason,
                                      "plan", e->plan, "result", e->result, "undo", e->undo);

                json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
                fputc('\n', stdout);
                json_decref(o);
                return 0;
        }
        kx_sanitize(target, sizeof(target), e->target, strlen(e->target));
        kx_sanitize(reason, sizeof(reason), e->reason, strlen(e->reason));
        printf("%5lld %s %-10s %-12s %-14s %-9s %s%s%s\n", (long long)e->id,
               kx_iso8601(e->at_ms, when, sizeof(when)), e->operator_name, e->origin, e->action,
               e->outcome, target, reason[0] ? ": " : "", reason);
        return 0;
}

int kx_cmd_audit(struct kx_cli *cli)
{
        struct kx_store store;
        struct kx_err err;
        bool json = cli->arg_cnt > 1 && !strcmp(cli->args[1], "--json");
        int rc = 0;

        if (cli->arg_cnt < 1 || (strcmp(cli->args[0], "log") && strcmp(cli->args[0], "verify"))) {
                fprintf(stderr, "usage: klaxon audit log [--json] | klaxon audit verify\n");
                return KX_EXIT_USAGE;
        }
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (!strcmp(cli->args[0], "log")) {
                if (kx_audit_each(&store, print_row, &json, &err))
                        rc = kx_cli_fail(&err);
        } else {
                struct kx_audit_check check;

                if (kx_audit_verify(&store, &check, &err)) {
                        rc = kx_cli_fail(&err);
                } else if (check.intact) {
                        printf("audit log intact: %lld row(s), hash chain verified\n",
                               (long long)check.rows);
                } else {
                        printf("AUDIT LOG TAMPERED: %s\n", check.why);
                        rc = KX_EXIT_PARTIAL;
                }
        }
        kx_store_close(&store);
        return rc;
}
