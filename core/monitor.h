/* monitor.h - the collector thread behind the console.
 *
 * The monitor owns a collector and a history. Every refresh it collects,
 * applies history (status, time lag, carry-over), publishes the new
 * snapshot under a mutex and writes one byte to the caller's wake fd. When
 * the cluster cannot be reached it keeps the last snapshot and reports the
 * monitor as stale, with the reason; it keeps trying and recovers by itself.
 * Only the monitor thread talks to Kafka.
 */
#ifndef KX_MONITOR_H
#define KX_MONITOR_H

#include "collector.h"
#include "config.h"
#include "err.h"
#include "history.h"
#include "kafka.h"
#include "policy.h"
#include "snapshot.h"

struct kx_monitor;

struct kx_monitor_opts {
        int refresh_ms;              /* default 5000 */
        int wake_fd;                 /* written to after each refresh; -1 for none */
        int record_ts_top_n;         /* partitions whose record timestamp may be
                                        fetched per refresh, default 10 */
        const char *leo_db;          /* sqlite state db to sample per-topic LEOs into
                                        (leo_history.h), copied; NULL: don't */
        struct kx_collector_opts collector;
        int admin_interval_ms;       /* log dirs and quotas (admin_poller.h), default
                                        30000; 0: not fetched */
        struct kx_history_opts history;
        const struct kx_policy *policy; /* borrowed, read-only, must outlive the monitor;
                                           NULL: no governance data (kx_monitor_want_governance) */
};

struct kx_monitor_status {
        bool stale;                  /* the last refresh failed entirely */
        int64_t last_ok_ms;          /* wall clock of the last good refresh, 0 never */
        int64_t last_try_ms;
        char error[256];             /* why it is stale ("" if not) */
        uint64_t refreshes;
};

void kx_monitor_opts_default(struct kx_monitor_opts *opts);

/* Start the monitor thread for cfg. lb receives librdkafka's logs and must
 * outlive the monitor. Errors (bad config) come back at once, before any
 * thread starts. The first refresh begins immediately. */
int kx_monitor_start(const struct kx_config *cfg, const struct kx_monitor_opts *opts,
                     struct kx_logbuf *lb, struct kx_monitor **out, struct kx_err *err);

/* The newest snapshot with a reference the caller must drop with
 * kx_snapshot_unref(), or NULL before the first good refresh. Thread-safe. */
struct kx_snapshot *kx_monitor_snapshot(struct kx_monitor *m);

/* Copy the monitor's state. Thread-safe. */
void kx_monitor_status(struct kx_monitor *m, struct kx_monitor_status *out);

/* Refresh now instead of waiting for the interval. Thread-safe. */
void kx_monitor_poke(struct kx_monitor *m);

/* Ask for topic's configs (DescribeConfigs) in the next snapshot, and poke.
 * NULL stops asking. Thread-safe. */
void kx_monitor_want_configs(struct kx_monitor *m, const char *topic);

/* While on is true (and opts.policy is set) every snapshot carries the
 * governance data (snap->governance, governance.h), built on the monitor
 * thread from the snapshot, the state db (opts.leo_db) and every topic's
 * configs (re-read at most every KX_MONITOR_GOV_CONFIGS_MS), so the configs
 * lint rules are in its findings. Turning it on pokes a refresh. The UI
 * thread only reads it, and the snapshot frees it. Thread-safe. */
void kx_monitor_want_governance(struct kx_monitor *m, bool on);

#define KX_MONITOR_GOV_CONFIGS_MS 60000

/* Stop the thread, free everything. NULL is a no-op. */
void kx_monitor_stop(struct kx_monitor *m);

#endif
