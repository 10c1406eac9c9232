/* traffic.h - klaxon-traffic: realistic demo load for a local Kafka.
 *
 * The generator creates topics named like a real estate's (plus a few that
 * break the naming rules), produces keyed JSON with headers at a rate that
 * drifts on a slow sine wave, and keeps consumer groups in the states an
 * on-call engineer meets: Stable and healthy, Stable with growing lag, Empty
 * with a frozen commit, Empty but committing (a simple, assign()-based
 * consumer), and committed behind the log-start offset.
 *
 * Everything here is a test tool: errors go to stderr prefixed
 * "klaxon-traffic:", and the librdkafka logs below WARNING are dropped.
 */
#ifndef TR_TRAFFIC_H
#define TR_TRAFFIC_H

#include "../../../core/err.h"

#include <librdkafka/rdkafka.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define TR_NAME "klaxon-traffic"

/* ---- options (main.c) ---- */

struct tr_opts {
        const char *bootstrap;
        int seconds;            /* stop after this long; 0: until a signal */
        double rate;            /* total msgs/s across the produced topics */
        bool setup_only;        /* topics and one-shot groups, then exit */
        const char **props;     /* -X key=value, applied to every client */
        int prop_cnt;
};

/* ---- topics (topics.c) ---- */

enum tr_topic_id {
        TR_PAYMENTS,        /* payments.events.transaction.v1 */
        TR_LEDGER,          /* ledger.commands.posting.v2 */
        TR_AUDIT,           /* audit.logs.compliance.v1 */
        TR_ORDERS,          /* orders.events.order.v1 */
        TR_MY_TOPIC,        /* my-topic: rule breaker, idle */
        TR_TEST123,         /* test123: rule breaker, idle */
        TR_PAYMENTS_DATA,   /* payments_data: rule breaker, unkeyed CSV */
        TR_RETENTION,       /* ledger.events.retention.v1: behind-retention scene */
        TR_TOPIC_CNT
};

struct tr_topic {
        const char *name;
        int partitions;     /* at creation */
        double share;       /* of the total rate; 0: not produced continuously */
        double phase;       /* of its rate's sine wave, radians */
};

extern const struct tr_topic tr_topics[TR_TOPIC_CNT];

/* What the run shares between threads; filled in by setup, then read-only. */
struct tr_ctx {
        const struct tr_opts *opts;
        int brokers;                      /* in metadata at start */
        int partitions[TR_TOPIC_CNT];     /* as the cluster has them */
        rd_kafka_t *producer;             /* also used for admin calls */
};

/* Number of brokers in the cluster's metadata (>= 1), retrying while the
 * cluster may still be starting; a negative kx code with err set when no
 * broker answers within timeout_ms. */
int tr_broker_count(rd_kafka_t *rk, int timeout_ms, struct kx_err *err);

/* Create every topic of tr_topics with replication factor
 * min(3, ctx->brokers) (an existing topic is fine), then wait until each has
 * a leader for every partition and record the partition counts in ctx.
 * Returns 0 or a negative kx code with err set. */
int tr_topics_setup(struct tr_ctx *ctx, struct kx_err *err);

/* ---- clients and logs (client.c) ---- */

/* Every handle gets the bootstrap, the quiet log callback and, last, the -X
 * properties (so they override the generator's own settings). */

/* Set one property; 0, or KX_ERR_CONFIG with librdkafka's message in err. */
int tr_conf_set(rd_kafka_conf_t *conf, const char *key, const char *value,
                struct kx_err *err);

/* An idempotent producer (acks=all). NULL with err set on error. */
rd_kafka_t *tr_producer_new(const struct tr_opts *o, struct kx_err *err);

/* A classic-protocol consumer in group, auto commit off, reading from the
 * earliest offset when the group has none. NULL with err set on error. */
rd_kafka_t *tr_consumer_new(const struct tr_opts *o, const char *group,
                            const char *client_id, struct kx_err *err);

