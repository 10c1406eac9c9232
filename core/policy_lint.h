/* policy_lint.h - check topics against the governance policy.
 *
 * Pure: everything comes in as data (the policy, a snapshot, the topics'
 * effective configs, measured throughput), findings go out. The same
 * per-topic rules serve `klaxon policy check` (live topics) and
 * `klaxon topic create` (a request, where every broken rule is an error).
 */
#ifndef KX_POLICY_LINT_H
#define KX_POLICY_LINT_H

#include "finding.h"
#include "policy.h"
#include "snapshot.h"

#include <jansson.h>

/* One topic, live or requested. */
struct kx_topic_facts {
        const char *name;
        int partitions;
        int replication;          /* lowest replica count over partitions; 0 unknown */
        const json_t *configs;    /* {config: value} in force (or requested); NULL skips config rules */
        double msgs_per_s;        /* measured (or expected) throughput; < 0 unknown */
        const char *team;         /* the team asking (requests), or NULL: matched by domain */
        bool justified;           /* a reason was given (needed above justification-above) */
        bool request;             /* a provisioning request: type ranges are errors, not warnings */
};

/* Append every rule t breaks to out: naming, type, partition limits and
 * range, replication factor, min.insync.replicas, retention and compaction
 * by type, lifecycle against configs (tiered storage is
 * remote.storage.enable + local.retention.ms), team ownership and quotas,
 * low throughput with too many partitions. Internal topics: nothing. */
void kx_policy_check_topic(const struct kx_policy *pol, const struct kx_topic_facts *t,
                           struct kx_findings *out);

/* Lint every topic of snap. configs is {topic: {config: value}} (topics
 * missing from it skip config rules); rates is {topic: msgs/s} measured
 * from the offset history, or NULL. Adds team topic-count quotas and the
 * cluster partition limit. */
void kx_policy_lint(const struct kx_policy *pol, const struct kx_snapshot *snap, const json_t *configs,
                    const json_t *rates, struct kx_findings *out);

/* Check a request against pol and the live cluster snap: the topic rules
 * (as a request), the topic not existing yet, the team's topic count and
 * the cluster's partition total after creation. */
void kx_policy_check_request(const struct kx_policy *pol, const struct kx_snapshot *snap,
                             const struct kx_topic_facts *t, struct kx_findings *out);

/* Why a clean request still needs another operator's approval (above the
 * review thresholds), into why; false when it can go ahead. */
bool kx_policy_needs_review(const struct kx_policy *pol, const struct kx_topic_facts *t, char *why,
                            size_t size);

/* Lowest replica count over t's partitions (0 if none). */
int kx_topic_replication(const struct kx_topic *t);

#endif
