/* slo_report.c - every SLI from its source (see slo_report.h). */
#include "slo_report.h"
#include "probe_store.h"
#include "schema_violations.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Schema violations from klaxon's recorded registrations (see
 * schema_violations.h): good = accepted, bad = refused as incompatible;
 * other failures say nothing about compatibility and are left out. A
 * range with no attempt covers nothing: no data, never good or bad. */
static int sum_schema(void *ctx, int64_t from, int64_t to, struct kx_slo_counts *out,
                      struct kx_err *err)
{
        struct kx_schema_violations v;
        int rc = kx_schema_violations(ctx, from, to, &v, err);

        memset(out, 0, sizeof(*out));
        if (rc)
                return rc;
        out->good = (double)v.registered;
        out->bad = (double)v.incompatible;
        out->covered_ms = v.registered + v.incompatible > 0 ? to - from : 0;
        return 0;
}

struct bucket_src {
        const struct kx_slo_bucket *b;
        int n;
        int64_t now;
};

static int sum_buckets(void *ctx, int64_t from, int64_t to, struct kx_slo_counts *out,
                       struct kx_err *err)
{
        struct bucket_src *s = ctx;

        (void)err;
        kx_slo_sum_buckets(s->b, s->n, from, to, s->now, out);
        return 0;
}

/* Replication lag from Prometheus: count sub-query steps over (from, to]. */
struct prom_src {
        struct kx_prom prom;
        double threshold;
        struct kx_err failed;     /* the first transport failure, then fail fast */
};

static int prom_count(struct prom_src *s, const char *expr, int64_t window_ms, int64_t at,
                      double *n, struct kx_err *err)
{
        char q[512];
        int64_t res = window_ms / 30;
        bool found;

        res = res < 1000 ? 1000 : res > 60000 ? 60000 : res / 1000 * 1000;
        snprintf(q, sizeof(q), "count_over_time((%s)[%llds:%llds])", expr,
                 (long long)(window_ms / 1000 > 0 ? window_ms / 1000 : 1), (long long)(res / 1000));
        return kx_prom_query(&s->prom, q, at, n, &found, err);
}

static int sum_prom(void *ctx, int64_t from, int64_t to, struct kx_slo_counts *out,
                    struct kx_err *err)
{
        struct prom_src *s = ctx;
        char bad_expr[256];
        double total = 0, bad = 0;
        int rc;

        memset(out, 0, sizeof(*out));
        if (s->failed.code) {
                *err = s->failed;
                return err->code;
        }
        snprintf(bad_expr, sizeof(bad_expr), "max(" KX_REPLAG_METRIC ") >= %.17g", s->threshold);
        rc = prom_count(s, "max(" KX_REPLAG_METRIC ")", to - from, to, &total, err);
        if (!rc)
                rc = prom_count(s, bad_expr, to - from, to, &bad, err);
        if (rc) {
                s->failed = *err;
                return rc;
        }
        out->good = total - bad;
        out->bad = bad;
        out->covered_ms = total > 0 ? to - from : 0;
        return 0;
}

static void probe_totals(struct kx_slo_report *r, const struct kx_probe_bucket *pb, int n,
                         int64_t from)
{
        struct kx_hist h = {0};

        for (int i = 0; i < n; i++) {
                if (pb[i].start_ms + pb[i].width_ms <= from)
                        continue;
                r->attempts += pb[i].attempts;
                r->successes += pb[i].successes;
                r->failures += pb[i].failures;
                r->delivered += pb[i].delivered;
                r->received += pb[i].received;
                r->lost += pb[i].lost;
                r->duplicates += pb[i].duplicates;
                r->broker_up += pb[i].broker_up;
                r->broker_down += pb[i].broker_down;
                kx_hist_merge(&h, &pb[i].hist);
        }
        r->p50_ms = kx_hist_quantile(&h, 0.5);
        r->p99_ms = kx_hist_quantile(&h, 0.99);
        r->p999_ms = kx_hist_quantile(&h, 0.999);
}

/* Evaluate one probe SLI whose good/bad come from two bucket fields. */
static void eval_probe(const struct kx_slo_config *cfg, enum kx_sli sli, int64_t now,
                       const struct kx_probe_bucket *pb, int n, struct kx_slo_bucket *tmp,
                       struct kx_slo_result *out)
{
        struct bucket_src src = {tmp, n, now};

