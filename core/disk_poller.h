/* disk_poller.h - log-dir usage for the console, on its own thread and its
 * own slower cadence, so a slow DescribeLogDirs never delays a refresh.
 *
 * The poller asks every broker (logdirs.h) every interval, keeps the latest
 * answer (per directory, and bytes per topic), and kx_disk_poller_fill()
 * copies it into a snapshot under construction: no I/O, a lock and a copy.
 */
#ifndef KX_DISK_POLLER_H
#define KX_DISK_POLLER_H

#include "config.h"
#include "err.h"
#include "snapshot.h"

struct kx_disk_poller;

/* Start polling with cfg's settings (copied) every interval_ms (the first
 * poll starts at once). Returns NULL if the thread cannot start. Stop with
 * kx_disk_poller_stop. */
struct kx_disk_poller *kx_disk_poller_start(const struct kx_config *cfg, int interval_ms, int timeout_ms);

/* Copy the latest usage into snap (its arena): snap->logdirs, logdirs_at_ms,
 * logdirs_error and every topic's size_bytes. Thread-safe; p NULL is a
 * no-op. */
void kx_disk_poller_fill(struct kx_disk_poller *p, struct kx_snapshot *snap);

/* Poll again now (e.g. after an action). Thread-safe. */
void kx_disk_poller_poke(struct kx_disk_poller *p);

/* Stop the thread (waits for a poll in flight) and free. NULL is a no-op. */
void kx_disk_poller_stop(struct kx_disk_poller *p);

#endif
