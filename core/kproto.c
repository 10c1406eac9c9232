/* kproto.c - framing, headers and ApiVersions. */
#include "kproto.h"

#include <stdio.h>
#include <string.h>

bool kx_kapi_flexible(int16_t key, int16_t v)
{
        switch (key) {
        case KX_KAPI_API_VERSIONS: return v >= 3;
        case KX_KAPI_METADATA: return v >= 9;
        case KX_KAPI_SASL_AUTHENTICATE: return v >= 2;
        case KX_KAPI_DESCRIBE_LOG_DIRS: return v >= 2;
        case KX_KAPI_ELECT_LEADERS: return v >= 2;
        case KX_KAPI_DESCRIBE_CLIENT_QUOTAS: return v >= 1;
        case KX_KAPI_ALTER_CLIENT_QUOTAS: return v >= 1;
        default: return false;  /* SaslHandshake has no flexible version */
        }
}

void kx_kproto_begin(struct kx_kenc *e, int16_t key, int16_t version, int32_t correlation_id,
                     const char *client_id)
{
        kx_kenc_i32(e, 0);
        kx_kenc_i16(e, key);
        kx_kenc_i16(e, version);
        kx_kenc_i32(e, correlation_id);
        kx_kenc_str(e, client_id, false);  /* a classic string even in header v2 */
        kx_kenc_tags(e, kx_kapi_flexible(key, version));
}

void kx_kproto_end(struct kx_kenc *e)
{
        kx_kenc_put_i32_at(e, 0, (int32_t)(e->len - 4));
}

int kx_kproto_check(const struct kx_kdec *d, const char *what, struct kx_err *err)
{
        if (kx_kdec_ok(d))
                return 0;
        return kx_err_set(err, KX_ERR_KAFKA, "malformed %s response: %s at byte %zu", what,
                          d->why ? d->why : "bad data", d->pos);
}

int kx_kproto_response_header(struct kx_kdec *d, int16_t key, int16_t version, int32_t correlation_id,
                              struct kx_err *err)
{
        int32_t got = kx_kdec_i32(d);

        if (key != KX_KAPI_API_VERSIONS)
                kx_kdec_tags(d, kx_kapi_flexible(key, version));
        if (kx_kproto_check(d, "header of", err))
                return err ? err->code : KX_ERR_KAFKA;
        if (got != correlation_id)
                return kx_err_set(err, KX_ERR_KAFKA, "response correlation id %d, expected %d", (int)got,
                                  (int)correlation_id);
        return 0;
}

void kx_kproto_apiversions_body(struct kx_kenc *e, int16_t version)
{
        if (version < 3)
                return;
        kx_kenc_str(e, "klaxon", true);
        kx_kenc_str(e, KLAXON_VERSION, true);
        kx_kenc_tags(e, true);
}

int kx_kproto_apiversions_decode(const void *body, size_t len, int16_t version, struct kx_kapis *out,
                                 struct kx_err *err)
{
        bool flex = version >= 3;
        struct kx_kdec d;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        out->error = kx_kdec_i16(&d);
        n = kx_kdec_array(&d, flex, false, 6);
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                int16_t key = kx_kdec_i16(&d), lo = kx_kdec_i16(&d), hi = kx_kdec_i16(&d);

                kx_kdec_tags(&d, flex);
                if (key >= 0 && key < KX_KAPI_TABLE && kx_kdec_ok(&d)) {
                        out->has[key] = true;
                        out->min[key] = lo;
                        out->max[key] = hi;
                }
        }
        if (version >= 1)
                (void)kx_kdec_i32(&d);   /* throttle_time_ms */
        kx_kdec_tags(&d, flex);
        /* A v0-layout UNSUPPORTED_VERSION answer may stop after the array. */
        return kx_kproto_check(&d, "ApiVersions", err);
}

int16_t kx_kapis_pick(const struct kx_kapis *apis, int16_t key, int16_t lo, int16_t hi)
{
        int16_t v;

        if (key < 0 || key >= KX_KAPI_TABLE || !apis->has[key])
                return -1;
        v = apis->max[key] < hi ? apis->max[key] : hi;
        return v >= lo && v >= apis->min[key] ? v : -1;
}

const char *kx_kerr_name(int16_t code, char *buf, size_t size)
{
        static const struct { int16_t code; const char *name; } names[] = {
                {-1, "UNKNOWN_SERVER_ERROR"}, {0, "NONE"}, {3, "UNKNOWN_TOPIC_OR_PARTITION"},
                {5, "LEADER_NOT_AVAILABLE"}, {6, "NOT_LEADER_OR_FOLLOWER"}, {7, "REQUEST_TIMED_OUT"},
                {8, "BROKER_NOT_AVAILABLE"}, {31, "CLUSTER_AUTHORIZATION_FAILED"},
                {33, "UNSUPPORTED_SASL_MECHANISM"}, {34, "ILLEGAL_SASL_STATE"},
                {35, "UNSUPPORTED_VERSION"}, {41, "NOT_CONTROLLER"}, {42, "INVALID_REQUEST"},
                {44, "POLICY_VIOLATION"}, {57, "LOG_DIR_NOT_FOUND"}, {58, "SASL_AUTHENTICATION_FAILED"},
                {80, "PREFERRED_LEADER_NOT_AVAILABLE"}, {83, "ELIGIBLE_LEADERS_NOT_AVAILABLE"},
                {84, "ELECTION_NOT_NEEDED"}, {87, "INVALID_CONFIG"},
        };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (names[i].code == code)
                        return names[i].name;
        snprintf(buf, size, "error %d", (int)code);
        return buf;
}
