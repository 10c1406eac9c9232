/* monitor.c - collection loop, publication and stale state. */
#include "monitor.h"
#include "leo_history.h"
#include "admin_poller.h"
#include "record_ts.h"
#include "topic_configs.h"
#include "topic_configs_all.h"
#include "governance.h"
#include "xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What the thread needs to set itself up; valid until init_done. */
struct monitor_init {
        const struct kx_config *cfg;
        struct kx_logbuf *lb;
        struct kx_err *err;
        int rc;
        bool done;
};

struct kx_monitor {
        struct kx_monitor_opts opts;
        struct kx_collector *collector;
        struct kx_history *history;
        rd_kafka_t *fetcher;          /* for record timestamps */
        struct kx_admin_poller *admin; /* log dirs + quotas, own thread; NULL if off */
        pthread_t thread;

        pthread_mutex_t lock;         /* guards everything below */
        pthread_cond_t cond;
        struct kx_snapshot *current;
        struct kx_monitor_status status;
        char *want_configs;
        bool poked, stopping;
        struct monitor_init *init;    /* during kx_monitor_start only */
        char *leo_db;                 /* LEO samples go here (monitor thread only) */
        struct kx_store leo_store;
        bool leo_failed;
        int64_t leo_last_ms;          /* last sampling, so most refreshes skip sqlite */
        bool want_governance;         /* under lock */
        json_t *gov_configs;          /* every topic's configs (monitor thread only), owned */
        int64_t gov_configs_ms;       /* when they were read, 0 never */
        char gov_configs_note[300];
};

/* Sample per-topic LEOs into the state db for idle topics and measured
 * throughput (leo_history.h). A failure is reported once, as a section
 * error of this (not yet published) snapshot, and sampling stops. */
static void record_leo(struct kx_monitor *m, struct kx_snapshot *snap)
{
        struct kx_err err;

        if (!m->leo_db || m->leo_failed || snap->collected_at_ms - m->leo_last_ms < KX_LEO_SPACING_MS)
                return;
        m->leo_last_ms = snap->collected_at_ms;
        if ((!m->leo_store.db && kx_store_open_path(m->leo_db, &m->leo_store, &err)) ||
            kx_leo_record(&m->leo_store, snap, snap->collected_at_ms, KX_LEO_SPACING_MS, &err)) {
                m->leo_failed = true;
                kx_snapshot_add_error(snap, "history", "LEO samples not recorded: %s", err.msg);
        }
}

/* The governance data for snap (see kx_monitor_want_governance): the
 * configs of every topic at most every KX_MONITOR_GOV_CONFIGS_MS (the last
 * good answer is kept when a read fails), then the sqlite reads and lint. */
static void build_governance(struct kx_monitor *m, struct kx_snapshot *snap)
{
        struct kx_store *store = NULL;
        struct kx_err err;
        char at[32];

        if (m->leo_db && (m->leo_store.db || !kx_store_open_path(m->leo_db, &m->leo_store, &err)))
                store = &m->leo_store;
        if (!m->gov_configs_ms || snap->collected_at_ms - m->gov_configs_ms >= KX_MONITOR_GOV_CONFIGS_MS) {
                json_t *configs = NULL;

                m->gov_configs_ms = snap->collected_at_ms;
                if (kx_topic_configs_all(kx_collector_handle(m->collector), snap, m->opts.collector.timeout_ms,
                                         &configs, &err)) {
                        snprintf(m->gov_configs_note, sizeof(m->gov_configs_note),
                                 "configs rules: %s%s", m->gov_configs ? "earlier read kept; " : "", err.msg);
                        json_decref(configs);
                } else {
                        time_t t = (time_t)(snap->collected_at_ms / 1000);
                        struct tm tm;

                        json_decref(m->gov_configs);
                        m->gov_configs = configs;
                        strftime(at, sizeof(at), "%H:%M:%S", localtime_r(&t, &tm));
                        snprintf(m->gov_configs_note, sizeof(m->gov_configs_note),
                                 "configs rules on %d topics' configs read %s", (int)json_object_size(configs), at);
                }
        }
        snap->governance = kx_xcalloc(1, sizeof(*snap->governance));
        kx_governance_build_configs(m->opts.policy, store, snap, kx_now_ms(), m->gov_configs, m->gov_configs_note,
                                    snap->governance);
}

void kx_monitor_want_governance(struct kx_monitor *m, bool on)
{
        bool was;

        pthread_mutex_lock(&m->lock);
        was = m->want_governance;
        m->want_governance = on;
        pthread_mutex_unlock(&m->lock);
        if (on && !was)
                kx_monitor_poke(m);
}

void kx_monitor_opts_default(struct kx_monitor_opts *opts)
{
        opts->refresh_ms = 5000;
        opts->wake_fd = -1;
        opts->record_ts_top_n = 10;
        kx_collector_opts_default(&opts->collector);
        opts->admin_interval_ms = 30000;
        kx_history_opts_default(&opts->history);
}

