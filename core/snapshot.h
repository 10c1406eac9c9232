/* snapshot.h - one immutable, refcounted picture of a cluster.
 *
 * The collector builds a snapshot, publishes it, and never touches it again.
 * Every string and array it holds lives in the snapshot's own arena. Readers
 * (views, the CLI, tests) take a reference with kx_snapshot_ref() and drop it
 * with kx_snapshot_unref(); the last unref frees it. Strings are raw bytes
 * from Kafka: pass them through kx_sanitize() before showing them.
 *
 * Offsets use KX_OFFSET_UNKNOWN (-1) when klaxon does not know the value
 * (leader down, no commit, request failed).
 */
#ifndef KX_SNAPSHOT_H
#define KX_SNAPSHOT_H

#include "arena.h"
#include "lag_status.h"
#include "time_lag.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define KX_OFFSET_UNKNOWN ((int64_t)-1)

struct kx_broker {
        int32_t id;
        const char *host;  /* NULL when down and never seen up */
        int port;
        bool up;           /* listed by the cluster's metadata */
        int leader_count;  /* partitions it leads */
};

struct kx_partition {
        int32_t partition;
        int32_t leader;             /* -1: none */
        int32_t *replicas;
        int replica_cnt;
        int32_t *isr;
        int isr_cnt;
        bool under_replicated;      /* isr_cnt < replica_cnt */
        bool offline;               /* no leader, or leader not a live broker */
        int64_t log_start_offset;   /* KX_OFFSET_UNKNOWN if not fetched */
        int64_t high_watermark;     /* KX_OFFSET_UNKNOWN if not fetched */
        const char *error;          /* why offsets are unknown, or NULL */
        int64_t stale_since_ms;     /* 0, or when the offsets above were last read
                                       (carried over from an earlier refresh) */
        double msgs_per_s;          /* from LEO deltas; 0 on the first refresh */
};

struct kx_topic {
        const char *name;
        bool internal;
        struct kx_partition *partitions;
        int partition_cnt;
        const char *error;  /* topic-level metadata error, or NULL */
        double msgs_per_s;  /* sum over partitions */
        int64_t size_bytes; /* on disk, every replica (DescribeLogDirs); -1 unknown */
};

struct kx_config_entry {
        const char *name;
        const char *value;  /* NULL if sensitive or unset */
        bool is_default;
        bool is_sensitive;
        const char *source; /* "DYNAMIC_TOPIC_CONFIG", "DEFAULT_CONFIG", ... */
};

struct kx_group_partition {
        const char *topic;
        int32_t partition;
        int64_t committed_offset;   /* KX_OFFSET_UNKNOWN: assigned, no commit */
        int64_t high_watermark;     /* KX_OFFSET_UNKNOWN if not known */
        int64_t log_start_offset;
        int64_t lag;                /* -1 if unknown */
        bool behind_retention;      /* committed < log start: data was lost */
        const char *member_client_id; /* owner when the group is active, or NULL */
        /* Filled from history by the monitor (kx_history_apply); zero in a
         * one-shot collection. */
        enum kx_lag_status status;
        struct kx_time_lag time_lag;
        double consume_rate, produce_rate;  /* records/s over the window */
        double eta_s;                       /* drain ETA, -1 growing, 0 none */
};

#define KX_TREND_LEN 32

struct kx_group {
        const char *group;
        const char *state;          /* "Stable", "Empty", ... or "Unknown" */
        const char *protocol_type;  /* "consumer", "connect", "" ... or NULL */
        bool simple;                /* committed offsets without membership */
        bool kip848;                /* on the new consumer protocol: librdkafka 2.0.2
                                       cannot describe it, so members are unknown */
        int members;                /* -1 if unknown */
        int64_t lag;                /* sum of known partition lags */
        struct kx_group_partition *partitions;
        int partition_cnt;
        bool behind_retention;      /* any partition is */
        const char *error;          /* offsets could not be fetched, or NULL */
        /* From history (see above). */
        enum kx_lag_status status;  /* worst partition */
        struct kx_time_lag time_lag;/* worst partition */
        double eta_s;               /* -1 growing, 0 none */
        int64_t lag_trend[KX_TREND_LEN]; /* total lag, oldest first */
        int trend_cnt;
};

