/* policy.h - the governance policy as data (config/policy.yaml).
 *
 * Topic names follow <domain>.<event-type>.<entity>.<version>; the
 * event-type segment picks the topic's type (partition range, retention
 * range, compaction). The domain picks the owning team (quotas, cost centre,
 * cost rate). Lifecycle entries match a name prefix ("payments.events") and
 * say what the topic's configs must be. Internal topics (leading "_") are
 * exempt from everything. The built-in policy is config/policy.yaml,
 * compiled in; a file given with --policy (or
 * $XDG_CONFIG_HOME/klaxon/policy.yaml) replaces it. Mistakes name the file,
 * line and field.
 */
#ifndef KX_POLICY_H
#define KX_POLICY_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KX_UNSET ((int64_t)-2)   /* a lifecycle field the entry does not set */

struct kx_policy_type {
        char *name;                  /* event-type segment: "events", "commands", ... */
        char *label;                 /* "high-throughput events", for messages */
        int64_t min_partitions, max_partitions;
        int64_t min_retention_ms, max_retention_ms;  /* KX_FOREVER (-1) = infinite */
        bool compaction;
};

struct kx_policy_team {
        char *name;
        char **domains;              /* name prefixes it owns (the domain segment) */
        int domain_cnt;
        char *cost_centre;
        double cost_per_partition_month;
        double cost_per_gb_month;
        int64_t max_topics, max_partitions_per_topic, max_retention_bytes, max_message_bytes;
};

struct kx_policy_lifecycle {
        char *prefix;                /* "payments.events": matches names starting "prefix." */
        int64_t retention_ms;        /* KX_UNSET, KX_FOREVER or ms */
        int64_t tier_after_ms;       /* local retention before tiered storage, or KX_UNSET */
        int64_t delete_after_ms;     /* KX_UNSET, KX_FOREVER ("never") or ms */
        int compaction;              /* -1 unset, 0 no, 1 yes */
        double min_cleanable_ratio;  /* < 0 unset */
};

struct kx_policy_limits {
        int64_t min_partitions, max_partitions, max_cluster_partitions;
        int64_t justification_above;         /* partitions that need a --reason */
        double low_throughput_msgs;          /* msg/s under which ... */
        int64_t low_throughput_max_partitions; /* ... more partitions are auto-rejected */
        int64_t replication_factor, min_insync_replicas;
};

struct kx_policy_review {
        int64_t partitions_above;    /* requests above become pending */
        int64_t retention_above_ms;  /* likewise (KX_FOREVER counts as above) */
};

struct kx_policy_idle {
        int64_t no_produce_ms;       /* idle when nothing produced for this long ... */
        int64_t max_messages;        /* ... and fewer messages retained than this */
        int64_t grace_ms;            /* notify -> grace -> archive/delete recommendation */
};

struct kx_policy_guardian {
        int64_t lag_above;           /* total group lag ... */
        int64_t for_ms;              /* ... held for this long ... */
        int64_t no_progress_ms;      /* ... and committed offsets unmoved this long */
        char *webhook;               /* POST target, or NULL */
        bool dry_run;                /* default true: report, do not pause */
};

struct kx_policy {
        char *origin;                /* file the policy came from */
        struct kx_policy_type *types;
        int type_cnt;
        struct kx_policy_team *teams;
        int team_cnt;
        struct kx_policy_lifecycle *lifecycle;
        int lifecycle_cnt;
        struct kx_policy_limits limits;
        struct kx_policy_review review;
        struct kx_policy_idle idle;
        struct kx_policy_guardian guardian;
        int64_t avg_record_bytes;    /* cost.avg-record-bytes: for estimated sizes, default 1KB */
};

/* Parse a policy document (origin names it in errors). On success *pol
 * owns everything (free with kx_policy_free). On error (KX_ERR_CONFIG,
 * "FILE:LINE: field \"...\": ...") *pol is left empty. */
int kx_policy_parse(const char *text, size_t len, const char *origin, struct kx_policy *pol,
                    struct kx_err *err);

/* Load path, or if path is NULL $XDG_CONFIG_HOME/klaxon/policy.yaml when it
 * exists, else the built-in policy. KX_ERR_CONFIG / KX_ERR_IO naming the file. */
int kx_policy_load(const char *path, struct kx_policy *pol, struct kx_err *err);

void kx_policy_free(struct kx_policy *pol);

/* The parts of a conforming name. Pure. */
struct kx_topic_name {
        char domain[64], type[64], entity[128], version[16];
};

/* True if name is internal (leading '_'): exempt from the policy. */
bool kx_policy_internal(const char *name);

/* Split name into <domain>.<event-type>.<entity>.<version>: four segments
 * of lower-case letters, digits and '-', version "v" + digits. Returns false
 * with why (caller's buffer) filled otherwise. */
bool kx_policy_parse_name(const char *name, struct kx_topic_name *out, char *why, size_t size);

/* Type for an event-type segment, team for a domain, lifecycle entry for a
 * name (longest matching prefix); NULL when none. Borrowed from pol. */
const struct kx_policy_type *kx_policy_type(const struct kx_policy *pol, const char *type);
const struct kx_policy_team *kx_policy_team_for(const struct kx_policy *pol, const char *topic);
const struct kx_policy_team *kx_policy_team(const struct kx_policy *pol, const char *name);
const struct kx_policy_lifecycle *kx_policy_lifecycle_for(const struct kx_policy *pol,
                                                          const char *topic);

#endif
