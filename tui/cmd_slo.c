/* cmd_slo.c - `klaxon slo status [--json] [--slo FILE] [--topic T]
 * [--prometheus URL]` and `klaxon slo rules [--slo FILE]`. */
#include "cli.h"
#include "../core/kafka.h"
#include "../core/slo_report.h"
#include "../core/slo_rules.h"
#include "../core/snapshot_json.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static json_t *num_or_null(bool has, double v)
{
        if (!has)
                return json_null();
        return isinf(v) ? json_string("inf") : json_real(v);
}

static json_t *result_json(const struct kx_slo_config *cfg, const struct kx_slo_result *r)
{
        json_t *burn = json_object(), *spark = json_array();
        char w[16];

        for (int i = 0; i < r->burn_cnt; i++)
                json_object_set_new(burn, kx_slo_duration_str(r->burn[i].window_ms, w, sizeof(w)),
                                    num_or_null(r->burn[i].has_data, r->burn[i].rate));
        for (int i = 0; i < KX_SLO_SPARK; i++)
                json_array_append_new(spark, num_or_null(!isnan(r->spark[i]), r->spark[i]));
        return json_pack("{s:s, s:s, s:f, s:f, s:b, s:f, s:f, s:o, s:s, s:f, s:f, s:o, s:s, s:o,"
                         " s:s, s:o, s:s?}",
                         "sli", kx_sli_key(r->sli), "title", kx_sli_title(r->sli), "objective",
                         r->objective, "threshold", cfg->sli[r->sli].threshold, "has_data",
                         r->has_data, "good", r->window.good, "bad", r->window.bad, "sli_pct",
                         num_or_null(r->has_data, r->sli_pct), "unit", kx_sli_unit(r->sli),
                         "budget_remaining", r->remaining, "coverage", r->coverage, "burn", burn,
                         "alert", kx_slo_severity_name(r->alert), "current",
                         num_or_null(r->has_current, r->current), "policy",
                         kx_slo_policy_name(r->policy), "spark", spark, "error",
                         r->error[0] ? r->error : NULL);
}

static void print_json(const struct kx_slo_config *cfg, const struct kx_slo_report *rep,
                       const char *topic)
{
        json_t *slis = json_array(), *doc;
        char when[40];

        for (int i = 0; i < KX_SLI_COUNT; i++)
                json_array_append_new(slis, result_json(cfg, &rep->sli[i]));
        doc = json_pack("{s:s, s:s, s:I, s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
                        " s:o, s:o, s:o}}",
                        "at", kx_iso8601(rep->now_ms, when, sizeof(when)), "config", cfg->source,
                        "window_ms", (json_int_t)cfg->window_ms, "topic", topic, "slis", slis, "probe",
                        "attempts", (json_int_t)rep->attempts, "successes", (json_int_t)rep->successes,
                        "failures", (json_int_t)rep->failures, "delivered", (json_int_t)rep->delivered,
                        "received", (json_int_t)rep->received, "lost", (json_int_t)rep->lost,
                        "duplicates", (json_int_t)rep->duplicates, "broker_up",
                        (json_int_t)rep->broker_up, "broker_down", (json_int_t)rep->broker_down,
                        "p50_ms", num_or_null(rep->p50_ms >= 0, rep->p50_ms), "p99_ms",
                        num_or_null(rep->p99_ms >= 0, rep->p99_ms), "p999_ms",
                        num_or_null(rep->p999_ms >= 0, rep->p999_ms));
        json_object_set_new(doc, "probe_error",
                            rep->probe_error[0] ? json_string(rep->probe_error) : json_null());
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(doc);
}

