/* admin_poller.c - DescribeLogDirs and DescribeClientQuotas on a thread of
 * their own. */
#include "admin_poller.h"
#include "kafka.h"
#include "logdirs.h"
#include "quotas.h"
#include "quota_observed.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct topic_bytes {
        char *topic;
        int64_t bytes;
};

struct kx_admin_poller {
        struct kx_config cfg;          /* own copy */
        int interval_ms, timeout_ms;
        pthread_t thread;
        pthread_mutex_t lock;          /* guards everything below */
        pthread_cond_t cond;
        bool stopping, poked;
        struct kx_snapshot_logdir *dirs;   /* strings heap-owned */
        int dir_cnt;
        struct topic_bytes *topics;        /* sorted by name */
        int topic_cnt;
        int64_t at_ms;
        char error[256];
        struct kx_snapshot_quota *quotas;  /* strings heap-owned */
        int quota_cnt;
        int64_t quotas_at_ms;
        char quotas_error[256];
        char observed_source[400];     /* see kx_snapshot.quotas_observed_source */
        char observed_error[256];
};

static int by_topic(const void *a, const void *b)
{
        return strcmp(((const struct topic_bytes *)a)->topic, ((const struct topic_bytes *)b)->topic);
}

static void free_latest(struct kx_snapshot_logdir *dirs, int dir_cnt, struct topic_bytes *topics, int topic_cnt)
{
        for (int i = 0; i < dir_cnt; i++)
                free((char *)dirs[i].path);
        free(dirs);
        for (int i = 0; i < topic_cnt; i++)
                free(topics[i].topic);
        free(topics);
}

/* Directories and per-topic sums (future logs excluded) of u. */
static void summarize(const struct kx_logdirs_usage *u, struct kx_snapshot_logdir **dirs_out, int *dir_cnt,
                      struct topic_bytes **topics_out, int *topic_cnt)
{
        struct kx_snapshot_logdir *dirs = NULL;
        struct topic_bytes *parts = NULL;
        int nd = 0, np = 0, nt = 0;

        for (int b = 0; b < u->broker_cnt; b++)
                for (int d = 0; d < u->brokers[b].desc.dir_cnt; d++) {
                        const struct kx_logdir *dir = &u->brokers[b].desc.dirs[d];

                        dirs = kx_xrealloc(dirs, sizeof(*dirs) * (size_t)(nd + 1));
                        dirs[nd++] = (struct kx_snapshot_logdir){u->brokers[b].broker, kx_xstrdup(dir->path),
                                                                 kx_logdir_used(dir), dir->total_bytes,
                                                                 dir->usable_bytes, dir->error};
                        parts = kx_xrealloc(parts, sizeof(*parts) * (size_t)(np + dir->part_cnt + 1));
                        for (int p = 0; p < dir->part_cnt; p++)
                                if (!dir->parts[p].is_future)
                                        parts[np++] = (struct topic_bytes){dir->parts[p].topic, dir->parts[p].size};
                }
        if (np)
                qsort(parts, (size_t)np, sizeof(*parts), by_topic);
        /* Merge runs of one topic; names are copied out of u's arenas. */
        for (int i = 0; i < np; i++) {
                if (nt && !strcmp(parts[nt - 1].topic, parts[i].topic)) {
                        parts[nt - 1].bytes += parts[i].bytes;
                        continue;
                }
                parts[nt++] = parts[i];
        }
        for (int i = 0; i < nt; i++)
                parts[i].topic = kx_xstrdup(parts[i].topic);
        *dirs_out = dirs;
        *dir_cnt = nd;
        *topics_out = parts;
        *topic_cnt = nt;
}

static void free_quotas(struct kx_snapshot_quota *q, int n)
{
        for (int i = 0; i < n; i++) {
                free((char *)q[i].entity);
                free((char *)q[i].key);
        }
        free(q);
}

