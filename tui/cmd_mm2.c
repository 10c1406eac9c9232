/* cmd_mm2.c - `klaxon mm2 status --source BOOTSTRAP [--alias A] [--max-lag N]
 * | restart [--dry-run | --yes] | translate GROUP [--alias A] [--dry-run |
 * --yes]`: -b is the target cluster, --connect the worker running the MM2
 * connectors, --source the source cluster's bootstrap. */
#include "cli.h"
#include "cli_action.h"
#include "../core/action_mm2_restart.h"
#include "../core/action_mm2_translate.h"
#include "../core/mm2.h"
#include "../core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 10000

static void clean(char *dst, size_t size, const char *raw)
{
        kx_sanitize(dst, size, raw, strlen(raw));
}

static void print_health(const struct kx_mm2_health *h, bool ok, const char *why)
{
        char a[400], b[400], st[64];

        clean(a, sizeof(a), why);
        printf("mirrormaker: %s %s\n", ok ? "in sync" : "OUT OF SYNC", a);
        for (int i = 0; i < h->connector_cnt; i++) {
                const struct kx_mm2_connector *c = &h->connectors[i];

                clean(a, sizeof(a), c->name);
                clean(b, sizeof(b), c->trace);
                clean(st, sizeof(st), c->state);
                printf("connector %s %s %s tasks %d/%d failed %d%s%s\n", a, c->kind, st, c->running,
                       c->tasks, c->failed, b[0] ? "  " : "", b);
        }
        for (int i = 0; i < h->topic_cnt; i++) {
                const struct kx_mm2_topic *t = &h->topics[i];

                clean(a, sizeof(a), t->source);
                clean(b, sizeof(b), t->target);
                printf("topic %s -> %s source %lld target %lld lag %lld", a, b, (long long)t->source_leo,
                       (long long)t->target_leo, (long long)t->lag);
                if (t->lag_ms < 0)
                        printf(" (age unknown)\n");
                else
                        printf(" (%.1fs)\n", (double)t->lag_ms / 1000.0);
        }
        if (h->heartbeat_age_ms < 0)
                printf("heartbeat none\n");
        else
                printf("heartbeat %.1fs ago\n", (double)h->heartbeat_age_ms / 1000.0);
        for (int i = 0; i < h->group_cnt; i++) {
                clean(a, sizeof(a), h->groups[i].group);
                printf("group %s partitions %d checkpoint-lag %lld\n", a, h->groups[i].partitions,
                       (long long)h->groups[i].lag);
        }
        for (int i = 0; i < h->checkpoint_cnt; i++) {
                const struct kx_mm2_checkpoint *cp = &h->checkpoints[i];

                clean(a, sizeof(a), cp->group);
                clean(b, sizeof(b), cp->topic);
                printf("checkpoint %s %s %d upstream %lld downstream %lld\n", a, b, cp->partition,
                       (long long)cp->upstream, (long long)cp->downstream);
        }
}

static int status(struct kx_cli *cli, const char *source, const char *alias, int64_t max_lag)
{
        struct kx_logbuf lb;
        struct kx_mm2_health *h = NULL;
        rd_kafka_t *src = NULL, *tgt = NULL;
        struct kx_err err;
        char why[400];
        int rc;

        if (!source) {
                fprintf(stderr, "klaxon: mm2 status: --source BOOTSTRAP (the source cluster; or "
                                "--mm2-source, \"mm2-source:\" in the config context) is needed\n");
                return KX_EXIT_USAGE;
        }
        kx_logbuf_init(&lb);
        src = kx_mm2_reader(&cli->cfg, source, &lb, &err);
        tgt = src ? kx_mm2_reader(&cli->cfg, NULL, &lb, &err) : NULL;
        rc = tgt ? kx_mm2_collect(src, tgt, cli->cfg.connect_url, alias, TIMEOUT_MS, &h, &err) : err.code;
        if (!rc) {
                bool ok = kx_mm2_in_sync(h, max_lag, KX_MM2_HEARTBEAT_MAX_MS, why, sizeof(why));

                print_health(h, ok, why);
                rc = ok ? 0 : KX_EXIT_PARTIAL;
        } else {
                rc = kx_cli_fail(&err);
        }
        kx_mm2_health_free(h);
        if (tgt)
                rd_kafka_destroy(tgt);
        if (src)
                rd_kafka_destroy(src);
        kx_logbuf_done(&lb);
        return rc;
}

int kx_cmd_mm2(struct kx_cli *cli)
{
        const char *sub = cli->arg_cnt ? cli->args[0] : "", *source = cli->cfg.mm2_source, *alias = NULL, *group = NULL;
        struct cli_action_opts aopts = {0};
        int64_t max_lag = 0;

        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i];
                bool has_next = i + 1 < cli->arg_cnt;
                int used = cli_action_opt(&aopts, cli->args, cli->arg_cnt, i);

                if (used)
                        i += used - 1;
                else if (!strcmp(a, "--source") && has_next)
                        source = cli->args[++i];
                else if (!strcmp(a, "--alias") && has_next)
                        alias = cli->args[++i];
                else if (!strcmp(a, "--max-lag") && has_next)
                        max_lag = strtoll(cli->args[++i], NULL, 10);
                else if (!group)
                        group = a;
        }
        if (!strcmp(sub, "status"))
                return status(cli, source, alias, max_lag);
        if (!strcmp(sub, "restart") && !cli->cfg.connect_url) {
                fprintf(stderr, "klaxon: mm2 restart: no Kafka Connect URL: use --connect URL\n");
                return KX_EXIT_USAGE;
        }
        if (!strcmp(sub, "restart"))
                return cli_action_run(cli, kx_action_mm2_restart(cli->cfg.connect_url), &aopts);
        if (!strcmp(sub, "translate") && group)
                return cli_action_run(cli, kx_action_mm2_translate(&cli->cfg, alias ? alias : "source", group),
                                      &aopts);
        fprintf(stderr, "usage: klaxon mm2 status --source BOOTSTRAP [--alias A] [--max-lag N] | restart "
                        "[--dry-run | --yes] | translate GROUP [--alias A] [--dry-run | --yes]\n"
                        "  (-b is the target cluster, --connect the MirrorMaker 2 worker)\n");
        return KX_EXIT_USAGE;
}
