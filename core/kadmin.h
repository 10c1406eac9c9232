/* kadmin.h - where klaxon's own admin requests go: the security settings
 * from the config (ksec.h) and the live brokers from librdkafka's metadata,
 * with a connect-and-call helper that negotiates the request version.
 *
 * Routing (Kafka 4.x, KRaft): DescribeLogDirs answers only for the broker
 * asked, so it goes to every broker; DescribeClientQuotas,
 * AlterClientQuotas and ElectLeaders go to any broker (brokers forward the
 * last two to the active controller).
 */
#ifndef KX_KADMIN_H
#define KX_KADMIN_H

#include "config.h"
#include "err.h"
#include "kconn.h"
#include "ksec.h"

#include <librdkafka/rdkafka.h>
#include <stdint.h>

struct kx_kbroker {
        int32_t id;
        char host[256];
        int port;
};

struct kx_kadmin {
        struct kx_ksec sec;          /* borrows strings from the config */
        int timeout_ms;
        struct kx_kbroker *brokers;  /* owned */
        int broker_cnt;
};

/* Read security settings from cfg (which must outlive ka) and the brokers
 * from rk's metadata (rk borrowed, used only here). KX_ERR_CONFIG for bad
 * security settings, KX_ERR_UNREACHABLE when metadata fails. Free with
 * kx_kadmin_done. */
int kx_kadmin_init(struct kx_kadmin *ka, const struct kx_config *cfg, rd_kafka_t *rk, int timeout_ms,
                   struct kx_err *err);
void kx_kadmin_done(struct kx_kadmin *ka);

/* The same with a short-lived librdkafka handle made from cfg for the
 * metadata (its logs are dropped; errors come back in err). */
int kx_kadmin_from_config(struct kx_kadmin *ka, const struct kx_config *cfg, int timeout_ms,
                          struct kx_err *err);

/* Connect to broker id, or with id -1 to the first broker that answers.
 * KX_ERR_NOT_FOUND for an unknown id; otherwise as kx_kconn_open. */
int kx_kadmin_connect(const struct kx_kadmin *ka, int32_t id, struct kx_kconn **c, struct kx_err *err);

/* Builds a request body for the negotiated version. */
typedef void (*kx_kbody_fn)(struct kx_kenc *e, int16_t version, const void *arg);

/* Pick the highest version of key in [lo, hi] the broker supports, build
 * the body with build(arg) and call. *version gets the version used;
 * *resp (caller frees) the response body. KX_ERR_KAFKA when the broker
 * supports no version in range (it names the range it does support). */
int kx_kadmin_call(struct kx_kconn *c, int16_t key, int16_t lo, int16_t hi, kx_kbody_fn build,
                   const void *arg, int16_t *version, unsigned char **resp, size_t *len, struct kx_err *err);

/* One request on its own connection: kx_kadmin_connect(ka, broker) (-1:
 * any broker), kx_kadmin_call, close. *resp is NULL on error, else the
 * response body (caller frees). Errors as the two calls. */
int kx_kadmin_request(const struct kx_kadmin *ka, int32_t broker, int16_t key, int16_t lo, int16_t hi,
                      kx_kbody_fn build, const void *arg, int16_t *version, unsigned char **resp,
                      size_t *len, struct kx_err *err);

#endif
