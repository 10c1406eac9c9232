/* cli_action.c - plan, confirm and execute an action from the CLI. */
#include "cli_action.h"
#include "../core/kafka.h"
#include "../core/sanitize.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_action_opt(struct cli_action_opts *opts, char **args, int cnt, int i)
{
        if (!strcmp(args[i], "--dry-run")) {
                opts->dry_run = true;
                return 1;
        }
        if (!strcmp(args[i], "--yes")) {
                opts->yes = true;
                return 1;
        }
        if (!strcmp(args[i], "--reason") && i + 1 < cnt) {
                opts->reason = args[i + 1];
                return 2;
        }
        return 0;
}

static void print_plan(const struct kx_plan *plan)
{
        size_t i;
        json_t *c;
        char buf[512];

        kx_sanitize(buf, sizeof(buf), plan->summary, strlen(plan->summary));
        printf("plan: %s\n", buf);
        json_array_foreach(plan->changes, i, c) {
                char *before = json_dumps(json_object_get(c, "before"), JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
                char *after = json_dumps(json_object_get(c, "after"), JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
                const char *what = json_string_value(json_object_get(c, "what"));

                kx_sanitize(buf, sizeof(buf), what, strlen(what));
                printf("  %-40s %12s -> %s\n", buf, before, after);
                free(before);
                free(after);
        }
        if (plan->blocker) {
                kx_sanitize(buf, sizeof(buf), plan->blocker, strlen(plan->blocker));
                printf("blocked: %s\n", buf);
        }
}

/* Confirmation defaults to no: --yes, or a terminal where the operator
 * types the target's name (destructive) or "yes". */
static bool confirm(const struct kx_plan *plan, const struct cli_action_opts *opts)
{
        char line[512];

        if (opts->yes)
                return true;
        if (!isatty(STDIN_FILENO)) {
                fprintf(stderr, "klaxon: not confirmed: pass --yes (stdin is not a terminal)\n");
                return false;
        }
        if (plan->destructive)
                printf("type the target name (%s) to confirm, anything else aborts: ", plan->target);
        else
                printf("type yes to apply, anything else aborts [no]: ");
        fflush(stdout);
        if (!fgets(line, sizeof(line), stdin))
                return false;
        line[strcspn(line, "\n")] = '\0';
        return plan->destructive ? kx_action_confirmed(plan, line) : !strcmp(line, "yes");
}

int cli_action_run(struct kx_cli *cli, struct kx_action *a, const struct cli_action_opts *opts)
{
        struct kx_action_ctx ctx = {
                .read_only = cli->cfg.read_only,
                .operator_name = cli->cfg.operator_name,
                .reason = opts->reason,
                .timeout_ms = 10000,
        };
        struct kx_store store;
        struct kx_logbuf lb;
        struct kx_plan plan;
        struct kx_err err;
        char warning[300] = "";
        int rc;

        kx_err_clear(&err);
        kx_logbuf_init(&lb);
        if (kx_store_open(&cli->cfg, &store, &err)) {
                kx_action_free(a);
                kx_logbuf_done(&lb);
                return kx_cli_fail(&err);
        }
        ctx.store = &store;
        ctx.mirror_cfg = &cli->cfg;
        ctx.log = &lb;
        ctx.warning = warning;
        ctx.warning_size = sizeof(warning);
        ctx.rk = kx_kafka_new(&cli->cfg, &lb, "klaxon-action", NULL, &err);
        rc = ctx.rk ? kx_action_plan(a, &ctx, &plan, &err) : err.code;
        if (rc) {
                kx_cli_fail(&err);
                rc = kx_cli_exit_code(rc);
                goto out;
        }
        print_plan(&plan);
        if (opts->dry_run) {
                printf("dry run: nothing changed\n");
        } else if (plan.blocker && !ctx.read_only) {
                rc = KX_EXIT_PARTIAL;
        } else if (!ctx.read_only && !confirm(&plan, opts)) {
                printf("not confirmed: nothing changed\n");
                rc = KX_EXIT_PARTIAL;
        } else if (kx_action_execute(a, &ctx, &plan, &err)) {
                kx_cli_fail(&err);
                rc = KX_EXIT_PARTIAL;
        } else {
                printf("done and verified\n");
        }
        kx_plan_free(&plan);
        if (warning[0]) {
                struct kx_err w;

                kx_err_set(&w, KX_ERR_KAFKA, "warning: %s", warning);
                kx_cli_fail(&w);
        }
out:
        if (ctx.rk)
                rd_kafka_destroy(ctx.rk);
        kx_store_close(&store);
        kx_action_free(a);
        kx_logbuf_done(&lb);
        return rc;
}
