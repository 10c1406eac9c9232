/* check_disk.h - the live "check disk" predicate: every broker's log
 * directories online and with free space, from the snapshot's log-dir
 * usage (admin_poller.h). */
#ifndef KX_CHECK_DISK_H
#define KX_CHECK_DISK_H

#include "check.h"

#define KX_CHECK_DISK_MIN_FREE_PCT 10

/* PASS when every log dir answered without error and (where the broker
 * reports capacity, DescribeLogDirs v4+) has at least min_free_pct percent
 * usable; FAIL naming the broker and directory otherwise (fill: ctx->broker
 * gets the broker); UNKNOWN before the first log-dir poll, or when it
 * failed, or while a broker is down or gave no log dirs (its disk must be
 * checked on the host), with the reason. detail is raw text: sanitize
 * before display. */
enum kx_check_result kx_check_disk(const struct kx_snapshot *s, struct kx_incident_ctx *ctx, bool fill,
                                   int min_free_pct, char *detail, size_t size);

#endif