        for (int i = 0; i < n; i++) {
                const struct kx_probe_bucket *b = &pb[i];
                double good = 0, bad = 0;

                switch (sli) {
                case KX_SLI_PRODUCE: good = (double)b->successes, bad = (double)b->failures; break;
                case KX_SLI_LATENCY: good = (double)(b->delivered - b->slow), bad = (double)b->slow; break;
                case KX_SLI_DURABILITY: good = (double)b->received, bad = (double)b->lost; break;
                default: good = (double)b->broker_up, bad = (double)b->broker_down; break;
                }
                tmp[i] = (struct kx_slo_bucket){b->start_ms, b->width_ms, good, bad};
        }
        kx_slo_eval(cfg, sli, now, sum_buckets, &src, out);
}

int kx_slo_report_build(const struct kx_slo_config *cfg, struct kx_store *store, const char *topic,
                        const char *prom_url, int64_t now_ms, struct kx_slo_report *out,
                        struct kx_err *err)
{
        static const enum kx_sli probe_slis[] = {KX_SLI_PRODUCE, KX_SLI_LATENCY, KX_SLI_DURABILITY,
                                                 KX_SLI_BROKERS};
        struct prom_src ps = {{prom_url ? prom_url : cfg->prometheus_url,
                               (int)cfg->prometheus_timeout_ms},
                              cfg->sli[KX_SLI_REPLAG].threshold, {0, ""}};
        struct kx_probe_bucket *pb = NULL;
        struct kx_slo_bucket *tmp;
        int n = 0, rc;
        bool found;
        double v;
        struct kx_err perr;

        memset(out, 0, sizeof(*out));
        out->now_ms = now_ms;
        rc = kx_probe_store_buckets(store, topic, now_ms - cfg->window_ms, &pb, &n, err);
        if (rc)
                return rc;
        kx_probe_meta_get(store, "last_error", out->probe_error, sizeof(out->probe_error), err);
        tmp = kx_xcalloc((size_t)(n > 0 ? n : 1), sizeof(*tmp));
        for (size_t i = 0; i < sizeof(probe_slis) / sizeof(probe_slis[0]); i++)
                eval_probe(cfg, probe_slis[i], now_ms, pb, n, tmp, &out->sli[probe_slis[i]]);
        probe_totals(out, pb, n, now_ms - cfg->window_ms);
        free(tmp);
        free(pb);
        out->sli[KX_SLI_PRODUCE].has_current = out->sli[KX_SLI_PRODUCE].has_data;
        out->sli[KX_SLI_PRODUCE].current = out->sli[KX_SLI_PRODUCE].sli_pct;
        out->sli[KX_SLI_LATENCY].has_current = out->p99_ms >= 0;
        out->sli[KX_SLI_LATENCY].current = out->p99_ms;
        out->sli[KX_SLI_DURABILITY].has_current = out->sli[KX_SLI_DURABILITY].has_data;
        out->sli[KX_SLI_DURABILITY].current = (double)out->lost;
        out->sli[KX_SLI_BROKERS].has_current = out->sli[KX_SLI_BROKERS].has_data;
        out->sli[KX_SLI_BROKERS].current = out->sli[KX_SLI_BROKERS].sli_pct;

        kx_slo_eval(cfg, KX_SLI_SCHEMA, now_ms, sum_schema, store, &out->sli[KX_SLI_SCHEMA]);
        if (!out->sli[KX_SLI_SCHEMA].has_data && !out->sli[KX_SLI_SCHEMA].err_code)
                snprintf(out->sli[KX_SLI_SCHEMA].error, sizeof(out->sli[KX_SLI_SCHEMA].error),
                         "no data: no schema registration by klaxon in the window");

        kx_slo_eval(cfg, KX_SLI_REPLAG, now_ms, sum_prom, &ps, &out->sli[KX_SLI_REPLAG]);
        if (!ps.failed.code &&
            !kx_prom_query(&ps.prom, "max(" KX_REPLAG_METRIC ")", now_ms, &v, &found, &perr)) {
                out->sli[KX_SLI_REPLAG].has_current = found;
                out->sli[KX_SLI_REPLAG].current = v;
        }
        return 0;
}
