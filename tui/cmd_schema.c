/* cmd_schema.c - `klaxon schema list | show SUBJECT | rollback SUBJECT
 * [--to-version N] [--pin-compat LEVEL] [--dry-run | --yes] | register
 * SUBJECT FILE [--type T] | violations [--since DURATION]`, against
 * --registry URL. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_schema_rollback.h"
#include "../core/kafka.h"
#include "../core/registry.h"
#include "../core/sanitize.h"
#include "../core/schema_violations.h"
#include "../core/timeparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 10000

static void print_clean(const char *fmt_prefix, const char *raw)
{
        char *clean = kx_sanitize_dup(raw);

        printf("%s%s\n", fmt_prefix, clean);
        free(clean);
}

static int list_subjects(const char *url)
{
        json_t *names = NULL, *n;
        struct kx_err err;
        char level[32], clean_level[64], subject[300];
        size_t i;
        int rc = 0;

        if (kx_registry_subjects(url, false, TIMEOUT_MS, &names, &err))
                return kx_cli_fail(&err);
        printf("%-40s %8s %8s  %s\n", "SUBJECT", "LATEST", "ID", "COMPATIBILITY");
        json_array_foreach(names, i, n) {
                struct kx_schema s;
                bool global;
                const char *name = json_string_value(n);

                if (!name)
                        continue;
                kx_sanitize(subject, sizeof(subject), name, strlen(name));
                if (kx_registry_get(url, name, KX_REGISTRY_LATEST, TIMEOUT_MS, &s, &err) ||
                    kx_registry_compat_get(url, name, TIMEOUT_MS, level, sizeof(level), &global, &err)) {
                        kx_cli_fail(&err);
                        rc = KX_EXIT_PARTIAL;
                        continue;
                }
                kx_sanitize(clean_level, sizeof(clean_level), level, strlen(level));
                printf("%-40s %8d %8d  %s%s\n", subject, s.version, s.id, clean_level,
                       global ? " (global)" : "");
                kx_schema_free(&s);
        }
        json_decref(names);
        return rc;
}

static int show_subject(const char *url, const char *subject)
{
        json_t *live = NULL, *all = NULL, *v;
        struct kx_schema s;
        struct kx_err err;
        char level[32], clean_level[64], name[300], type[64];
        bool global;
        size_t i;

        if (kx_registry_versions(url, subject, false, TIMEOUT_MS, &live, &err) ||
            kx_registry_versions(url, subject, true, TIMEOUT_MS, &all, &err)) {
                json_decref(live);
                return kx_cli_fail(&err);
        }
        kx_sanitize(name, sizeof(name), subject, strlen(subject));
        printf("subject: %s\nversions:", name);
        json_array_foreach(all, i, v) {
                bool deleted = true;
                size_t j;
                json_t *w;

                json_array_foreach(live, j, w)
                        deleted = deleted && json_integer_value(w) != json_integer_value(v);
                printf(" %lld%s", (long long)json_integer_value(v), deleted ? " (deleted)" : "");
        }
        printf("\n");
        json_decref(live);
        json_decref(all);
        if (kx_registry_compat_get(url, subject, TIMEOUT_MS, level, sizeof(level), &global, &err) ||
            kx_registry_get(url, subject, KX_REGISTRY_LATEST, TIMEOUT_MS, &s, &err))
                return kx_cli_fail(&err);
        kx_sanitize(clean_level, sizeof(clean_level), level, strlen(level));
        kx_sanitize(type, sizeof(type), s.type, strlen(s.type));
        printf("compatibility: %s%s\nlatest: version %d, schema id %d, %s\n", clean_level,
               global ? " (global)" : "", s.version, s.id, type);
        print_clean("schema: ", s.schema);
        kx_schema_free(&s);
        return 0;
}

static int register_file(struct kx_cli *cli, const char *url, const char *subject, const char *file,
                         const char *type)
{
        struct kx_store store;
        struct kx_err err;
        char *text;
        long len;
        FILE *f = fopen(file, "r");
        int id, rc;

        if (!f) {
                fprintf(stderr, "klaxon: schema register: cannot open %s\n", file);
                return KX_EXIT_USAGE;
        }
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        rewind(f);
        text = calloc(1, (size_t)(len > 0 ? len : 0) + 1);
        if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
                fclose(f);
                free(text);
                fprintf(stderr, "klaxon: schema register: cannot read %s\n", file);
                return KX_EXIT_USAGE;
        }
        fclose(f);
        if (kx_store_open(&cli->cfg, &store, &err)) {
                free(text);
                return kx_cli_fail(&err);
        }
        rc = kx_schema_register_recorded(&store, cli->cfg.read_only, url, subject, text, type,
                                         TIMEOUT_MS, &id, &err);
        kx_store_close(&store);
        free(text);
        if (rc)
                return kx_cli_fail(&err);
        printf("registered under %s: schema id %d\n", subject, id);
        return 0;
}

static int violations(struct kx_cli *cli, const char *since)
{
        struct kx_schema_violations v;
        struct kx_store store;
        struct kx_err err;
        int64_t now = kx_now_ms(), window = 24 * 3600 * 1000LL;
        int rc;

        if (since && kx_parse_duration(since, &window, &err))
                return kx_cli_fail(&err);
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        rc = kx_schema_violations(&store, now - window, now + 1, &v, &err);
        kx_store_close(&store);
        if (rc)
                return kx_cli_fail(&err);
        printf("attempts %lld registered %lld incompatible %lld failed %lld\n", (long long)v.attempts,
               (long long)v.registered, (long long)v.incompatible, (long long)v.failed);
        return 0;
}

int kx_cmd_schema(struct kx_cli *cli)
{
        const char *url = cli->cfg.registry_url, *sub = cli->arg_cnt ? cli->args[0] : "";
        const char *subject = NULL, *file = NULL, *pin = NULL, *type = NULL, *since = NULL;
        struct cli_action_opts aopts = {0};
        int to_version = 0;

        if (!url) {
                fprintf(stderr, "klaxon: schema: no schema registry URL: use --registry URL or "
                                "\"registry:\" in the config context\n");
                return KX_EXIT_USAGE;
        }
        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i], *next = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);
                char *end;

                if (used) {
                        i += used - 1;
                } else if (!strcmp(a, "--to-version") && next) {
                        to_version = (int)strtol(next, &end, 10);
                        if (*end || to_version <= 0) {
                                fprintf(stderr, "klaxon: schema: --to-version: \"%s\" is not a "
                                                "version number\n", next);
                                return KX_EXIT_USAGE;
                        }
                        i++;
                } else if (!strcmp(a, "--pin-compat") && next) {
                        pin = cli->args[++i];
                } else if (!strcmp(a, "--type") && next) {
                        type = cli->args[++i];
                } else if (!strcmp(a, "--since") && next) {
                        since = cli->args[++i];
                } else if (!subject) {
                        subject = a;
                } else if (!file) {
                        file = a;
                }
        }
        if (!strcmp(sub, "list"))
                return list_subjects(url);
        if (!strcmp(sub, "show") && subject)
                return show_subject(url, subject);
        if (!strcmp(sub, "rollback") && subject)
                return cli_action_run(cli, kx_action_schema_rollback(url, subject, to_version, pin), &aopts);
        if (!strcmp(sub, "register") && subject && file)
                return register_file(cli, url, subject, file, type);
        if (!strcmp(sub, "violations"))
                return violations(cli, since);
        fprintf(stderr, "usage: klaxon schema list | show SUBJECT | rollback SUBJECT [--to-version N] "
                        "[--pin-compat LEVEL] [--dry-run | --yes] | register SUBJECT FILE [--type T] | "
                        "violations [--since DURATION]\n");
        return KX_EXIT_USAGE;
}