/* The quotas as flat (entity, key, value) rows into the poller. */
static void poll_quotas(struct kx_admin_poller *p, const struct kx_kadmin *ka)
{
        struct kx_quotas_desc q;
        struct kx_snapshot_quota *rows = NULL;
        struct kx_arena a;
        struct kx_err err;
        int n = 0, rc;

        struct kx_quota_observations obs = {0}, *o = NULL;
        struct kx_err perr;
        char source[400];

        kx_arena_init(&a);
        kx_err_clear(&err);
        kx_err_clear(&perr);
        rc = kx_quotas_list(ka, &a, &q, &err);
        kx_quota_observed_source(p->cfg.prometheus_url, source, sizeof(source));
        if (p->cfg.prometheus_url) {
                struct kx_prom prom = {p->cfg.prometheus_url, p->timeout_ms};

                if (!rc && !kx_quota_observed_read(&prom, 0, &a, &obs, &perr))
                        o = &obs;
        }
        for (int i = 0; !rc && i < q.entry_cnt; i++) {
                char label[400];

                kx_quota_entity_label(q.entries[i].entity, q.entries[i].entity_cnt, label, sizeof(label));
                rows = kx_xrealloc(rows, sizeof(*rows) * (size_t)(n + q.entries[i].value_cnt + 1));
                for (int j = 0; j < q.entries[i].value_cnt; j++) {
                        const struct kx_quota_observed *ob = kx_quota_observed_for(
                                o, q.entries[i].entity, q.entries[i].entity_cnt, q.entries[i].values[j].key);

                        rows[n++] = (struct kx_snapshot_quota){kx_xstrdup(label), kx_xstrdup(q.entries[i].values[j].key),
                                                               q.entries[i].values[j].value,
                                                               ob ? ob->throttle_ms : -1, ob ? ob->byte_rate : -1};
                }
        }
        kx_arena_done(&a);
        pthread_mutex_lock(&p->lock);
        snprintf(p->quotas_error, sizeof(p->quotas_error), "%s", rc ? err.msg : "");
        snprintf(p->observed_source, sizeof(p->observed_source), "%s", source);
        snprintf(p->observed_error, sizeof(p->observed_error), "%s", perr.msg);
        if (!rc) {
                free_quotas(p->quotas, p->quota_cnt);
                p->quotas = rows;
                p->quota_cnt = n;
                p->quotas_at_ms = kx_now_ms();
        }
        pthread_mutex_unlock(&p->lock);
}

static void poll_once(struct kx_admin_poller *p)
{
        struct kx_logdirs_usage u = {0};
        struct kx_snapshot_logdir *dirs = NULL;
        struct topic_bytes *topics = NULL;
        struct kx_kadmin ka;
        struct kx_err err;
        int dir_cnt = 0, topic_cnt = 0, rc;

        kx_err_clear(&err);
        rc = kx_kadmin_from_config(&ka, &p->cfg, p->timeout_ms, &err);
        if (rc) {
                pthread_mutex_lock(&p->lock);
                snprintf(p->quotas_error, sizeof(p->quotas_error), "%s", err.msg);
                pthread_mutex_unlock(&p->lock);
        } else {
                poll_quotas(p, &ka);
                rc = kx_logdirs_collect(&ka, &u, &err);
                if (!rc || rc == KX_ERR_PARTIAL)
                        summarize(&u, &dirs, &dir_cnt, &topics, &topic_cnt);
                kx_logdirs_usage_done(&u);
                kx_kadmin_done(&ka);
        }
        pthread_mutex_lock(&p->lock);
        snprintf(p->error, sizeof(p->error), "%s", rc ? err.msg : "");
        if (!rc || rc == KX_ERR_PARTIAL) {
                free_latest(p->dirs, p->dir_cnt, p->topics, p->topic_cnt);
                p->dirs = dirs;
                p->dir_cnt = dir_cnt;
                p->topics = topics;
                p->topic_cnt = topic_cnt;
                p->at_ms = kx_now_ms();
        }
        pthread_mutex_unlock(&p->lock);
}

static void *poller_main(void *arg)
{
        struct kx_admin_poller *p = arg;

        for (;;) {
                struct timespec until;

                poll_once(p);
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_sec += p->interval_ms / 1000;
                until.tv_nsec += (long)(p->interval_ms % 1000) * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000000000L;
                }
                pthread_mutex_lock(&p->lock);
                while (!p->stopping && !p->poked)
                        if (pthread_cond_timedwait(&p->cond, &p->lock, &until))
                                break;
                p->poked = false;
                if (p->stopping) {
                        pthread_mutex_unlock(&p->lock);
                        return NULL;
                }
                pthread_mutex_unlock(&p->lock);
        }
}

