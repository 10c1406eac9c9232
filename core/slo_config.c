/* slo_config.c - config/slo.yaml into struct kx_slo_config. */
#include "slo_config.h"
#include "readfile.h"
#include "timeparse.h"
#include "xalloc.h"
#include "yamlwalk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sli_keys[] = {
#define KX_SLI_KEY(id, key, title, unit) key,
        KX_SLI_LIST(KX_SLI_KEY)
#undef KX_SLI_KEY
};
static const char *const sli_titles[] = {
#define KX_SLI_TITLE(id, key, title, unit) title,
        KX_SLI_LIST(KX_SLI_TITLE)
#undef KX_SLI_TITLE
};
static const char *const sli_units[] = {
#define KX_SLI_UNIT(id, key, title, unit) unit,
        KX_SLI_LIST(KX_SLI_UNIT)
#undef KX_SLI_UNIT
};

const char *kx_sli_key(enum kx_sli sli) { return sli < KX_SLI_COUNT ? sli_keys[sli] : "?"; }
const char *kx_sli_title(enum kx_sli sli) { return sli < KX_SLI_COUNT ? sli_titles[sli] : "?"; }
const char *kx_sli_unit(enum kx_sli sli) { return sli < KX_SLI_COUNT ? sli_units[sli] : ""; }

const char *kx_slo_severity_name(enum kx_slo_severity sev)
{
        return sev == KX_SLO_SEV_PAGE ? "page" : sev == KX_SLO_SEV_TICKET ? "ticket" : "none";
}

const char *kx_slo_duration_str(int64_t ms, char *buf, size_t size)
{
        static const struct { int64_t ms; const char *unit; } units[] = {
                {86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};

        for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
                if (ms >= units[i].ms && ms % units[i].ms == 0) {
                        snprintf(buf, size, "%lld%s", (long long)(ms / units[i].ms), units[i].unit);
                        return buf;
                }
        }
        snprintf(buf, size, "%lldms", (long long)ms);
        return buf;
}

void kx_slo_config_default(struct kx_slo_config *cfg)
{
        static const struct kx_slo_alert_rule alerts[] = {
                {KX_SLO_SEV_PAGE, 3600000, 300000, 14.4},
                {KX_SLO_SEV_PAGE, 6 * 3600000LL, 1800000, 6},
                {KX_SLO_SEV_TICKET, 86400000, 2 * 3600000LL, 3},
                {KX_SLO_SEV_TICKET, 3 * 86400000LL, 6 * 3600000LL, 1},
        };
        static const int64_t burn[] = {300000, 3600000, 6 * 3600000LL, 86400000};

        memset(cfg, 0, sizeof(*cfg));
        cfg->window_ms = 30 * 86400000LL;
        memcpy(cfg->alerts, alerts, sizeof(alerts));
        cfg->alert_cnt = 4;
        memcpy(cfg->burn_windows_ms, burn, sizeof(burn));
        cfg->burn_window_cnt = 4;
        cfg->halt_pct = 20;
        cfg->incident_pct = 10;
        cfg->lockdown_pct = 5;
        snprintf(cfg->prometheus_url, sizeof(cfg->prometheus_url), "http://127.0.0.1:9090");
        snprintf(cfg->probe_topic, sizeof(cfg->probe_topic), "platform.canary.probe.v1");
        cfg->prometheus_timeout_ms = 5000;
        cfg->sli[KX_SLI_PRODUCE] = (struct kx_sli_def){99.99, 0};
        cfg->sli[KX_SLI_LATENCY] = (struct kx_sli_def){99, 500};
        cfg->sli[KX_SLI_DURABILITY] = (struct kx_sli_def){100, 0};
        cfg->sli[KX_SLI_SCHEMA] = (struct kx_sli_def){100, 0};
        cfg->sli[KX_SLI_BROKERS] = (struct kx_sli_def){99.95, 0};
        cfg->sli[KX_SLI_REPLAG] = (struct kx_sli_def){95, 1000};
        snprintf(cfg->source, sizeof(cfg->source), "built-in");
}

/* ---- YAML ---- */

static int fail(struct kx_yaml *y, const yaml_node_t *n, const char *field, const char *what)
{
        return kx_yaml_fail(y, n, field, "", what);
}

static int number(struct kx_yaml *y, yaml_node_t *n, const char *field, double lo, double hi,
                  double *out)
{
        return kx_yaml_node_double(y, n, field, "", lo, hi, out);
}

/* kx_parse_duration, and a zero-length window makes no sense. */
static int positive_duration(const char *text, int64_t *ms, struct kx_err *err)
{
        return kx_parse_duration(text, ms, err) || *ms <= 0 ? KX_ERR_CONFIG : 0;
}