static void wake(struct kx_monitor *m)
{
        char c = 1;
        ssize_t n;

        if (m->opts.wake_fd < 0)
                return;
        /* A full pipe already holds a wake-up, and a closed one has no UI. */
        n = write(m->opts.wake_fd, &c, 1);
        (void)n;
}

/* For a few partitions whose committed offset is older than the LEO ring,
 * read the record's timestamp so the next refresh's time lag is exact. Runs
 * after the snapshot is published, within a time budget; an offset whose
 * record cannot be read (deleted, leader down) is remembered and not
 * retried, so one bad partition never slows every refresh. */
static void fetch_record_timestamps(struct kx_monitor *m, const struct kx_snapshot *snap)
{
        int budget = m->opts.record_ts_top_n;
        int64_t deadline = kx_mono_ms() + 1500;

        for (int g = 0; g < snap->group_cnt && budget > 0 && kx_mono_ms() < deadline; g++) {
                const struct kx_group *group = &snap->groups[g];

                for (int i = 0; i < group->partition_cnt && budget > 0; i++) {
                        const struct kx_group_partition *gp = &group->partitions[i];
                        int64_t ts;

                        if (gp->time_lag.kind != KX_TIME_LAG_AT_LEAST || gp->lag <= 0 ||
                            gp->behind_retention ||
                            kx_history_record_ts_tried(m->history, gp->topic, gp->partition,
                                                       gp->committed_offset))
                                continue;
                        budget--;
                        if (kx_record_ts_fetch(m->fetcher, gp->topic, gp->partition,
                                               gp->committed_offset, 500, &ts) != 0)
                                ts = -1; /* remembered as tried */
                        kx_history_set_record_ts(m->history, gp->topic, gp->partition,
                                                 gp->committed_offset, ts);
                }
        }
}

static void refresh(struct kx_monitor *m)
{
        struct kx_snapshot *snap = NULL, *old;
        struct kx_err err;
        char *configs;
        int rc;

        kx_err_clear(&err);
        rc = kx_collector_collect(m->collector, &snap, &err);
        pthread_mutex_lock(&m->lock);
        configs = m->want_configs ? kx_xstrdup(m->want_configs) : NULL;
        bool governance = m->want_governance && m->opts.policy;
        pthread_mutex_unlock(&m->lock);
        if (snap) {
                kx_history_apply(m->history, snap);
                record_leo(m, snap);
                kx_admin_poller_fill(m->admin, snap);
                if (configs) {
                        struct kx_err cerr;

                        if (kx_topic_configs_fetch(kx_collector_handle(m->collector), configs,
                                                   m->opts.collector.timeout_ms, snap, &cerr))
                                kx_snapshot_add_error(snap, "configs", "%s", cerr.msg);
                }
                if (governance)
                        build_governance(m, snap);
        }
        free(configs);
        pthread_mutex_lock(&m->lock);
        m->status.last_try_ms = kx_now_ms();
        m->status.refreshes++;
        if (snap) {
                old = m->current;
                m->current = snap;
                m->status.stale = false;
                m->status.error[0] = '\0';
                m->status.last_ok_ms = snap->collected_at_ms;
        } else {
                old = NULL;
                m->status.stale = true;
                snprintf(m->status.error, sizeof(m->status.error), "%s", err.msg);
        }
        if (snap)
                kx_snapshot_ref(snap); /* ours, for the timestamps below */
        pthread_mutex_unlock(&m->lock);
        kx_snapshot_unref(old);
        (void)rc;
        wake(m);
        if (snap && m->fetcher)
                fetch_record_timestamps(m, snap);
        kx_snapshot_unref(snap);
}

/* Runs on the monitor thread before its loop. The thread first lowers its
 * own priority; librdkafka's threads, created here, inherit it. So under
 * load the UI thread gets the CPU first and keys stay fast while a big
 * refresh runs. Reports the outcome to kx_monitor_start(). */
