/* cmd_quota.c - `klaxon quota list [--json]`, `klaxon quota set|remove
 * (--user U | --client-id C | --default | --default-client-id) ...`. */
#include "cli.h"
#include "cli_action.h"
#include "table.h"
#include "../core/action_quota.h"
#include "../core/quotas.h"
#include "../core/quota_observed.h"
#include "../core/sanitize.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPS 16

static int usage(void)
{
        fprintf(stderr, "usage: klaxon quota list [--json] [--prometheus URL]\n"
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

/* Observed throttling per configured key into every entry of arr (the
 * order of kx_quotas_json), and the whole observation as doc.observed. */
static void observed_json(json_t *doc, const struct kx_quotas_desc *q, const struct kx_quota_observations *o,
                          const char *source, const char *error)
{
        json_t *all = json_array(), *arr = json_object_get(doc, "quotas");

        for (int i = 0; o && i < q->entry_cnt; i++) {
                json_t *per = json_object();

                for (int j = 0; j < q->entries[i].value_cnt; j++) {
                        const struct kx_quota_observed *ob = kx_quota_observed_for(
                                o, q->entries[i].entity, q->entries[i].entity_cnt, q->entries[i].values[j].key);

                        if (ob)
                                json_object_set_new(per, q->entries[i].values[j].key, kx_quota_observed_json(ob));
                }
                json_object_set_new(json_array_get(arr, (size_t)i), "observed", per);
        }
        for (int i = 0; o && i < o->cnt; i++)
                json_array_append_new(all, kx_quota_observed_json(&o->items[i]));
        json_object_set_new(doc, "observed", json_pack("{s:s, s:o, s:o}", "source", source, "error",
                                                       error ? json_string(error) : json_null(), "entities", all));
}

/* Configured quotas with what the brokers observed next to each value;
 * then the observed entities no configured entry names exactly (a default
 * quota throttles them). */
static void observed_text(const struct kx_quotas_desc *q, const struct kx_quota_observations *o,
                          const char *source, const char *error)
{
        printf("%-40s %-28s %-14s %s\n", "ENTITY", "KEY", "VALUE", "OBSERVED");
        for (int i = 0; i < q->entry_cnt; i++)
                for (int j = 0; j < q->entries[i].value_cnt; j++) {
                        const struct kx_quota_observed *ob = kx_quota_observed_for(
                                o, q->entries[i].entity, q->entries[i].entity_cnt, q->entries[i].values[j].key);
                        char key[200], text[120];

                        print_entity_name(q->entries[i].entity, q->entries[i].entity_cnt);
                        kx_sanitize(key, sizeof(key), q->entries[i].values[j].key, strlen(q->entries[i].values[j].key));
                        printf(" %-28s %-14.17g %s\n", key, q->entries[i].values[j].value,
                               ob ? kx_quota_observed_text(ob, text, sizeof(text)) : o ? "-" : "n/a");
                }
        if (!q->entry_cnt)
                printf("(no client quotas configured)\n");
        printf("%s%s%s\n", source, error ? ": " : "", error ? error : "");
        for (int i = 0; o && i < o->cnt; i++) {
                const struct kx_quota_observed *ob = &o->items[i];
                bool named = false;
                char text[120];

                for (int e = 0; e < q->entry_cnt && !named; e++)
                        for (int j = 0; j < q->entries[e].value_cnt && !named; j++)
                                named = kx_quota_observed_for(o, q->entries[e].entity, q->entries[e].entity_cnt,
                                                              q->entries[e].values[j].key) == ob;
                if (!named)
                        printf("  %s user=%s client-id=%s (no quota of its own): %s\n", kx_quota_kind_name(ob->kind),
                               ob->user[0] ? ob->user : "-", ob->client_id[0] ? ob->client_id : "-",
                               kx_quota_observed_text(ob, text, sizeof(text)));
        }
}

static int quota_list(struct kx_cli *cli, bool json)
{
        struct kx_kadmin ka;
        struct kx_quotas_desc q;
        struct kx_quota_observations obs, *o = NULL;
        struct kx_arena a;
        struct kx_err err, perr;
        char source[400], *perror = NULL;
        int rc;

        kx_err_clear(&err);
        if ((rc = kx_kadmin_from_config(&ka, &cli->cfg, 10000, &err)))
                return kx_cli_fail(&err);
        kx_arena_init(&a);
        rc = kx_quotas_list(&ka, &a, &q, &err);
        kx_quota_observed_source(cli->cfg.prometheus_url, source, sizeof(source));
        if (cli->cfg.prometheus_url) {
                struct kx_prom p = {cli->cfg.prometheus_url, 10000};

                kx_err_clear(&perr);
                if (kx_quota_observed_read(&p, 0, &a, &obs, &perr))
                        perror = perr.msg;
                else
                        o = &obs;
        }
        if (rc) {
                rc = kx_cli_fail(&err);
        } else if (json) {
                json_t *doc = json_pack("{s:o}", "quotas", kx_quotas_json(&q));

                observed_json(doc, &q, o, source, perror);
                json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
                putchar('\n');
                json_decref(doc);
        } else {
                observed_text(&q, o, source, perror);
        }
        if (!rc && perror) {
                fprintf(stderr, "klaxon: %s\n", perror);
                rc = KX_EXIT_PARTIAL;
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
