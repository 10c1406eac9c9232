/* probe_internal.h - the probe's running state, shared by probe.c (the
 * loop) and probe_setup.c (clients, topic, start positions). Not public. */
#ifndef KX_PROBE_INTERNAL_H
#define KX_PROBE_INTERNAL_H

#include "probe.h"
#include "probe_store.h"

struct kx_probe {
        const struct kx_probe_opts *opts;
        struct kx_store *store;
        struct kx_logbuf *lb;
        struct kx_config cfg;            /* the caller's, plus the probe's defaults */
        char id[32];
        rd_kafka_t *rk;                  /* metadata and consumer (assign, no commits) */
        rd_kafka_t *producer;
        struct kx_probe_pstate *ps;      /* one per partition, index = partition */
        int64_t *acked_max;
        int64_t *first_timed;            /* per partition: seqs below were produced before
                                          * the first message came back (client warm-up),
                                          * their latency is not timed; -1 until then */              /* highest seq delivered this run, per partition */
        int part_cnt;
        int32_t *brokers;                /* every broker ever seen */
        int broker_cnt;
        struct kx_probe_bucket cur;      /* the bucket being filled */
        struct kx_err db_err;            /* first sqlite error from a callback */
};

/* Copy cfg with the probe's client defaults (delivery timeout, no
 * idempotence, one request in flight, consume from earliest when a position
 * fell out of retention), unless the user set them. */
void kx_probe_config(struct kx_probe *p, const struct kx_config *cfg);

/* Create the clients, ensure the topic (creating it through the action
 * path), load the resume state and assign every partition. */
int kx_probe_setup(struct kx_probe *p, struct kx_err *err);

/* The producer's delivery-report callback (msg opaque: the struct kx_probe). */
void kx_probe_on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque);

/* Destroy clients and free what setup allocated. */
void kx_probe_teardown(struct kx_probe *p);

#endif