static void print_text(const struct kx_slo_config *cfg, const struct kx_slo_report *rep)
{
        char w[16], cur[32], burn[16];

        printf("SLOs over %s (%s)\n", kx_slo_duration_str(cfg->window_ms, w, sizeof(w)), cfg->source);
        if (rep->probe_error[0])
                printf("probe: %s\n", rep->probe_error);
        printf("%-20s %9s %11s %8s", "SLI", "objective", "current", "budget");
        for (int i = 0; i < cfg->burn_window_cnt; i++)
                printf(" %6s", kx_slo_duration_str(cfg->burn_windows_ms[i], w, sizeof(w)));
        printf("  %-6s %s\n", "alert", "policy");
        for (int s = 0; s < KX_SLI_COUNT; s++) {
                const struct kx_slo_result *r = &rep->sli[s];

                if (r->has_current)
                        snprintf(cur, sizeof(cur), "%.*f %s", s == KX_SLI_PRODUCE || s == KX_SLI_BROKERS ? 3 : 0,
                                 r->current, kx_sli_unit(r->sli));
                else
                        snprintf(cur, sizeof(cur), "-");
                printf("%-20s %8.2f%% %11s %7.1f%%", kx_sli_title(r->sli), r->objective, cur,
                       r->has_data ? r->remaining * 100 : 100.0);
                for (int i = 0; i < r->burn_cnt; i++) {
                        if (!r->burn[i].has_data)
                                snprintf(burn, sizeof(burn), "-");
                        else if (isinf(r->burn[i].rate))
                                snprintf(burn, sizeof(burn), "inf");
                        else
                                snprintf(burn, sizeof(burn), "%.1fx", r->burn[i].rate);
                        printf(" %6s", burn);
                }
                printf("  %-6s %s\n", kx_slo_severity_name(r->alert), kx_slo_policy_name(r->policy));
                if (r->error[0])
                        printf("    %s\n", r->error);
        }
}

static int cmd_status(struct kx_cli *cli, const struct kx_slo_config *cfg, bool json,
                      const char *topic, const char *prom)
{
        struct kx_slo_report rep;
        struct kx_store store;
        struct kx_err err;
        int rc;

        if (kx_store_open(&cli->cfg, &store, &err))
                return kx_cli_fail(&err);
        rc = kx_slo_report_build(cfg, &store, topic, prom, kx_now_ms(), &rep, &err);
        kx_store_close(&store);
        if (rc)
                return kx_cli_fail(&err);
        if (json)
                print_json(cfg, &rep, topic);
        else
                print_text(cfg, &rep);
        return KX_EXIT_OK;
}

int kx_cmd_slo(struct kx_cli *cli)
{
        const char *slo = NULL, *topic = NULL, *prom = NULL;
        struct kx_slo_config cfg;
        struct kx_err err;
        bool json = false;

        if (cli->arg_cnt < 1 || (strcmp(cli->args[0], "status") && strcmp(cli->args[0], "rules")))
                goto usage;
        for (int i = 1; i < cli->arg_cnt; i++) {
                const char *a = cli->args[i], *v = i + 1 < cli->arg_cnt ? cli->args[i + 1] : NULL;

                if (!strcmp(a, "--json"))
                        json = true;
                else if (!strcmp(a, "--slo") && v)
                        slo = cli->args[++i];
                else if (!strcmp(a, "--topic") && v)
                        topic = cli->args[++i];
                else if (!strcmp(a, "--prometheus") && v)
                        prom = cli->args[++i];
                else
                        goto usage;
        }
        if (kx_slo_config_load(&cfg, slo, &err))
                return kx_cli_fail(&err);
        if (!strcmp(cli->args[0], "rules")) {
                kx_slo_rules_write(&cfg, stdout);
                return KX_EXIT_OK;
        }
        /* the global --prometheus (or the context's "prometheus:") is the same URL */
        return cmd_status(cli, &cfg, json, topic ? topic : cfg.probe_topic, prom ? prom : cli->cfg.prometheus_url);
usage:
        fprintf(stderr, "usage: klaxon slo status [--json] [--slo FILE] [--topic T] [--prometheus URL]\n"
                        "       klaxon slo rules [--slo FILE]\n");
        return KX_EXIT_USAGE;
}