/* Print one line to stderr, prefixed with the program name. Thread-safe. */
void tr_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- stopping (stop.c) ---- */

/* SIGINT/SIGTERM request a stop; SIGPIPE is ignored. */
void tr_signals_install(void);
void tr_stop_request(void);
bool tr_stopping(void);

/* Sleep ms, waking early when a stop is requested. Returns !tr_stopping(). */
bool tr_sleep_ms(int64_t ms);

/* ---- messages (payload.c) ---- */

struct tr_rng {
        uint64_t s;
};

/* Seed a generator (any seed; 0 is remapped). */
void tr_rng_seed(struct tr_rng *r, uint64_t seed);
/* Uniform in [0, n); n > 0. */
uint32_t tr_rng_below(struct tr_rng *r, uint32_t n);

#define TR_MAX_HEADERS 3

struct tr_msg {
        char key[48];
        size_t key_len;                         /* 0: no key */
        char value[640];
        size_t value_len;
        const char *hdr_name[TR_MAX_HEADERS];   /* static strings */
        char hdr_value[TR_MAX_HEADERS][64];
        int hdr_cnt;
};

/* Fill m with a realistic record for topic: its key, JSON value (CSV for the
 * rule-breaking payments_data) and headers. seq numbers the records. */
void tr_msg_make(struct tr_msg *m, enum tr_topic_id topic, struct tr_rng *r, uint64_t seq);

/* ---- producing (producer.c) ---- */

struct tr_produce_stats {
        atomic_llong sent;        /* accepted by rd_kafka_producev */
        atomic_llong delivered;
        atomic_llong failed;      /* delivery failures and local refusals */
};

extern struct tr_produce_stats tr_pstats;

/* Produce one message m to topic (partition RD_KAFKA_PARTITION_UA to let the
 * partitioner pick). On a full local queue it polls and retries for up to a
 * second. Returns 0, or -1 after counting a failure. */
int tr_produce(rd_kafka_t *rk, enum tr_topic_id topic, int32_t partition,
               const struct tr_msg *m);

/* Produce per_partition records to every partition of topic (explicit
 * partitions, round robin) and flush. Call before the producer thread starts.
 * Returns 0, or a negative kx code with err set if any was not delivered. */
int tr_produce_seed(const struct tr_ctx *ctx, enum tr_topic_id topic, int per_partition,
                    struct kx_err *err);

/* Expected rate of topic (msgs/s) at t_s seconds into the run. */
double tr_topic_rate(const struct tr_ctx *ctx, enum tr_topic_id topic, double t_s);

/* Start/stop the continuous producer thread. Stop flushes (up to 10 s). */
int tr_producer_start(struct tr_ctx *ctx, struct kx_err *err);
void tr_producer_stop(void);

/* ---- live groups (consumers.c) ---- */

/* Start the groups that keep running: payments-settlement (two members,
 * keeps up), ledger-projector (slower than production, lag grows) and
 * orders-analytics (assign()-based, commits, no members). Returns 0 or a
 * negative kx code with err set (nothing is left running then). */
int tr_consumers_start(const struct tr_ctx *ctx, struct kx_err *err);

/* Commit, close and destroy every live consumer. Call after tr_stop_request. */
void tr_consumers_stop(void);

/* One status line per live group: messages consumed so far. */
void tr_consumers_report(void);

/* ---- one-shot groups (oneshot.c) ---- */

/* audit-archiver: joins, reads audit.logs.compliance.v1 to its end, commits
 * all but the last few records of each partition, and leaves: Empty, with a
 * commit that stays put while production goes on. */
int tr_oneshot_stalled(const struct tr_ctx *ctx, struct kx_err *err);

/* ledger-backfill: commits offset 0 on ledger.events.retention.v1 after
 * filling it, then deletes the records before offset 500 (Admin
 * DeleteRecords), so its commit is behind the log-start offset. */
int tr_oneshot_behind_retention(const struct tr_ctx *ctx, struct kx_err *err);

#endif
