/* slo_report.h - every SLI evaluated at one moment, from its source:
 *   produce success, consume latency, durability, broker availability
 *       the canary probe's buckets in sqlite (probe_store.h);
 *   replication lag
 *       Prometheus (JMX exporter metrics of the brokers): the share of
 *       sub-query steps where the max follower lag stayed under threshold;
 *   schema violations
 *       registrations klaxon sent to the schema registry, recorded in the
 *       state database (schema_violations.h): refused as incompatible = bad,
 *       accepted = good; no attempt in a window is "no data".
 */
#ifndef KX_SLO_REPORT_H
#define KX_SLO_REPORT_H

#include "prometheus.h"
#include "slo.h"
#include "store.h"

/* The Prometheus series the replication-lag SLI reads. */
#define KX_REPLAG_METRIC "kafka_server_fetcherlagmetrics_consumerlag"

struct kx_slo_report {
        int64_t now_ms;
        struct kx_slo_result sli[KX_SLI_COUNT];
        /* probe totals over the window */
        int64_t attempts, successes, failures, delivered, received, lost, duplicates;
        int64_t broker_up, broker_down;
        double p50_ms, p99_ms, p999_ms;   /* -1: no data */
        char probe_error[256];            /* the probe's last fatal error, or "" */
};

/* Evaluate every SLI of cfg at now_ms: probe buckets of topic from store,
 * Prometheus at cfg->prometheus_url (prom_url overrides it when not NULL).
 * A source that fails marks its SLIs with the error (see kx_slo_result);
 * the report is always complete. Returns 0, or KX_ERR_STATE if the probe
 * buckets cannot be read. */
int kx_slo_report_build(const struct kx_slo_config *cfg, struct kx_store *store, const char *topic,
                        const char *prom_url, int64_t now_ms, struct kx_slo_report *out,
                        struct kx_err *err);

#endif
