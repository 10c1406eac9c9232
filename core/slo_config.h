/* slo_config.h - the SLO definitions (config/slo.yaml): six SLIs with their
 * objectives, the rolling window, the burn-rate alert pairs, the windows
 * shown, the budget policy thresholds and the Prometheus endpoint.
 *
 * Built-in defaults equal config/slo.yaml; a file overrides what it names.
 * A mistake (bad YAML, unknown key, wrong type or range) is reported as
 * "FILE:LINE: field "a.b": what is wrong".
 */
#ifndef KX_SLO_CONFIG_H
#define KX_SLO_CONFIG_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(ID, "yaml key", "title", "unit of current value") in display order. */
#define KX_SLI_LIST(X)                                                              \
        X(KX_SLI_PRODUCE, "produce_success", "produce success", "%")              \
        X(KX_SLI_LATENCY, "consume_latency", "consume latency p99", "ms")         \
        X(KX_SLI_DURABILITY, "durability", "data durability", "lost")             \
        X(KX_SLI_SCHEMA, "schema_violations", "schema violations", "invalid")     \
        X(KX_SLI_BROKERS, "broker_availability", "broker availability", "%")      \
        X(KX_SLI_REPLAG, "replication_lag", "replication lag", "msgs")

enum kx_sli {
#define KX_SLI_ENUM(id, key, title, unit) id,
        KX_SLI_LIST(KX_SLI_ENUM)
#undef KX_SLI_ENUM
        KX_SLI_COUNT
};

#define KX_SLO_MAX_ALERTS 8
#define KX_SLO_MAX_BURN_WINDOWS 6

enum kx_slo_severity { KX_SLO_SEV_NONE, KX_SLO_SEV_TICKET, KX_SLO_SEV_PAGE };

struct kx_slo_alert_rule {
        enum kx_slo_severity severity;
        int64_t long_ms, short_ms;
        double burn;                  /* both windows must burn faster */
};

struct kx_sli_def {
        double objective;             /* percent of good events, (0, 100] */
        double threshold;             /* latency ms / lag messages; 0 if unused */
};

struct kx_slo_config {
        int64_t window_ms;            /* error-budget window */
        struct kx_slo_alert_rule alerts[KX_SLO_MAX_ALERTS];
        int alert_cnt;
        int64_t burn_windows_ms[KX_SLO_MAX_BURN_WINDOWS];
        int burn_window_cnt;
        double halt_pct, incident_pct, lockdown_pct;   /* policy: budget remaining below */
        char probe_topic[250];        /* the canary probe's topic */
        char prometheus_url[256];
        int64_t prometheus_timeout_ms;
        struct kx_sli_def sli[KX_SLI_COUNT];
        char source[512];             /* file read, or "built-in" */
};

/* Fill cfg with the built-in defaults (the values of config/slo.yaml). */
void kx_slo_config_default(struct kx_slo_config *cfg);

/* Parse YAML text (origin names it in errors) over cfg, which should hold
 * the defaults. Returns 0 or KX_ERR_CONFIG with "ORIGIN:LINE: field ..."; on
 * error cfg is left unchanged. */
int kx_slo_config_parse(struct kx_slo_config *cfg, const char *text, size_t len,
                        const char *origin, struct kx_err *err);

/* Load defaults, then path if given, else $XDG_CONFIG_HOME/klaxon/slo.yaml
 * if it exists. A path given but unreadable is KX_ERR_CONFIG. */
int kx_slo_config_load(struct kx_slo_config *cfg, const char *path, struct kx_err *err);

/* Static names: "produce_success", "produce success", the unit. */
const char *kx_sli_key(enum kx_sli sli);
const char *kx_sli_title(enum kx_sli sli);
const char *kx_sli_unit(enum kx_sli sli);

/* "page", "ticket", "none". */
const char *kx_slo_severity_name(enum kx_slo_severity sev);

/* Format a duration the way the file spells it ("5m", "1h", "30d", "90s"). */
const char *kx_slo_duration_str(int64_t ms, char *buf, size_t size);

#endif
