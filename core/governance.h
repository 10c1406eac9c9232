/* governance.h - what the governance view shows, built from data klaxon
 * already has (the snapshot and the state db), without a Kafka call.
 *
 * Findings are the lint rules that need no topic configs (naming, types,
 * partitions, replication, team quotas, throughput) and, when the caller
 * has every topic's configs (the console's monitor thread reads them), the
 * configs rules too (retention, compaction, lifecycle, min.insync.replicas).
 * Client quotas: the configured values the snapshot carries (read by the
 * admin poller, see admin_poller.h), summed up in one line; the Quotas view
 * lists them. Bytes per team: the snapshot's log-dir sizes once polled,
 * else the policy's estimate (size_label says which).
 */
#ifndef KX_GOVERNANCE_H
#define KX_GOVERNANCE_H

#include "cost.h"
#include "finding.h"
#include "idle.h"
#include "policy.h"
#include "snapshot.h"
#include "store.h"
#include "topic_request.h"

struct kx_team_usage {
        const char *team;                 /* borrowed from the policy */
        int topics;
        int64_t max_topics;
        int widest;                       /* most partitions of one topic */
        int64_t max_partitions_per_topic;
};

struct kx_governance {
        struct kx_findings findings;      /* sorted by team */
        struct kx_topic_request *requests; /* pending, newest first */
        int request_cnt;
        struct kx_team_usage *usage;      /* one per policy team */
        int usage_cnt;
        struct kx_idle_list idle;
        struct kx_cost_report cost;
        char size_label[200];             /* the cost report's bytes source */
        char client_quotas[200];          /* the configured client quotas, in one line */
        char configs_note[300];           /* whether the configs rules ran, and on what */
        char error[256];                  /* a part that failed (sqlite), or "" */
};

/* Build everything for snap at now_ms (store may be NULL: no requests,
 * idle topics or rates). Free with kx_governance_free. */
void kx_governance_build(const struct kx_policy *pol, struct kx_store *store, const struct kx_snapshot *snap,
                         int64_t now_ms, struct kx_governance *out);

/* The same with every topic's configs ({topic: {name: value}}, borrowed;
 * NULL: the configs rules are skipped) so the configs rules run too;
 * configs_note (copied; may be NULL) says where they came from or why not. */
void kx_governance_build_configs(const struct kx_policy *pol, struct kx_store *store,
                                 const struct kx_snapshot *snap, int64_t now_ms, const json_t *configs,
                                 const char *configs_note, struct kx_governance *out);

void kx_governance_free(struct kx_governance *g);

#endif
