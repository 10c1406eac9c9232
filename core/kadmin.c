/* kadmin.c - brokers from metadata, connect, negotiate and call. */
#include "kadmin.h"
#include "kafka.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

int kx_kadmin_init(struct kx_kadmin *ka, const struct kx_config *cfg, rd_kafka_t *rk, int timeout_ms,
                   struct kx_err *err)
{
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e;
        int rc;

        memset(ka, 0, sizeof(*ka));
        ka->timeout_ms = timeout_ms;
        if ((rc = kx_ksec_from_config(cfg, &ka->sec, err)))
                return rc;
        e = rd_kafka_metadata(rk, 0, NULL, &md, timeout_ms);
        if (e)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "metadata: %s", rd_kafka_err2str(e));
        ka->brokers = kx_xcalloc((size_t)md->broker_cnt + 1, sizeof(*ka->brokers));
        for (int i = 0; i < md->broker_cnt; i++) {
                ka->brokers[i].id = md->brokers[i].id;
                snprintf(ka->brokers[i].host, sizeof(ka->brokers[i].host), "%s", md->brokers[i].host);
                ka->brokers[i].port = md->brokers[i].port;
        }
        ka->broker_cnt = md->broker_cnt;
        rd_kafka_metadata_destroy(md);
        if (!ka->broker_cnt)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "metadata lists no broker");
        return 0;
}

int kx_kadmin_from_config(struct kx_kadmin *ka, const struct kx_config *cfg, int timeout_ms,
                          struct kx_err *err)
{
        struct kx_logbuf lb;
        rd_kafka_t *rk;
        int rc;

        memset(ka, 0, sizeof(*ka));
        kx_logbuf_init(&lb);
        rk = kx_kafka_new(cfg, &lb, "klaxon-admin", NULL, err);
        rc = rk ? kx_kadmin_init(ka, cfg, rk, timeout_ms, err) : err->code;
        if (rc == KX_ERR_UNREACHABLE) {
                char last[KX_LOGBUF_WIDTH];

                kx_logbuf_last_error(&lb, last, sizeof(last));
                if (last[0])
                        kx_err_set(err, rc, "%s", last);
        }
        if (rk)
                rd_kafka_destroy(rk);
        kx_logbuf_done(&lb);
        return rc;
}

void kx_kadmin_done(struct kx_kadmin *ka)
{
        free(ka->brokers);
        memset(ka, 0, sizeof(*ka));
}

int kx_kadmin_connect(const struct kx_kadmin *ka, int32_t id, struct kx_kconn **c, struct kx_err *err)
{
        int rc = kx_err_set(err, KX_ERR_NOT_FOUND, "broker %d is not in the metadata", (int)id);

        for (int i = 0; i < ka->broker_cnt; i++) {
                const struct kx_kbroker *b = &ka->brokers[i];

                if (id >= 0 && b->id != id)
                        continue;
                rc = kx_kconn_open(b->host, b->port, &ka->sec, ka->timeout_ms, c, err);
                /* Bad credentials or TLS settings fail on every broker alike. */
                if (!rc || id >= 0 || rc == KX_ERR_REFUSED || rc == KX_ERR_CONFIG)
                        return rc;
        }
        return rc;
}

int kx_kadmin_call(struct kx_kconn *c, int16_t key, int16_t lo, int16_t hi, kx_kbody_fn build,
                   const void *arg, int16_t *version, unsigned char **resp, size_t *len, struct kx_err *err)
{
        const struct kx_kapis *apis = kx_kconn_apis(c);
        int16_t v = kx_kapis_pick(apis, key, lo, hi);
        struct kx_kenc body;
        int rc;

        *resp = NULL;
        *len = 0;
        if (v < 0) {
                if (key >= 0 && key < KX_KAPI_TABLE && apis->has[key])
                        return kx_err_set(err, KX_ERR_KAFKA, "%s supports API %d versions %d-%d, klaxon %d-%d",
                                          kx_kconn_peer(c), key, apis->min[key], apis->max[key], lo, hi);
                return kx_err_set(err, KX_ERR_KAFKA, "%s does not support API %d", kx_kconn_peer(c), key);
        }
        kx_kenc_init(&body);
        build(&body, v, arg);
        rc = kx_kconn_call(c, key, v, &body, resp, len, err);
        kx_kenc_done(&body);
        *version = v;
        return rc;
}

int kx_kadmin_request(const struct kx_kadmin *ka, int32_t broker, int16_t key, int16_t lo, int16_t hi,
                      kx_kbody_fn build, const void *arg, int16_t *version, unsigned char **resp,
                      size_t *len, struct kx_err *err)
{
        struct kx_kconn *c;
        int rc;

        *resp = NULL;
        if ((rc = kx_kadmin_connect(ka, broker, &c, err)))
                return rc;
        rc = kx_kadmin_call(c, key, lo, hi, build, arg, version, resp, len, err);
        if (rc) {
                free(*resp);
                *resp = NULL;
        }
        kx_kconn_close(c);
        return rc;
}
