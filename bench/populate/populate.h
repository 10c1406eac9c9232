/* populate.h - klaxon-populate: fill a test cluster for bench/refresh.
 *
 * It creates T topics of P partitions (RF 1) with Admin CreateTopics in
 * batches, waits until metadata shows every partition with a leader and
 * until every leader serves its partitions, commits offsets for G groups so
 * that every partition is committed by at least one group, and produces a
 * few messages to a sample of the partitions. Each group commits
 * with rd_kafka_commit() from a consumer that never joins (no members), over
 * one partition list covering T/G topics.
 *
 * Names: topics PREFIX-tNNNNN, groups PREFIX-gNNNNN. Everything is
 * idempotent: an existing topic counts as created, a commit overwrites.
 * Progress and errors go to stderr prefixed "klaxon-populate:".
 */
#ifndef POP_POPULATE_H
#define POP_POPULATE_H

#include <librdkafka/rdkafka.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POP_NAME "klaxon-populate"

struct pop_opts {
        const char *bootstrap;
        const char *prefix;     /* of topic and group names */
        int topics;             /* T */
        int partitions;         /* P, per topic */
        int groups;             /* G */
        int batch;              /* topics per CreateTopics request */
        int sample_every;       /* produce to every Nth partition; 0: none */
        int messages;           /* per sampled partition */
        int workers;            /* consumers committing at once */
        int timeout_s;          /* for each stage */
        const char **props;     /* -X key=value, applied to every client */
        int prop_cnt;
};

/* ---- helpers (main.c) ---- */

/* Monotonic clock in milliseconds. */
int64_t pop_mono_ms(void);

/* calloc(n, size) that exits with a message when memory runs out. */
void *pop_xcalloc(size_t n, size_t size);

/* Print "klaxon-populate: " and the message, with a newline, to stderr. */
void pop_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write topic number t's name into buf (size >= 256). Returns buf. */
char *pop_topic_name(const struct pop_opts *o, int t, char *buf, size_t size);

/* Write group number g's name into buf. Returns buf. */
char *pop_group_name(const struct pop_opts *o, int g, char *buf, size_t size);

/* A new config with bootstrap.servers set plus the pairs of extra (a
 * NULL-terminated key, value, key, value... list; may be NULL). Returns NULL
 * after logging why. The caller owns the config. */
rd_kafka_conf_t *pop_conf(const struct pop_opts *o, const char **extra);

/* A new client of the given type from conf, which it takes over (also on
 * failure; conf may be NULL). Returns NULL after logging why. The caller
 * owns the handle. */
rd_kafka_t *pop_new(rd_kafka_type_t type, rd_kafka_conf_t *conf);

/* pop_new(type, pop_conf(o, extra)). */
rd_kafka_t *pop_client(const struct pop_opts *o, rd_kafka_type_t type, const char **extra);

/* Whether partition p of topic t is in the produced sample. */
bool pop_sampled(const struct pop_opts *o, int t, int p);

/* ---- stages; each returns 0 or -1 after logging the error ---- */

/* Create every topic (topics.c). An existing topic is success. */
int pop_create_topics(const struct pop_opts *o);

/* Wait until metadata lists all T topics with P partitions, each with a
 * leader (topics.c). */
int pop_wait_leaders(const struct pop_opts *o);

/* Wait until every partition answers ListOffsets, i.e. its leader has
 * created the log (served.c). */
int pop_wait_served(const struct pop_opts *o);

/* Produce o->messages messages to each sampled partition and flush
 * (produce.c). */
int pop_produce(const struct pop_opts *o);

/* Commit offsets of every group (commit.c): a sampled partition gets half
 * of o->messages, the others 0. */
int pop_commit(const struct pop_opts *o);

#endif
