/* slo_watch.c - SLO evaluation on its own thread (see slo_watch.h). */
#include "slo_watch.h"
#include "kafka.h"
#include "xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct kx_slo_watch {
        pthread_t thread;
        pthread_mutex_t lock;
        pthread_cond_t cond;
        bool stop;
        int period_ms;
        char *state_dir, *topic;
        struct kx_slo_config slo;
        char config_error[300];
        /* guarded by lock */
        bool have;
        struct kx_slo_report report;
        char error[320];
};

static void evaluate(struct kx_slo_watch *w)
{
        struct kx_config cfg;
        struct kx_store store;
        struct kx_slo_report *rep = kx_xcalloc(1, sizeof(*rep));
        struct kx_err err;
        int rc;

        kx_config_init(&cfg);
        kx_config_set_str(&cfg.state_dir, w->state_dir);
        rc = kx_store_open(&cfg, &store, &err);
        if (!rc) {
                rc = kx_slo_report_build(&w->slo, &store, w->topic, NULL, kx_now_ms(), rep, &err);
                kx_store_close(&store);
        }
        kx_config_done(&cfg);
        pthread_mutex_lock(&w->lock);
        if (!rc) {
                w->report = *rep;
                w->have = true;
        }
        snprintf(w->error, sizeof(w->error), "%s", w->config_error[0] ? w->config_error
                                                   : rc ? err.msg : "");
        if (rc)
                w->have = true;   /* an error is something to show too */
        pthread_mutex_unlock(&w->lock);
        free(rep);
}

static void *watch_main(void *arg)
{
        struct kx_slo_watch *w = arg;

        for (;;) {
                struct timespec until;

                evaluate(w);
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_sec += w->period_ms / 1000;
                until.tv_nsec += (long)(w->period_ms % 1000) * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000000000L;
                }
                pthread_mutex_lock(&w->lock);
                while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) != ETIMEDOUT)
                        ;
                if (w->stop) {
                        pthread_mutex_unlock(&w->lock);
                        return NULL;
                }
                pthread_mutex_unlock(&w->lock);
        }
}

struct kx_slo_watch *kx_slo_watch_start(const struct kx_config *cfg, const char *slo_path,
                                        const char *topic, int period_ms)
{
        struct kx_slo_watch *w = kx_xcalloc(1, sizeof(*w));
        struct kx_err err;

        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->cond, NULL);
        w->period_ms = period_ms > 0 ? period_ms : 10000;
        w->state_dir = kx_xstrdup(cfg->state_dir);
        if (kx_slo_config_load(&w->slo, slo_path, &err)) {
                snprintf(w->config_error, sizeof(w->config_error), "%s (using the built-in SLOs)",
                         err.msg);
                kx_slo_config_default(&w->slo);
        }
        w->topic = kx_xstrdup(topic ? topic : w->slo.probe_topic);
        if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
                snprintf(w->error, sizeof(w->error), "cannot start the SLO thread");
                w->have = true;
                w->stop = true;
        }
        return w;
}

bool kx_slo_watch_get(struct kx_slo_watch *w, struct kx_slo_report *out,
                      struct kx_slo_config *slo, char *error, size_t size)
{
        bool have;

        pthread_mutex_lock(&w->lock);
        have = w->have;
        if (out)
                *out = w->report;
        if (slo)
                *slo = w->slo;
        if (error)
                snprintf(error, size, "%s", w->error);
        pthread_mutex_unlock(&w->lock);
        return have;
}

void kx_slo_watch_stop(struct kx_slo_watch *w)
{
        bool started;

        if (!w)
                return;
        pthread_mutex_lock(&w->lock);
        started = !w->stop;
        w->stop = true;
        pthread_cond_signal(&w->cond);
        pthread_mutex_unlock(&w->lock);
        if (started)
                pthread_join(w->thread, NULL);
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->cond);
        free(w->state_dir);
        free(w->topic);
        free(w);
}
