/* slo_rules.h - Prometheus recording rules and multi-window burn-rate alert
 * rules for the SLOs of a config, as one rules file (`klaxon slo rules`,
 * checked by `promtool check rules`).
 *
 * SLIs with a Prometheus source get rules: produce success, consume
 * latency and durability from the canary probe's series (`klaxon probe
 * --metrics`, probe_metrics.h), broker availability (`up` of the
 * JMX-exporter scrape job) and replication lag (max follower lag over the
 * threshold). An SLI with a zero budget (objective 100) alerts on any bad
 * event in both windows of a pair. Schema violations have no series and
 * are evaluated by klaxon itself; the file says so in a comment.
 */
#ifndef KX_SLO_RULES_H
#define KX_SLO_RULES_H

#include "slo_config.h"

#include <stdio.h>

/* The Prometheus job name the rules expect for the brokers' JMX exporter. */
#define KX_SLO_RULES_JOB "kafka"

/* Write the rules file for cfg to out. */
void kx_slo_rules_write(const struct kx_slo_config *cfg, FILE *out);

#endif