/* One log directory of one broker (from klaxon's DescribeLogDirs). */
struct kx_snapshot_logdir {
        int32_t broker;
        const char *path;
        int64_t used_bytes;      /* sum of its partitions */
        int64_t total_bytes;     /* -1 when the broker does not say (before v4) */
        int64_t usable_bytes;    /* -1 likewise */
        int16_t error;           /* Kafka error code (e.g. offline dir), 0 ok */
};

/* One configured client quota value (klaxon's DescribeClientQuotas). */
struct kx_snapshot_quota {
        const char *entity;      /* "user=alice", "client-id=<default>" (raw) */
        const char *key;         /* producer_byte_rate, ... */
        double value;
        /* What the brokers observed for this key (quota_observed.h), from
         * Prometheus when one is configured; -1: not observed. */
        double throttle_ms;
        double byte_rate;
};

struct kx_section_error {
        const char *section;  /* "metadata", "offsets", "groups", ... */
        const char *message;
};

struct kx_mm2_health;
struct kx_schema_health;
struct kx_governance;

struct kx_snapshot {
        atomic_int refcount;
        uint64_t generation;
        int64_t collected_at_ms;  /* wall clock, ms since the epoch */
        int64_t duration_ms;      /* time the collection took */
        const char *cluster_id;   /* NULL if unknown */
        const char *bootstrap;

        struct kx_broker *brokers;
        int broker_cnt;
        struct kx_topic *topics;  /* sorted by name */
        int topic_cnt;
        struct kx_group *groups;  /* sorted by group id */
        int group_cnt;
        struct kx_section_error *errors;
        int error_cnt;

        /* DescribeConfigs of one topic the console asked for, or NULL. */
        const char *configs_topic;
        struct kx_config_entry *configs;
        int config_cnt;

        /* Disk usage, fetched on its own slower cadence (admin_poller.h) and
         * copied in: logdirs_at_ms is when it was read, 0 never. */
        struct kx_snapshot_logdir *logdirs;
        int logdir_cnt;
        int64_t logdirs_at_ms;
        const char *logdirs_error;   /* last poll's failure, or NULL */
        /* Configured client quotas, from the same poller. */
        struct kx_snapshot_quota *quotas;
        int quota_cnt;
        int64_t quotas_at_ms;        /* 0: never read */
        const char *quotas_error;    /* last poll's failure, or NULL */
        /* Where the quotas' observed throttling comes from (a sentence: the
         * Prometheus URL and window, or how to configure one; NULL before the
         * first poll), and the last Prometheus read's failure or NULL. */
        const char *quotas_observed_source;
        const char *quotas_observed_error;

        /* The governance data (governance.h) the monitor built for this
         * snapshot while the console asked for it (kx_monitor_want_governance),
         * or NULL. Owned by the snapshot: freed with it, never by a reader. */
        struct kx_governance *governance;

        struct kx_arena arena;    /* owns every pointer above */

        /* Services around the cluster (collect_peers.h), NULL when not
         * configured; owned by the snapshot (heap, not the arena). */
        struct kx_mm2_health *mm2;
        struct kx_schema_health *schemas;
};

/* A new, empty snapshot with refcount 1. The caller owns that reference. */
struct kx_snapshot *kx_snapshot_new(void);

/* Take another reference. Returns snap. Thread-safe. */
struct kx_snapshot *kx_snapshot_ref(struct kx_snapshot *snap);

/* Drop a reference; the last one frees the snapshot. NULL is a no-op. */
void kx_snapshot_unref(struct kx_snapshot *snap);

/* Append a section error (copied into the arena). Builder use only. */
void kx_snapshot_add_error(struct kx_snapshot *snap, const char *section,
                           const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Lookups by name (binary search over the sorted arrays); NULL if absent. */
const struct kx_topic *kx_snapshot_topic(const struct kx_snapshot *snap, const char *name);
const struct kx_group *kx_snapshot_group(const struct kx_snapshot *snap, const char *group);
const struct kx_broker *kx_snapshot_broker(const struct kx_snapshot *snap, int32_t id);

/* True if id is among ids[0..n) (replica and ISR lists). */
bool kx_ids_contain(const int32_t *ids, int n, int32_t id);

/* Counters over the whole snapshot. */
struct kx_snapshot_totals {
        int brokers_up, brokers_down;
        int partitions, under_replicated, offline;
};
void kx_snapshot_totals(const struct kx_snapshot *snap, struct kx_snapshot_totals *out);

#endif
