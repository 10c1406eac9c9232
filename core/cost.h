/* cost.h - cost attribution per team.
 *
 * Per team (owner by domain): topics, partitions, messages retained, bytes
 * stored, throughput and a monthly cost = partitions x per-partition-month
 * + GB stored x per-gb-month, from the policy's rates. Topics no team owns
 * and internal topics get rows of their own (cost 0), so the rows always
 * add up to the cluster totals.
 *
 * Bytes stored come from a size source. Today that is the estimate
 * (retained messages x the policy's cost.avg-record-bytes), labelled as an
 * estimate; real log-dir sizes (DescribeLogDirs through Kafka's tools or
 * Prometheus, issue #8) plug in as another source without touching the
 * arithmetic.
 */
#ifndef KX_COST_H
#define KX_COST_H

#include "logdirs.h"
#include "policy.h"
#include "snapshot.h"

#include <jansson.h>

struct kx_size_source {
        const char *label;        /* "estimate: retained messages x 1.0 KB", shown to users */
        bool estimate;
        /* Bytes stored by topic t; false when unknown (counted as 0). */
        bool (*topic_bytes)(void *ctx, const struct kx_topic *t, double *bytes);
        void *ctx;
};

/* The estimate source for pol; label written into buf (size >= 96). */
struct kx_size_source kx_size_estimate(const struct kx_policy *pol, char *buf, size_t size);

/* The real source: bytes on disk of every replica of each topic, from log
 * dirs every broker answered for (u borrowed, must outlive the source). */
struct kx_size_source kx_size_on_disk(const struct kx_logdirs_usage *u);

/* Bytes on disk as the snapshot's topics carry them (size_bytes, filled by
 * the console's admin poller); a topic not polled yet counts as unknown. */
struct kx_size_source kx_size_from_snapshot(void);

struct kx_cost_row {
        char *team;               /* team name, "(unowned)" or "(internal)" */
        char *cost_centre;        /* NULL for the last two */
        int topics, partitions;
        int64_t messages;
        double bytes, msgs_per_s, monthly;
};

struct kx_cost_report {
        struct kx_cost_row *rows; /* teams in policy order, then unowned, internal */
        int cnt;
        struct kx_cost_row total; /* team = "total" */
        char *bytes_source;       /* the source's label */
        bool estimated;
};

/* Attribute snap's topics. rates is {topic: msgs/s} or NULL. Free with
 * kx_cost_report_free. */
void kx_cost_compute(const struct kx_policy *pol, const struct kx_snapshot *snap, const json_t *rates,
                     const struct kx_size_source *src, struct kx_cost_report *out);

void kx_cost_report_free(struct kx_cost_report *r);

/* The report as JSON {bytes_source, estimated, teams[], total}; new ref. */
json_t *kx_cost_json(const struct kx_cost_report *r);

#endif
