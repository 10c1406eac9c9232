/* probe.h - the canary probe: produce a sequence-numbered, timestamped
 * message to every partition of the canary topic each interval, consume
 * them back, and record per time bucket in sqlite (probe_store.h): produce
 * attempts/successes/failures, end-to-end latency (histogram and slow
 * count), gaps (loss), duplicates, and broker up/down samples taken from
 * metadata each interval (the broker-availability SLI).
 *
 * Message: "klaxon-probe/1 ID PARTITION SEQ TS_MS", ID the state dir's probe
 * id; messages of other probes on the same topic are skipped. Sequence
 * numbers and consume positions persist, so a restart (or a consumer that
 * fell behind retention) shows real loss and nothing else. A produce that
 * failed is not loss: its number is remembered and a gap over it is
 * forgiven. The topic is created if missing (through the canary-create
 * action: audited, refused in read-only mode), one partition led by each
 * broker. One thread; librdkafka reconnects across broker restarts. Once
 * an hour it downsamples buckets older than compact_after_ms into hourly
 * rows (kx_probe_store_compact: budgets stay the same).
 */
#ifndef KX_PROBE_H
#define KX_PROBE_H

#include "config.h"
#include "kafka.h"
#include "probe_metrics.h"
#include "store.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#define KX_PROBE_TOPIC "platform.canary.probe.v1"

struct kx_probe_opts {
        const char *topic;           /* default KX_PROBE_TOPIC */
        int interval_ms;             /* between rounds, default 1000 */
        int bucket_ms;               /* sqlite bucket width, default 60000 */
        int timeout_ms;              /* produce delivery timeout, default 5000 */
        int replication;             /* for a new topic; 0 = min(3, brokers) */
        long rounds;                 /* stop after this many rounds; 0 = no limit */
        long duration_ms;            /* stop after this long; 0 = no limit */
        bool produce, consume;       /* roles, both by default */
        bool create;                 /* create the topic if missing, default true */
        double slow_ms;              /* latency over this counts as slow (SLO threshold) */
        volatile sig_atomic_t *stop; /* set (by a signal handler) to stop cleanly */
        FILE *progress;              /* one line per bucket written, or NULL */
        struct kx_probe_metrics *metrics; /* live counters for /metrics, or NULL (caller owns) */
        int64_t compact_after_ms;    /* buckets older than this become hourly rows, checked
                                      * at start and hourly; default 2 days, 0 = never */
};

void kx_probe_opts_default(struct kx_probe_opts *opts);

/* Run the probe until opts->stop, or rounds/duration are done and every
 * message produced was delivered and consumed back (bounded by the delivery
 * timeout). store receives the buckets and state; lb the client logs.
 * Errors: KX_ERR_USAGE (no bootstrap), KX_ERR_CONFIG (bad property),
 * KX_ERR_UNREACHABLE, KX_ERR_READ_ONLY / KX_ERR_REFUSED / KX_ERR_KAFKA
 * (topic missing and cannot be created: the message says why and what to
 * grant), KX_ERR_STATE. */
int kx_probe_run(const struct kx_config *cfg, const struct kx_probe_opts *opts,
                 struct kx_store *store, struct kx_logbuf *lb, struct kx_err *err);

/* Format / parse the probe message. parse returns false for anything else;
 * id receives up to idsize-1 characters. */
int kx_probe_msg_format(char *buf, size_t size, const char *id, int32_t partition, int64_t seq,
                        int64_t ts_ms);
bool kx_probe_msg_parse(const void *payload, size_t len, char *id, size_t idsize,
                        int32_t *partition, int64_t *seq, int64_t *ts_ms);

#endif