static bool monitor_setup(struct kx_monitor *m)
{
        struct monitor_init *in = m->init;
        int rc;

        /* Failure is not fatal: the console works at normal priority too. */
        (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
        rc = kx_collector_new(in->cfg, in->lb, &m->opts.collector, &m->collector, in->err);
        if (!rc) {
                m->fetcher = kx_kafka_new(in->cfg, in->lb, "klaxon-ts", "klaxon-timestamp-reader", NULL);
                m->history = kx_history_new(&m->opts.history);
                if (m->opts.admin_interval_ms > 0)
                        m->admin = kx_admin_poller_start(in->cfg, m->opts.admin_interval_ms,
                                                       m->opts.collector.timeout_ms);
        }
        pthread_mutex_lock(&m->lock);
        in->rc = rc;
        in->done = true;
        pthread_cond_broadcast(&m->cond);
        pthread_mutex_unlock(&m->lock);
        return rc == 0;
}

static void *monitor_main(void *arg)
{
        struct kx_monitor *m = arg;

        if (!monitor_setup(m))
                return NULL;
        for (;;) {
                struct timespec until;
                int64_t deadline;

                pthread_mutex_lock(&m->lock);
                if (m->stopping) {
                        pthread_mutex_unlock(&m->lock);
                        break;
                }
                m->poked = false;
                pthread_mutex_unlock(&m->lock);

                refresh(m);

                deadline = kx_now_ms() + m->opts.refresh_ms;
                until.tv_sec = (time_t)(deadline / 1000);
                until.tv_nsec = (long)(deadline % 1000) * 1000000L;
                pthread_mutex_lock(&m->lock);
                while (!m->stopping && !m->poked &&
                       pthread_cond_timedwait(&m->cond, &m->lock, &until) != ETIMEDOUT)
                        ;
                pthread_mutex_unlock(&m->lock);
        }
        return NULL;
}

int kx_monitor_start(const struct kx_config *cfg, const struct kx_monitor_opts *opts,
                     struct kx_logbuf *lb, struct kx_monitor **out, struct kx_err *err)
{
        struct kx_monitor *m = kx_xcalloc(1, sizeof(*m));
        int rc;

        if (opts)
                m->opts = *opts;
        else
                kx_monitor_opts_default(&m->opts);
        m->leo_db = kx_xstrdup(m->opts.leo_db);
        m->opts.leo_db = NULL;
        /* A request to a broker that just died must not hold the refresh
         * (and so the "broker down" banner) much longer than an interval. */
        if (m->opts.collector.timeout_ms > m->opts.refresh_ms)
                m->opts.collector.timeout_ms = m->opts.refresh_ms < 1500 ? 1500 : m->opts.refresh_ms;
        struct monitor_init init = {.cfg = cfg, .lb = lb, .err = err};

        pthread_mutex_init(&m->lock, NULL);
        pthread_cond_init(&m->cond, NULL);
        m->init = &init;
        if (pthread_create(&m->thread, NULL, monitor_main, m) != 0) {
                rc = kx_err_set(err, KX_ERR_NOMEM, "cannot start the collector thread");
                goto fail;
        }
        /* Wait for the thread to make its handles, so a bad config is
         * reported here, before the console takes the screen. */
        pthread_mutex_lock(&m->lock);
        while (!init.done)
                pthread_cond_wait(&m->cond, &m->lock);
        m->init = NULL;
        pthread_mutex_unlock(&m->lock);
        rc = init.rc;
        if (rc) {
                pthread_join(m->thread, NULL);
                goto fail;
        }
        *out = m;
        return 0;
fail:
        pthread_mutex_destroy(&m->lock);
        pthread_cond_destroy(&m->cond);
        free(m);
        return rc;
}

struct kx_snapshot *kx_monitor_snapshot(struct kx_monitor *m)
{
        struct kx_snapshot *s;

        pthread_mutex_lock(&m->lock);
        s = m->current ? kx_snapshot_ref(m->current) : NULL;
        pthread_mutex_unlock(&m->lock);
        return s;
}

void kx_monitor_status(struct kx_monitor *m, struct kx_monitor_status *out)
{
        pthread_mutex_lock(&m->lock);
        *out = m->status;
        pthread_mutex_unlock(&m->lock);
}

void kx_monitor_poke(struct kx_monitor *m)
{
        pthread_mutex_lock(&m->lock);
        m->poked = true;
        pthread_cond_signal(&m->cond);
        pthread_mutex_unlock(&m->lock);
        /* Set before kx_monitor_start returned; a refresh by hand reads disk too. */
        kx_admin_poller_poke(m->admin);
}

void kx_monitor_want_configs(struct kx_monitor *m, const char *topic)
{
        pthread_mutex_lock(&m->lock);
        free(m->want_configs);
        m->want_configs = topic ? kx_xstrdup(topic) : NULL;
        m->poked = topic != NULL;
        pthread_cond_signal(&m->cond);
        pthread_mutex_unlock(&m->lock);
}

void kx_monitor_stop(struct kx_monitor *m)
{
        if (!m)
                return;
        pthread_mutex_lock(&m->lock);
        m->stopping = true;
        pthread_cond_signal(&m->cond);
        pthread_mutex_unlock(&m->lock);
        pthread_join(m->thread, NULL);
        kx_snapshot_unref(m->current);
        kx_history_free(m->history);
        kx_admin_poller_stop(m->admin);
        if (m->fetcher)
                rd_kafka_destroy(m->fetcher);
        kx_collector_destroy(m->collector);
        free(m->want_configs);
        kx_store_close(&m->leo_store);
        json_decref(m->gov_configs);
        free(m->leo_db);
        pthread_mutex_destroy(&m->lock);
        pthread_cond_destroy(&m->cond);
        free(m);
}
