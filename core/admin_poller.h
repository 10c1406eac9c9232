/* admin_poller.h - what librdkafka 2.0.2 cannot fetch, for the console:
 * log-dir usage and configured client quotas, on a thread and a slower
 * cadence of their own, so a slow DescribeLogDirs never delays a refresh.
 *
 * Every interval the poller asks every broker for its log dirs (logdirs.h)
 * and any broker for the client quotas (quotas.h), keeps the latest answers
 * (per directory, bytes per topic, quota rows), and kx_admin_poller_fill()
 * copies them into a snapshot under construction: no I/O, a lock and a copy.
 */
#ifndef KX_ADMIN_POLLER_H
#define KX_ADMIN_POLLER_H

#include "config.h"
#include "err.h"
#include "snapshot.h"

struct kx_admin_poller;

/* Start polling with cfg's settings (copied) every interval_ms (the first
 * poll starts at once). Returns NULL if the thread cannot start. Stop with
 * kx_admin_poller_stop. */
struct kx_admin_poller *kx_admin_poller_start(const struct kx_config *cfg, int interval_ms, int timeout_ms);

/* Copy the latest answers into snap (its arena): snap->logdirs,
 * logdirs_at_ms, logdirs_error, every topic's size_bytes, and snap->quotas,
 * quotas_at_ms, quotas_error. Thread-safe; p NULL is a no-op. */
void kx_admin_poller_fill(struct kx_admin_poller *p, struct kx_snapshot *snap);

/* Poll again now (e.g. after an action). Thread-safe. */
void kx_admin_poller_poke(struct kx_admin_poller *p);

/* Stop the thread (waits for a poll in flight) and free. NULL is a no-op. */
void kx_admin_poller_stop(struct kx_admin_poller *p);

#endif
