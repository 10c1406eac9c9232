/* cmd_quota.c - `klaxon quota list [--json]`, `klaxon quota set|remove
 * (--user U | --client-id C | --default | --default-client-id) ...`. */
#include "cli.h"
#include "cli_action.h"
#include "table.h"
#include "../core/action_quota.h"
#include "../core/quotas.h"
#include "../core/sanitize.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPS 16

static int usage(void)
{
        fprintf(stderr, "usage: klaxon quota list [--json]\n"
                        "       klaxon quota set (--user U | --client-id C | --default | --default-client-id) "
                        "KEY=VALUE... [--dry-run | --yes]\n"
                        "       klaxon quota remove (--user U | --client-id C | --default | --default-client-id) "
                        "KEY... [--dry-run | --yes]\n");
        return KX_EXIT_USAGE;
}

static void print_entity_name(const struct kx_quota_entity *e, int cnt)
{
        char label[600], clean[700];

        kx_quota_entity_label(e, cnt, label, sizeof(label));
        kx_sanitize(clean, sizeof(clean), label, strlen(label));
        printf("%-40s", clean);
}

static int quota_list(struct kx_cli *cli, bool json)
{
        struct kx_kadmin ka;
        struct kx_quotas_desc q;
        struct kx_arena a;
        struct kx_err err;
        int rc;

        kx_err_clear(&err);
        if ((rc = kx_kadmin_from_config(&ka, &cli->cfg, 10000, &err)))
                return kx_cli_fail(&err);
        kx_arena_init(&a);
        rc = kx_quotas_list(&ka, &a, &q, &err);
        if (rc) {
                rc = kx_cli_fail(&err);
        } else if (json) {
                json_t *doc = json_pack("{s:o}", "quotas", kx_quotas_json(&q));

                json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
                putchar('\n');
                json_decref(doc);
        } else {
                printf("%-40s %-28s %s\n", "ENTITY", "KEY", "VALUE");
                for (int i = 0; i < q.entry_cnt; i++)
                        for (int j = 0; j < q.entries[i].value_cnt; j++) {
                                char key[200];

                                print_entity_name(q.entries[i].entity, q.entries[i].entity_cnt);
                                kx_sanitize(key, sizeof(key), q.entries[i].values[j].key,
                                            strlen(q.entries[i].values[j].key));
                                printf(" %-28s %.17g\n", key, q.entries[i].values[j].value);
                        }
                if (!q.entry_cnt)
                        printf("(no client quotas configured)\n");
        }
        kx_arena_done(&a);
        kx_kadmin_done(&ka);
        return rc;
}

/* KEY=VALUE (set) or KEY (remove) into op. */
static int parse_op(const char *arg, bool remove, struct kx_quota_op *op, char *keybuf, size_t size)
{
        const char *eq = strchr(arg, '=');
        char *end;

        if (remove) {
                if (eq || !*arg)
                        return -1;
                snprintf(keybuf, size, "%s", arg);
                op->key = keybuf;
                op->remove = true;
                return 0;
        }
        if (!eq || eq == arg || (size_t)(eq - arg) >= size)
                return -1;
        memcpy(keybuf, arg, (size_t)(eq - arg));
        keybuf[eq - arg] = '\0';
        errno = 0;
        op->value = strtod(eq + 1, &end);
        if (errno || end == eq + 1 || *end || !isfinite(op->value) || op->value < 0)
                return -1;
        op->key = keybuf;
        op->remove = false;
        return 0;
}

static int quota_change(struct kx_cli *cli, bool remove)
{
        struct cli_action_opts aopts = {0};
        struct kx_quota_op ops[MAX_OPS];
        char keys[MAX_OPS][128];
        const char *type = NULL, *name = NULL;
        int n = 0;

        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i];
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used) {
                        i += used - 1;
                } else if ((!strcmp(a, "--user") || !strcmp(a, "--client-id")) && i + 1 < cli->arg_cnt && !type) {
                        type = a[2] == 'u' ? "user" : "client-id";
                        name = cli->args[++i];
                } else if ((!strcmp(a, "--default") || !strcmp(a, "--default-client-id")) && !type) {
                        type = a[9] ? "client-id" : "user";
                        name = NULL;
                } else if (a[0] != '-' && n < MAX_OPS) {
                        if (parse_op(a, remove, &ops[n], keys[n], sizeof(keys[n]))) {
                                fprintf(stderr, "klaxon: quota %s: bad %s \"%s\"\n", remove ? "remove" : "set",
                                        remove ? "KEY" : "KEY=VALUE (a number >= 0)", a);
                                return KX_EXIT_USAGE;
                        }
                        n++;
                } else {
                        fprintf(stderr, "klaxon: quota: unexpected argument \"%s\"\n", a);
                        return usage();
                }
        }
        if (!type || !n) {
                fprintf(stderr, "klaxon: quota %s needs one entity and at least one %s\n", remove ? "remove" : "set",
                        remove ? "KEY" : "KEY=VALUE");
                return usage();
        }
        return cli_action_run(cli, kx_action_quota(&cli->cfg, type, name, ops, n), &aopts);
}

int kx_cmd_quota(struct kx_cli *cli)
{
        if (cli->arg_cnt < 1)
                return usage();
        if (!strcmp(cli->args[0], "list")) {
                bool json = false;

                for (int i = 1; i < cli->arg_cnt; i++) {
                        if (strcmp(cli->args[i], "--json"))
                                return usage();
                        json = true;
                }
                return quota_list(cli, json);
        }
        if (!strcmp(cli->args[0], "set"))
                return quota_change(cli, false);
        if (!strcmp(cli->args[0], "remove"))
                return quota_change(cli, true);
        return usage();
}
