/* check.h - named live checks over a snapshot, for playbooks.
 *
 * A check is a health predicate: it passes when that part of the cluster is
 * healthy. A playbook trigger fires when its check fails; a runbook step
 * shows ✔ when its check passes and ✖ when it fails. Checks are data (a
 * name and a few parameters), never shell: the table below is the whole
 * language. Checks that need a peer klaxon does not talk to yet answer
 * UNKNOWN and say why.
 */
#ifndef KX_CHECK_H
#define KX_CHECK_H

#include "snapshot.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(ID, "name", "what passing means") */
#define KX_CHECKS(X)                                                                        \
        X(KX_CHECK_BROKERS_UP, "brokers_all_up", "every broker is up")                      \
        X(KX_CHECK_NO_OFFLINE, "no_offline_partitions", "every partition has a live leader")\
        X(KX_CHECK_NO_URP, "no_under_replicated", "every partition's ISR is complete")       \
        X(KX_CHECK_COLLECTOR, "cluster_answers", "the cluster answers every request")       \
        X(KX_CHECK_LAG_BELOW, "group_lag_below", "the group's lag is below max")             \
        X(KX_CHECK_GROUP_STATUS, "group_status_ok", "the group's status is OK")              \
        X(KX_CHECK_GROUP_MEMBERS, "group_has_members", "the group has live members")         \
        X(KX_CHECK_GROUP_PROGRESS, "group_progressing", "the group's offsets move")          \
        X(KX_CHECK_GROUP_NOT_STOPPED, "group_not_stopped",                                   \
          "the group is not STOP (lag with nobody consuming)")                              \
        X(KX_CHECK_GROUP_NOT_STALLED, "group_not_stalled",                                   \
          "the group is not STALL (members there, offset stuck)")                           \
        X(KX_CHECK_GROUP_RETENTION, "group_not_behind_retention",                            \
          "the group has not lost data to retention")                                       \
        X(KX_CHECK_SCHEMA_REGISTRY, "schema_registry_healthy",                               \
          "the schema registry answers and the latest versions are compatible")             \
        X(KX_CHECK_MM2, "mirrormaker_in_sync", "MirrorMaker 2 replication lag is below max") \
        X(KX_CHECK_DISK, "log_dirs_have_space",                                              \
          "every log dir is online with at least 10% free")

enum kx_check_id {
#define KX_CHECK_ENUM(id, name, help) id,
        KX_CHECKS(KX_CHECK_ENUM)
#undef KX_CHECK_ENUM
        KX_CHECK_COUNT
};

enum kx_check_result { KX_CHECK_UNKNOWN, KX_CHECK_PASS, KX_CHECK_FAIL };

struct kx_check {
        enum kx_check_id id;
        int64_t max;          /* group_lag_below, mirrormaker_in_sync */
};

/* What an incident is about, filled by the trigger that fired. */
struct kx_incident_ctx {
        int32_t broker;       /* -1 if none */
        char topic[256];      /* "" if none */
        char group[256];      /* "" if none */
};

/* The check's id for a name, or -1. */
int kx_check_by_name(const char *name);
const char *kx_check_name(enum kx_check_id id);
const char *kx_check_help(enum kx_check_id id);

/* Evaluate c on snap. Group checks use ctx->group when set, else every
 * group (failing on the worst, whose id they write into ctx->group when
 * fill_ctx); broker/topic checks likewise fill ctx->broker / ctx->topic.
 * detail receives one line saying why (raw: sanitize before display).
 * snap NULL gives UNKNOWN. */
enum kx_check_result kx_check_eval(const struct kx_check *c, const struct kx_snapshot *snap,
                                   struct kx_incident_ctx *ctx, bool fill_ctx, char *detail,
                                   size_t size);

#endif