static int duration(struct kx_yaml *y, yaml_node_t *n, const char *field, int64_t *out)
{
        return kx_yaml_node_parsed(y, n, field, "", positive_duration,
                                   "must be a duration such as 90s, 5m, 1h or 30d", out);
}

static int alert_pair(struct kx_yaml *y, int idx, yaml_node_t *v, const char *field, void *ctx)
{
        struct kx_slo_alert_rule *r = ctx;
        const char *s = kx_yaml_scalar(v);

        switch (idx) {
        case 0:
                if (s && !strcmp(s, "page"))
                        r->severity = KX_SLO_SEV_PAGE;
                else if (s && !strcmp(s, "ticket"))
                        r->severity = KX_SLO_SEV_TICKET;
                else
                        return fail(y, v, field, "must be page or ticket");
                return 0;
        case 1: return duration(y, v, field, &r->long_ms);
        case 2: return duration(y, v, field, &r->short_ms);
        default: return number(y, v, field, 0.001, 1e6, &r->burn);
        }
}

static int alert_item(struct kx_yaml *y, int i, yaml_node_t *item, const char *where, void *ctx)
{
        static const char *const keys[] = {"severity", "long", "short", "burn", NULL};
        struct kx_slo_config *cfg = ctx;
        struct kx_slo_alert_rule r = {0};
        int rc;

        if ((rc = kx_yaml_each_pair(y, item, where, keys, alert_pair, &r)))
                return rc;
        if (!r.severity || !r.long_ms || !r.short_ms || r.burn <= 0)
                return fail(y, item, where, "needs severity, long, short and burn");
        if (r.short_ms >= r.long_ms)
                return fail(y, item, where, "short window must be shorter than long");
        cfg->alerts[i] = r;
        return 0;
}

static int parse_alerts(struct kx_yaml *y, yaml_node_t *seq, const char *field,
                        struct kx_slo_config *cfg)
{
        int n = kx_yaml_items(seq), rc;

        if (seq->type == YAML_SEQUENCE_NODE && (n < 1 || n > KX_SLO_MAX_ALERTS))
                return fail(y, seq, field, "must list 1 to 8 alert pairs");
        if ((rc = kx_yaml_each_item(y, seq, field, alert_item, cfg)))
                return rc;
        cfg->alert_cnt = n;
        return 0;
}

static int burn_window_item(struct kx_yaml *y, int i, yaml_node_t *item, const char *where,
                            void *ctx)
{
        struct kx_slo_config *cfg = ctx;

        return duration(y, item, where, &cfg->burn_windows_ms[i]);
}

static int parse_burn_windows(struct kx_yaml *y, yaml_node_t *seq, const char *field,
                              struct kx_slo_config *cfg)
{
        int n = kx_yaml_items(seq), rc;

        if (seq->type == YAML_SEQUENCE_NODE && (n < 1 || n > KX_SLO_MAX_BURN_WINDOWS))
                return fail(y, seq, field, "must list 1 to 6 windows");
        if ((rc = kx_yaml_each_item(y, seq, field, burn_window_item, cfg)))
                return rc;
        cfg->burn_window_cnt = n;
        return 0;
}

static int policy_pair(struct kx_yaml *y, int idx, yaml_node_t *v, const char *field, void *ctx)
{
        struct kx_slo_config *cfg = ctx;
        double *f[] = {&cfg->halt_pct, &cfg->incident_pct, &cfg->lockdown_pct};

        return number(y, v, field, 0, 100, f[idx]);
}

static int prom_pair(struct kx_yaml *y, int idx, yaml_node_t *v, const char *field, void *ctx)
{
        struct kx_slo_config *cfg = ctx;
        const char *s = kx_yaml_scalar(v);

        if (idx == 1)
                return duration(y, v, field, &cfg->prometheus_timeout_ms);
        if (!s || (strncmp(s, "http://", 7) && strncmp(s, "https://", 8)) ||
            strlen(s) >= sizeof(cfg->prometheus_url))
                return fail(y, v, field, "must be an http:// or https:// URL");
        snprintf(cfg->prometheus_url, sizeof(cfg->prometheus_url), "%s", s);
        return 0;
}

struct sli_ctx {
        struct kx_sli_def *def;
        enum kx_sli sli;
};

