/* collector.c - one collection: metadata, then watermarks and groups in
 * parallel, then lag. */
#include "collect_internal.h"
#include "collect_peers.h"
#include "lag.h"
#include "parallel.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kx_collector_opts_default(struct kx_collector_opts *opts)
{
        opts->handles = 4;
        opts->timeout_ms = 5000;
        opts->connect_ms = 8000;
        opts->chunk_size = 128;
}

int kx_collector_new(const struct kx_config *cfg, struct kx_logbuf *lb,
                     const struct kx_collector_opts *opts, struct kx_collector **out,
                     struct kx_err *err)
{
        struct kx_collector *c = kx_xcalloc(1, sizeof(*c));

        if (opts)
                c->opts = *opts;
        else
                kx_collector_opts_default(&c->opts);
        if (c->opts.handles < 1)
                c->opts.handles = 1;
        c->lb = lb;
        c->handles = kx_xcalloc((size_t)c->opts.handles, sizeof(*c->handles));
        for (int i = 0; i < c->opts.handles; i++) {
                char client_id[32];

                snprintf(client_id, sizeof(client_id), "klaxon-%d", i);
                c->handles[i] = kx_kafka_new(cfg, lb, client_id, NULL, err);
                if (!c->handles[i]) {
                        kx_collector_destroy(c);
                        return err ? err->code : KX_ERR_CONFIG;
                }
                c->handle_cnt++;
        }
        c->bootstrap = kx_xstrdup(cfg->bootstrap);
        c->peers = kx_peers_new(cfg, lb);
        *out = c;
        return 0;
}

rd_kafka_t *kx_collector_handle(struct kx_collector *c)
{
        return c->handles[0];
}

void kx_collector_destroy(struct kx_collector *c)
{
        if (!c)
                return;
        for (int i = 0; i < c->handle_cnt; i++)
                rd_kafka_destroy(c->handles[i]);
        free(c->handles);
        for (int i = 0; i < c->known_cnt; i++)
                free(c->known[i].host);
        free(c->known);
        free(c->bootstrap);
        kx_peers_destroy(c->peers);
        free(c);
}

void kx_collect_error(struct kx_collect_run *run, const char *section, const char *fmt, ...)
{
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        pthread_mutex_lock(&run->lock);
        kx_snapshot_add_error(run->snap, section, "%s", msg);
        pthread_mutex_unlock(&run->lock);
}

/* Watermarks and groups only share the snapshot's partition slots (each
 * written by one phase) and the error list (locked), so they run at once. */
static void run_phase(size_t phase, void *arg)
{
        if (phase == 0)
                kx_collect_watermarks(arg);
        else
                kx_collect_groups(arg);
}

int kx_collector_collect(struct kx_collector *c, struct kx_snapshot **out,
                         struct kx_err *err)
{
        struct kx_collect_run run = {.c = c};
        int64_t start = kx_mono_ms();
        int rc;

        *out = NULL;
        run.snap = kx_snapshot_new();
        run.snap->collected_at_ms = kx_now_ms();
        run.snap->generation = ++c->generation;
        run.snap->bootstrap = kx_arena_strdup(&run.snap->arena, c->bootstrap);
        pthread_mutex_init(&run.lock, NULL);

        rc = kx_collect_metadata(&run, err);
        if (rc == 0) {
                kx_parallel_for(2, 2, run_phase, &run);
                kx_lag_fill_snapshot(run.snap);
                kx_peers_collect(c->peers, run.snap, c->opts.timeout_ms);
                run.snap->duration_ms = kx_mono_ms() - start;
                *out = run.snap;
                rc = run.snap->error_cnt ? KX_ERR_PARTIAL : 0;
                if (rc)
                        kx_err_set(err, rc, "%d section error(s), first: %s: %s",
                                   run.snap->error_cnt, run.snap->errors[0].section,
                                   run.snap->errors[0].message);
        } else {
                kx_snapshot_unref(run.snap);
        }
        pthread_mutex_destroy(&run.lock);
        return rc;
}
