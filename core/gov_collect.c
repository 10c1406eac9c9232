/* gov_collect.c - one collection for the governance commands. */
#include "gov_collect.h"
#include "collector.h"
#include "leo_history.h"
#include "topic_configs_all.h"

#include <stdio.h>
#include <string.h>

int kx_gov_collect(const struct kx_config *cfg, struct kx_logbuf *lb, struct kx_store *store,
                   int64_t now_ms, struct kx_gov_data *out, struct kx_err *err)
{
        struct kx_collector *c = NULL;
        struct kx_err e2;
        int rc;

        memset(out, 0, sizeof(*out));
        rc = kx_collector_new(cfg, lb, NULL, &c, err);
        if (!rc) {
                rc = kx_collector_collect(c, &out->snap, err);
                if (rc == KX_ERR_PARTIAL) {
                        snprintf(out->warning, sizeof(out->warning), "partial snapshot: %s", err->msg);
                        rc = 0;
                }
        }
        if (!rc && kx_topic_configs_all(kx_collector_handle(c), out->snap, 10000, &out->configs, &e2))
                snprintf(out->warning, sizeof(out->warning), "%s", e2.msg);
        kx_collector_destroy(c);
        if (rc)
                return rc;
        if (store && (kx_leo_record(store, out->snap, now_ms, KX_LEO_SPACING_MS, &e2) ||
                      kx_leo_rates(store, out->snap, now_ms, KX_RATE_WINDOW_MS, KX_RATE_MIN_MS, &out->rates,
                                   &e2)))
                snprintf(out->warning, sizeof(out->warning), "offset history: %s", e2.msg);
        if (!out->rates)
                out->rates = json_object();
        return 0;
}

void kx_gov_data_done(struct kx_gov_data *d)
{
        kx_snapshot_unref(d->snap);
        json_decref(d->configs);
        json_decref(d->rates);
        memset(d, 0, sizeof(*d));
}
