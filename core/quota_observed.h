/* quota_observed.h - observed client-quota throttling and byte rates, read
 * from a Prometheus that scrapes the brokers' JMX exporter.
 *
 * Kafka keeps one quota sensor per (user, client-id) entity and quota type
 * (MBeans kafka.server:type=Produce|Fetch|Request,user=U,client-id=C; Kafka
 * leaves an empty tag out). The exporter rules klaxon expects (the ones
 * tests/env/prometheus-jmx.yml holds) name them
 *   kafka_server_quota_throttle_time_ms{quota, user, client_id}
 *   kafka_server_quota_byte_rate{quota, user, client_id}   (Produce, Fetch)
 * with quota "Produce", "Fetch" or "Request" and an absent label for an
 * empty tag.
 */
#ifndef KX_QUOTA_OBSERVED_H
#define KX_QUOTA_OBSERVED_H

#include "arena.h"
#include "err.h"
#include "kmsg_quotas.h"
#include "prometheus.h"

#include <jansson.h>

/* Throttle time is the highest value seen over this window (Kafka's own
 * sensor averages over ~11 s, so an instant read misses a short burst). */
#define KX_QUOTA_OBSERVED_WINDOW "5m"

enum kx_quota_kind { KX_QUOTA_PRODUCE, KX_QUOTA_FETCH, KX_QUOTA_REQUEST };

struct kx_quota_observed {
        enum kx_quota_kind kind;
        char *user;             /* sanitized; "" when the sensor has no user tag */
        char *client_id;        /* sanitized; "" when it has no client-id tag */
        double throttle_ms;     /* max over the window and the brokers; 0 when the
                                 * sensor exists (a byte rate is reported) but
                                 * never throttled; -1: not reported */
        double byte_rate;       /* bytes/s now, summed over the brokers; -1: not reported */
};

struct kx_quota_observations {
        struct kx_quota_observed *items;        /* in the caller's arena */
        int cnt;
};

/* Read every entity's observed throttle time and byte rate from Prometheus
 * at at_ms (0: now). Strings (sanitized) and the array live in a; *out is
 * empty when no broker reports a quota sensor (Kafka only keeps them while
 * some quota is configured). Errors: those of kx_prom_query_vector
 * (KX_ERR_PEER, KX_ERR_TIMEOUT), naming the URL. */
int kx_quota_observed_read(const struct kx_prom *p, int64_t at_ms, struct kx_arena *a,
                           struct kx_quota_observations *out, struct kx_err *err);

/* The observation behind one configured quota key of exactly this entity:
 * producer_byte_rate -> Produce, consumer_byte_rate -> Fetch,
 * request_percentage -> Request. NULL when the key has no sensor, the entity
 * is a default or ip entity (its sensors are tagged with the real client
 * names), or nothing was observed. Borrowed from o. */
const struct kx_quota_observed *kx_quota_observed_for(const struct kx_quota_observations *o,
                                                      const struct kx_quota_entity *ent, int ent_cnt,
                                                      const char *key);

/* "Produce", "Fetch", "Request". */
const char *kx_quota_kind_name(enum kx_quota_kind kind);

/* {"quota": "Produce", "user": "u"|null, "client_id": "c"|null,
 *  "throttle_ms": x|null, "byte_rate": x|null}. New reference. */
json_t *kx_quota_observed_json(const struct kx_quota_observed *ob);

/* "throttle 812 ms, 2.0 KB/s" (or "-" parts) into buf; returns buf. */
const char *kx_quota_observed_text(const struct kx_quota_observed *ob, char *buf, size_t size);

/* One line saying where observed throttling comes from: the Prometheus URL
 * (sanitized) and the windows used, or, with prometheus_url NULL, where it
 * would come from and how to configure it. Written into buf; returns buf. */
const char *kx_quota_observed_source(const char *prometheus_url, char *buf, size_t size);

#endif
