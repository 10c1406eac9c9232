/* collect_peers.c - MM2 and schema registry data for each snapshot. */
#include "collect_peers.h"
#include "mm2.h"
#include "registry_health.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>

/* Subjects read per refresh, at most. */
#define MAX_SUBJECTS 200

struct kx_peers {
        char *registry_url, *connect_url, *mm2_source;
        struct kx_config cfg;        /* the target's bootstrap and properties */
        struct kx_logbuf *lb;
        rd_kafka_t *source, *target; /* MM2 readers, made on first use */
};

struct kx_peers *kx_peers_new(const struct kx_config *cfg, struct kx_logbuf *lb)
{
        struct kx_peers *p;

        if (!cfg->registry_url && !cfg->mm2_source)
                return NULL;
        p = kx_xcalloc(1, sizeof(*p));
        p->registry_url = cfg->registry_url ? kx_xstrdup(cfg->registry_url) : NULL;
        p->connect_url = cfg->connect_url ? kx_xstrdup(cfg->connect_url) : NULL;
        p->mm2_source = cfg->mm2_source ? kx_xstrdup(cfg->mm2_source) : NULL;
        kx_config_init(&p->cfg);
        kx_config_set_str(&p->cfg.bootstrap, cfg->bootstrap);
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                kx_config_set_prop(&p->cfg, cfg->props[i].key, cfg->props[i].value, cfg->props[i].origin);
        p->lb = lb;
        return p;
}

static void collect_mm2(struct kx_peers *p, struct kx_snapshot *snap, int timeout_ms)
{
        struct kx_err err;

        if (!p->source)
                p->source = kx_mm2_reader(&p->cfg, p->mm2_source, p->lb, &err);
        if (p->source && !p->target)
                p->target = kx_mm2_reader(&p->cfg, NULL, p->lb, &err);
        if (!p->source || !p->target || kx_mm2_collect(p->source, p->target, p->connect_url, NULL,
                                                        timeout_ms, &snap->mm2, &err)) {
                snap->mm2 = kx_xcalloc(1, sizeof(*snap->mm2));
                snap->mm2->heartbeat_age_ms = -1;
                snprintf(snap->mm2->error, sizeof(snap->mm2->error), "%s", err.msg);
        }
}

void kx_peers_collect(struct kx_peers *p, struct kx_snapshot *snap, int timeout_ms)
{
        if (!p)
                return;
        if (p->mm2_source)
                collect_mm2(p, snap, timeout_ms);
        if (p->registry_url)
                snap->schemas = kx_schema_health_collect(p->registry_url, MAX_SUBJECTS, timeout_ms);
}

void kx_peers_destroy(struct kx_peers *p)
{
        if (!p)
                return;
        if (p->source)
                rd_kafka_destroy(p->source);
        if (p->target)
                rd_kafka_destroy(p->target);
        kx_config_done(&p->cfg);
        free(p->registry_url);
        free(p->connect_url);
        free(p->mm2_source);
        free(p);
}
