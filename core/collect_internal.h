/* collect_internal.h - state shared by the collector's phases (not public). */
#ifndef KX_COLLECT_INTERNAL_H
#define KX_COLLECT_INTERNAL_H

#include "collector.h"

#include <pthread.h>

struct kx_known_broker {
        int32_t id;
        char *host;
        int port;
};

struct kx_collector {
        rd_kafka_t **handles;
        int handle_cnt;
        struct kx_collector_opts opts;
        struct kx_logbuf *lb;
        char *bootstrap;
        uint64_t generation;
        struct kx_known_broker *known;  /* every broker ever seen up */
        int known_cnt;
        struct kx_peers *peers;         /* MM2 and registry, or NULL */
};

/* One collection in progress. */
struct kx_collect_run {
        struct kx_collector *c;
        struct kx_snapshot *snap;
        pthread_mutex_t lock;   /* guards snap->errors while phases run */
};

/* Record a section error; thread-safe. */
void kx_collect_error(struct kx_collect_run *run, const char *section, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Phase 1: Metadata into snap->brokers and snap->topics.
 * KX_ERR_UNREACHABLE if no broker answered. */
int kx_collect_metadata(struct kx_collect_run *run, struct kx_err *err);

/* Phase 2: log-start offsets and high watermarks of every online partition. */
void kx_collect_watermarks(struct kx_collect_run *run);

/* Phase 3: groups, their members and committed offsets (needs phase 1 for
 * the coordinators). Lag is filled in later by kx_lag_fill_snapshot. */
void kx_collect_groups(struct kx_collect_run *run);

#endif
