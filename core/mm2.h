/* mm2.h - MirrorMaker 2 health, read from both clusters and the Connect
 * worker that runs the MM2 connectors.
 *
 * Per replicated topic (topic T on the source is source-alias.T on the
 * target, MM2's DefaultReplicationPolicy): source and target log end
 * offsets, the lag in records (source LEO - target LEO, per partition) and
 * in time (age of the oldest source record not yet on the target). The
 * heartbeat age (newest record from the source alias in the target's
 * "heartbeats" topic). Per group, the latest checkpoints from
 * ALIAS.checkpoints.internal on the target and the checkpoint lag (the
 * group's committed offsets on the source minus the checkpointed upstream
 * offsets). The MM2 connectors' and tasks' states. Strings are raw: sanitize
 * before display.
 */
#ifndef KX_MM2_H
#define KX_MM2_H

#include "config.h"
#include "err.h"
#include "kafka.h"
#include "mm2_records.h"

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_mm2_topic {
        char source[256];        /* T on the source */
        char target[400];        /* ALIAS.T on the target */
        int partitions;
        int64_t source_leo, target_leo;   /* sums over partitions */
        int64_t lag;             /* records not on the target yet */
        int64_t lag_ms;          /* age of the oldest of them; 0 if none, -1 unknown */
};

struct kx_mm2_group {
        char group[256];
        int partitions;          /* partitions with a checkpoint */
        int64_t lag;             /* committed on the source - checkpointed upstream */
};

struct kx_mm2_connector {
        char name[256];
        char kind[16];           /* source, checkpoint, heartbeat */
        char state[32];          /* RUNNING, PAUSED, FAILED, ... */
        int tasks, running, failed;
        char trace[256];         /* first line of a failure trace, or "" */
};

struct kx_mm2_health {
        char alias[128];         /* the source cluster's alias */
        int64_t collected_ms;
        struct kx_mm2_topic *topics;
        int topic_cnt;
        struct kx_mm2_checkpoint *checkpoints;   /* latest per group/topic/partition */
        int checkpoint_cnt;
        struct kx_mm2_group *groups;
        int group_cnt;
        struct kx_mm2_connector connectors[16];
        int connector_cnt;
        int64_t heartbeat_age_ms;   /* -1: no heartbeat from alias seen */
        char error[512];            /* sections that failed, "" if none */
};

/* Read MM2's health. source and target are reader handles (kx_kafka_new
 * with a reader group) on the two clusters, borrowed. connect_url: the
 * worker running the MM2 connectors (NULL: no connector states). alias:
 * the source cluster's alias (NULL: from the connectors' config, else
 * "source"). A section that fails is named in h->error and the rest is
 * still filled. Returns 0 with *out owned by the caller (free with
 * kx_mm2_health_free), or KX_ERR_KAFKA if neither cluster answers. */
int kx_mm2_collect(rd_kafka_t *source, rd_kafka_t *target, const char *connect_url,
                   const char *alias, int timeout_ms, struct kx_mm2_health **out,
                   struct kx_err *err);

void kx_mm2_health_free(struct kx_mm2_health *h);

/* A heartbeat older than this counts as a desync (MM2 emits one a second
 * by default). */
#define KX_MM2_HEARTBEAT_MAX_MS 30000

/* The desync verdict: true (in sync) when every MM2 connector and task
 * runs, every topic's lag is <= max_lag, and a heartbeat came within
 * max_heartbeat_ms. detail gets one line saying why not (or a summary). */
bool kx_mm2_in_sync(const struct kx_mm2_health *h, int64_t max_lag, int64_t max_heartbeat_ms,
                    char *detail, size_t size);

/* The latest checkpoints of group (pointers into h; up to max), i.e. its
 * translated offsets on the target. Returns the count. */
int kx_mm2_group_checkpoints(const struct kx_mm2_health *h, const char *group,
                             const struct kx_mm2_checkpoint **out, int max);

/* Read only ALIAS.checkpoints.internal on the target (reader handle) into a
 * new array *out (caller frees) of the latest checkpoint per group, topic
 * and partition; *cnt its length. */
int kx_mm2_read_checkpoints(rd_kafka_t *target, const char *alias, int timeout_ms,
                            struct kx_mm2_checkpoint **out, int *cnt, struct kx_err *err);

/* The newest heartbeat timestamp (ms) from alias in the target's
 * "heartbeats" topic (its last few records per partition), or -1. */
int64_t kx_mm2_newest_heartbeat(rd_kafka_t *target, const char *alias, int timeout_ms);

/* A reader handle (kx_kafka_new with a reader group) for cfg's cluster, or
 * for bootstrap (not NULL) with cfg's properties: the other cluster of an
 * MM2 pair. Logs go to lb (must outlive the handle). NULL with err set. */
rd_kafka_t *kx_mm2_reader(const struct kx_config *cfg, const char *bootstrap, struct kx_logbuf *lb,
                          struct kx_err *err);

/* The MM2 connectors on the worker at url into h->connectors (and h->alias
 * from their config when it is ""). */
int kx_mm2_read_connectors(struct kx_mm2_health *h, const char *url, int timeout_ms,
                           struct kx_err *err);

#endif