static int sli_field_pair(struct kx_yaml *y, int idx, yaml_node_t *v, const char *field,
                          void *ctx)
{
        struct sli_ctx *c = ctx;
        int64_t ms;
        int rc;

        if (idx == 0) {
                if ((rc = number(y, v, field, 0, 100, &c->def->objective)))
                        return rc;
                if (c->def->objective <= 0)
                        return fail(y, v, field, "must be above 0");
                return 0;
        }
        if (c->sli == KX_SLI_LATENCY) {
                if ((rc = duration(y, v, field, &ms)))
                        return rc;
                c->def->threshold = (double)ms;
                return 0;
        }
        if (c->sli != KX_SLI_REPLAG)
                return fail(y, v, field, "this SLI has no threshold");
        return number(y, v, field, 0, 1e15, &c->def->threshold);
}

static int sli_pair(struct kx_yaml *y, int idx, yaml_node_t *v, const char *field, void *ctx)
{
        static const char *const keys[] = {"objective", "threshold", NULL};
        struct kx_slo_config *cfg = ctx;
        struct sli_ctx c = {&cfg->sli[idx], (enum kx_sli)idx};

        return kx_yaml_each_pair(y, v, field, keys, sli_field_pair, &c);
}

static int top_pair(struct kx_yaml *y, int idx, yaml_node_t *v, const char *field, void *ctx)
{
        static const char *const policy_keys[] = {"halt", "incident", "lockdown", NULL};
        static const char *const prom_keys[] = {"url", "timeout", NULL};
        static const char *const sli_key_list[KX_SLI_COUNT + 1] = {
#define KX_SLI_KEY2(id, key, title, unit) key,
                KX_SLI_LIST(KX_SLI_KEY2)
#undef KX_SLI_KEY2
                NULL};
        struct kx_slo_config *cfg = ctx;
        const char *s = kx_yaml_scalar(v);

        switch (idx) {
        case 0: return duration(y, v, field, &cfg->window_ms);
        case 1: return parse_alerts(y, v, field, cfg);
        case 2: return parse_burn_windows(y, v, field, cfg);
        case 3: return kx_yaml_each_pair(y, v, field, policy_keys, policy_pair, cfg);
        case 4: return kx_yaml_each_pair(y, v, field, prom_keys, prom_pair, cfg);
        case 5:
                if (!s || !*s || strlen(s) >= sizeof(cfg->probe_topic))
                        return fail(y, v, field, "must be a topic name");
                snprintf(cfg->probe_topic, sizeof(cfg->probe_topic), "%s", s);
                return 0;
        default: return kx_yaml_each_pair(y, v, field, sli_key_list, sli_pair, cfg);
        }
}

int kx_slo_config_parse(struct kx_slo_config *cfg, const char *text, size_t len,
                        const char *origin, struct kx_err *err)
{
        static const char *const keys[] = {"window", "alerts", "burn_windows", "policy",
                                           "prometheus", "probe_topic", "slis", NULL};
        struct kx_slo_config work = *cfg;
        struct kx_yaml y;
        yaml_node_t *root;
        int rc;

        if ((rc = kx_yaml_parse(&y, text, len, origin, err))) {
                kx_yaml_done(&y);
                return rc;
        }
        root = kx_yaml_root(&y);
        if (root)  /* an empty file keeps the defaults */
                rc = kx_yaml_each_pair(&y, root, "", keys, top_pair, &work);
        if (!rc && !(work.lockdown_pct <= work.incident_pct && work.incident_pct <= work.halt_pct))
                rc = fail(&y, root, "policy", "must hold lockdown <= incident <= halt");
        for (int i = 0; !rc && i < work.alert_cnt; i++)
                if (work.alerts[i].long_ms > work.window_ms)
                        rc = fail(&y, root, "alerts", "a long window is longer than the budget window");
        kx_yaml_done(&y);
        if (rc)
                return rc;
        snprintf(work.source, sizeof(work.source), "%s", origin);
        *cfg = work;
        return 0;
}

int kx_slo_config_load(struct kx_slo_config *cfg, const char *path, struct kx_err *err)
{
        char def[1024];
        const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
        size_t len;
        char *text;
        int rc;

        kx_slo_config_default(cfg);
        if (!path) {
                if (xdg && *xdg)
                        snprintf(def, sizeof(def), "%s/klaxon/slo.yaml", xdg);
                else if (home && *home)
                        snprintf(def, sizeof(def), "%s/.config/klaxon/slo.yaml", home);
                else
                        return 0;
                text = kx_read_file(def, &len);
                if (!text)
                        return 0;
                path = def;
        } else if (!(text = kx_read_file(path, &len))) {
                return kx_err_set(err, KX_ERR_CONFIG, "cannot read SLO config %s: %s", path,
                                  strerror(errno));
        }
        rc = kx_slo_config_parse(cfg, text, len, path, err);
        free(text);
        return rc;
}
