/* governance.c - the governance view's data. */
#include "governance.h"
#include "gov_collect.h"
#include "leo_history.h"
#include "policy_lint.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

static void usage(const struct kx_policy *pol, const struct kx_snapshot *snap, struct kx_governance *g)
{
        g->usage_cnt = pol->team_cnt;
        g->usage = kx_xcalloc((size_t)pol->team_cnt + 1, sizeof(*g->usage));
        for (int i = 0; i < pol->team_cnt; i++) {
                g->usage[i].team = pol->teams[i].name;
                g->usage[i].max_topics = pol->teams[i].max_topics;
                g->usage[i].max_partitions_per_topic = pol->teams[i].max_partitions_per_topic;
        }
        for (int i = 0; i < snap->topic_cnt; i++) {
                const struct kx_policy_team *tm = snap->topics[i].internal ? NULL
                                                                           : kx_policy_team_for(pol, snap->topics[i].name);
                struct kx_team_usage *u = tm ? &g->usage[tm - pol->teams] : NULL;

                if (!u)
                        continue;
                u->topics++;
                if (snap->topics[i].partition_cnt > u->widest)
                        u->widest = snap->topics[i].partition_cnt;
        }
}

void kx_governance_build(const struct kx_policy *pol, struct kx_store *store, const struct kx_snapshot *snap,
                         int64_t now_ms, struct kx_governance *out)
{
        kx_governance_build_configs(pol, store, snap, now_ms, NULL, NULL, out);
}

void kx_governance_build_configs(const struct kx_policy *pol, struct kx_store *store,
                                 const struct kx_snapshot *snap, int64_t now_ms, const json_t *configs,
                                 const char *configs_note, struct kx_governance *out)
{
        struct kx_size_source src;
        json_t *rates = NULL;
        struct kx_err err;

        memset(out, 0, sizeof(*out));
        if (snap->quotas_at_ms)
                snprintf(out->client_quotas, sizeof(out->client_quotas),
                         "%d configured value(s), listed in the Quotas view (0); change with `klaxon quota "
                         "set|remove`", snap->quota_cnt);
        else
                snprintf(out->client_quotas, sizeof(out->client_quotas), "not read yet%s%s",
                         snap->quotas_error ? ": " : "", snap->quotas_error ? snap->quotas_error : "");
        if (store && (kx_leo_rates(store, snap, now_ms, KX_RATE_WINDOW_MS, KX_RATE_MIN_MS, &rates, &err) ||
                      kx_topic_request_list(store, true, &out->requests, &out->request_cnt, &err) ||
                      kx_idle_detect(pol, store, snap, now_ms, &out->idle, &err)))
                snprintf(out->error, sizeof(out->error), "%s", err.msg);
        snprintf(out->configs_note, sizeof(out->configs_note), "%s",
                 configs_note ? configs_note : configs ? "configs rules included" : "configs rules: klaxon policy check");
        kx_policy_lint(pol, snap, configs, rates, &out->findings);
        usage(pol, snap, out);
        if (snap->logdirs_at_ms) {
                src = kx_size_from_snapshot();
                snprintf(out->size_label, sizeof(out->size_label), "%s", src.label);
        } else {
                src = kx_size_estimate(pol, out->size_label, sizeof(out->size_label));
        }
        kx_cost_compute(pol, snap, rates, &src, &out->cost);
        json_decref(rates);
}

void kx_governance_free(struct kx_governance *g)
{
        kx_findings_free(&g->findings);
        kx_topic_requests_free(g->requests, g->request_cnt);
        free(g->usage);
        kx_idle_list_free(&g->idle);
        kx_cost_report_free(&g->cost);
        memset(g, 0, sizeof(*g));
}
