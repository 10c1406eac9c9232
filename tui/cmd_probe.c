/* cmd_probe.c - `klaxon probe [--topic T] [--interval D] [--bucket D]
 * [--timeout D] [--replication N] [--rounds N] [--duration D]
 * [--role both|produce|consume] [--no-create] [--slo FILE] [--quiet]
 * [--metrics HOST:PORT]`: the canary probe daemon (core/probe.h). With
 * --metrics it also serves its SLIs at http://HOST:PORT/metrics for
 * Prometheus (core/probe_metrics.h, core/metrics_server.h); off by default. SIGTERM/SIGINT stop it cleanly:
 * what is in flight is delivered, the current bucket and the resume state
 * are written. */
#include "cli.h"
#include "../core/metrics_server.h"
#include "../core/probe.h"
#include "../core/slo_config.h"
#include "../core/timeparse.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t probe_stop;

static char *render_metrics(void *ctx)
{
        return kx_probe_metrics_render(ctx);
}

static void on_signal(int sig)
{
        (void)sig;
        probe_stop = 1;
}

static int usage(const char *why)
{
        if (why)
                fprintf(stderr, "klaxon: probe: %s\n", why);
        fprintf(stderr, "usage: klaxon probe [--topic T] [--interval 1s] [--bucket 1m] [--timeout 5s]\n"
                        "         [--replication N] [--rounds N] [--duration D]\n"
                        "         [--role both|produce|consume] [--no-create] [--slo FILE] [--quiet]\n"
                        "         [--metrics HOST:PORT]   serve the SLIs at http://HOST:PORT/metrics\n"
                        "                                 for Prometheus (off by default; port 0 picks one)\n");
        return KX_EXIT_USAGE;
}

static int duration_opt(const char *name, const char *text, int64_t *ms)
{
        struct kx_err err;

        if (kx_parse_duration(text, ms, &err) || *ms <= 0) {
                fprintf(stderr, "klaxon: probe: %s: \"%s\" is not a duration (e.g. 500ms, 5s, 1m)\n",
                        name, text);
                return -1;
        }
        return 0;
}

/* Parse the options into o; slo_path receives --slo, metrics --metrics.
 * -1 on a usage error. */
static int parse_opts(struct kx_cli *cli, struct kx_probe_opts *o, const char **slo_path,
                      const char **metrics)
{
        for (int i = 0; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i], *v = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;
                int64_t ms;
                char *end;

                if (!strcmp(a, "--no-create")) {
                        o->create = false;
                        continue;
                }
                if (!strcmp(a, "--quiet")) {
                        o->progress = NULL;
                        continue;
                }
                if (!v)
                        return usage(strncmp(a, "--", 2) ? "unexpected argument" : "option needs a value"), -1;
                i++;
                if (!strcmp(a, "--topic")) {
                        o->topic = v;
                } else if (!strcmp(a, "--slo")) {
                        *slo_path = v;
                } else if (!strcmp(a, "--metrics")) {
                        *metrics = v;
                } else if (!strcmp(a, "--role")) {
                        o->produce = !strcmp(v, "both") || !strcmp(v, "produce");
                        o->consume = !strcmp(v, "both") || !strcmp(v, "consume");
                        if (!o->produce && !o->consume)
                                return usage("--role must be both, produce or consume"), -1;
                } else if (!strcmp(a, "--rounds") || !strcmp(a, "--replication")) {
                        long n = strtol(v, &end, 10);

                        if (*end || n < 1)
                                return usage("--rounds and --replication take a positive number"), -1;
                        if (a[2] == 'r' && a[3] == 'o')
                                o->rounds = n;
                        else
                                o->replication = (int)n;
                } else if (!strcmp(a, "--interval") || !strcmp(a, "--bucket") ||
                           !strcmp(a, "--timeout") || !strcmp(a, "--duration")) {
                        if (duration_opt(a, v, &ms))
                                return -1;
                        if (!strcmp(a, "--interval"))
                                o->interval_ms = (int)ms;
                        else if (!strcmp(a, "--bucket"))
                                o->bucket_ms = (int)ms;
                        else if (!strcmp(a, "--timeout"))
                                o->timeout_ms = (int)ms;
                        else
                                o->duration_ms = ms;
                } else {
                        return usage("unknown option"), -1;
                }
        }
        return 0;
}

int kx_cmd_probe(struct kx_cli *cli)
{
        struct kx_probe_opts o;
        struct kx_slo_config slo;
        struct kx_store store;
        struct kx_logbuf lb;
        struct kx_err err;
        struct sigaction sa;
        const char *slo_path = NULL, *metrics_addr = NULL;
        struct kx_probe_metrics metrics;
        struct kx_metrics_server *server = NULL;
        bool topic_given;
        int rc;

        kx_probe_opts_default(&o);
        o.progress = stdout;
        o.stop = &probe_stop;
        o.topic = NULL;
        if (parse_opts(cli, &o, &slo_path, &metrics_addr))
                return KX_EXIT_USAGE;
        topic_given = o.topic != NULL;
        if (kx_slo_config_load(&slo, slo_path, &err))
                return kx_cli_fail(&err);
        o.slow_ms = slo.sli[KX_SLI_LATENCY].threshold;
        if (!topic_given)
                o.topic = slo.probe_topic;
        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        if (metrics_addr) {
                kx_probe_metrics_init(&metrics, o.topic, o.slow_ms);
                if (kx_metrics_server_start(metrics_addr, render_metrics, &metrics, &server, &err)) {
                        kx_probe_metrics_done(&metrics);
                        kx_store_close(&store);
                        return kx_cli_fail(&err);
                }
                o.metrics = &metrics;
                if (o.progress) {
                        printf("probe: metrics at http://%s/metrics\n", kx_metrics_server_addr(server));
                        fflush(stdout);
                }
        }
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        kx_logbuf_init(&lb);
        rc = kx_probe_run(&cli->cfg, &o, &store, &lb, &err);
        if (server) {
                kx_metrics_server_stop(server);
                kx_probe_metrics_done(&metrics);
        }
        kx_logbuf_done(&lb);
        kx_store_close(&store);
        if (rc)
                return kx_cli_fail(&err);
        if (o.progress)
                printf("probe: stopped cleanly\n");
        return KX_EXIT_OK;
}
