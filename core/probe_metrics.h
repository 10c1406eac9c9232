/* probe_metrics.h - the canary probe's SLIs as Prometheus metrics: live
 * counters the probe loop bumps, rendered in the Prometheus text exposition
 * format (version 0.0.4) for `klaxon probe --metrics` (metrics_server.h).
 *
 * Series (every one labelled topic="<canary topic>", escaped):
 *   klaxon_probe_produce_attempts_total, _successes_total, _failures_total
 *   klaxon_probe_consumed_total, klaxon_probe_lost_total,
 *   klaxon_probe_duplicates_total
 *   klaxon_probe_latency_seconds (histogram: _bucket{le}, _sum, _count),
 *   with a bucket at the consume-latency SLO threshold.
 * Counters start at 0 when the probe starts (Prometheus' rate()/increase()
 * handle the reset). Thread-safe: the probe thread updates, the metrics
 * thread renders, under one mutex held for a few additions at most.
 */
#ifndef KX_PROBE_METRICS_H
#define KX_PROBE_METRICS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define KX_PM_MAX_BOUNDS 16

enum kx_pm_counter {
        KX_PM_ATTEMPTS,
        KX_PM_SUCCESSES,
        KX_PM_FAILURES,
        KX_PM_CONSUMED,
        KX_PM_LOST,
        KX_PM_DUPLICATES,
        KX_PM_COUNTERS
};

struct kx_probe_metrics {
        pthread_mutex_t mu;
        char *topic;                            /* owned copy */
        uint64_t counter[KX_PM_COUNTERS];
        double bound[KX_PM_MAX_BOUNDS];         /* bucket upper bounds, s, ascending */
        int bound_cnt;
        uint64_t bucket[KX_PM_MAX_BOUNDS + 1];  /* per bound (not cumulative); last: +Inf */
        double sum_s;
        uint64_t count;
};

/* The metric names, for `klaxon slo rules`. */
#define KX_PM_PREFIX "klaxon_probe_"
#define KX_PM_LATENCY KX_PM_PREFIX "latency_seconds"

/* Initialise m for topic (copied) with the default latency buckets plus one
 * at threshold_ms (the SLO threshold; ignored if <= 0). Free with _done. */
void kx_probe_metrics_init(struct kx_probe_metrics *m, const char *topic, double threshold_ms);
void kx_probe_metrics_done(struct kx_probe_metrics *m);

/* Add n to a counter. m may be NULL (no metrics: nothing happens). */
void kx_probe_metrics_add(struct kx_probe_metrics *m, enum kx_pm_counter c, uint64_t n);

/* Observe one end-to-end latency in ms. m may be NULL. */
void kx_probe_metrics_observe(struct kx_probe_metrics *m, double ms);

/* The exposition text (HELP/TYPE lines, cumulative buckets). Returns a
 * malloc'd NUL-terminated string the caller frees. */
char *kx_probe_metrics_render(struct kx_probe_metrics *m);

/* Format a bucket bound in seconds as its `le` label value: the shortest
 * decimal that reads back as the same double ("0.5", "1", "10", "2.5";
 * also used for the _sum value). `klaxon slo rules` uses the same text, so
 * its matchers hit the series exactly. */
void kx_pm_le_str(double seconds, char *buf, size_t size);

/* Write s to out as a label value escaped per the exposition format
 * (backslash, double quote and newline become \\, \" and \n). */
void kx_pm_escape_label(const char *s, char *out, size_t size);

#endif