struct kx_admin_poller *kx_admin_poller_start(const struct kx_config *cfg, int interval_ms, int timeout_ms)
{
        struct kx_admin_poller *p = kx_xcalloc(1, sizeof(*p));

        kx_config_init(&p->cfg);
        kx_config_set_str(&p->cfg.bootstrap, cfg->bootstrap);
        if (cfg->prometheus_url)
                kx_config_set_str(&p->cfg.prometheus_url, cfg->prometheus_url);
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                kx_config_set_prop(&p->cfg, cfg->props[i].key, cfg->props[i].value, cfg->props[i].origin);
        p->interval_ms = interval_ms > 0 ? interval_ms : 60000;
        p->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
        pthread_mutex_init(&p->lock, NULL);
        pthread_cond_init(&p->cond, NULL);
        if (pthread_create(&p->thread, NULL, poller_main, p)) {
                pthread_mutex_destroy(&p->lock);
                pthread_cond_destroy(&p->cond);
                kx_config_done(&p->cfg);
                free(p);
                return NULL;
        }
        return p;
}

void kx_admin_poller_fill(struct kx_admin_poller *p, struct kx_snapshot *snap)
{
        struct kx_arena *a = &snap->arena;
        int j = 0;

        if (!p)
                return;
        pthread_mutex_lock(&p->lock);
        snap->logdirs_at_ms = p->at_ms;
        snap->logdirs_error = p->error[0] ? kx_arena_strdup(a, p->error) : NULL;
        if (p->dir_cnt) {
                snap->logdirs = kx_arena_alloc(a, sizeof(*snap->logdirs) * (size_t)p->dir_cnt);
                for (int i = 0; i < p->dir_cnt; i++) {
                        snap->logdirs[i] = p->dirs[i];
                        snap->logdirs[i].path = kx_arena_strdup(a, p->dirs[i].path);
                }
        }
        snap->logdir_cnt = p->dir_cnt;
        snap->quotas_at_ms = p->quotas_at_ms;
        snap->quotas_error = p->quotas_error[0] ? kx_arena_strdup(a, p->quotas_error) : NULL;
        if (p->quota_cnt) {
                snap->quotas = kx_arena_alloc(a, sizeof(*snap->quotas) * (size_t)p->quota_cnt);
                for (int i = 0; i < p->quota_cnt; i++)
                        snap->quotas[i] = (struct kx_snapshot_quota){kx_arena_strdup(a, p->quotas[i].entity),
                                                                     kx_arena_strdup(a, p->quotas[i].key),
                                                                     p->quotas[i].value, p->quotas[i].throttle_ms,
                                                                     p->quotas[i].byte_rate};
        }
        snap->quota_cnt = p->quota_cnt;
        snap->quotas_observed_source = p->observed_source[0] ? kx_arena_strdup(a, p->observed_source) : NULL;
        snap->quotas_observed_error = p->observed_error[0] ? kx_arena_strdup(a, p->observed_error) : NULL;
        /* Both lists are sorted by name: one merge walk. */
        for (int t = 0; t < snap->topic_cnt && p->at_ms; t++) {
                struct kx_topic *topic = &snap->topics[t];

                while (j < p->topic_cnt && strcmp(p->topics[j].topic, topic->name) < 0)
                        j++;
                if (j < p->topic_cnt && !strcmp(p->topics[j].topic, topic->name))
                        topic->size_bytes = p->topics[j].bytes;   /* else unknown: newer than the poll */
        }
        pthread_mutex_unlock(&p->lock);
}

void kx_admin_poller_poke(struct kx_admin_poller *p)
{
        if (!p)
                return;
        pthread_mutex_lock(&p->lock);
        p->poked = true;
        pthread_cond_signal(&p->cond);
        pthread_mutex_unlock(&p->lock);
}

void kx_admin_poller_stop(struct kx_admin_poller *p)
{
        if (!p)
                return;
        pthread_mutex_lock(&p->lock);
        p->stopping = true;
        pthread_cond_signal(&p->cond);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
        free_latest(p->dirs, p->dir_cnt, p->topics, p->topic_cnt);
        free_quotas(p->quotas, p->quota_cnt);
        kx_config_done(&p->cfg);
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->cond);
        free(p);
}
