/* ksasl.c - SaslHandshake + SaslAuthenticate with PLAIN or SCRAM. */
#include "ksasl.h"
#include "kconn.h"
#include "kscram.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kx_ksasl_handshake_decode(const void *body, size_t len, struct kx_arena *a,
                              struct kx_sasl_handshake *out, struct kx_err *err)
{
        struct kx_kdec d;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        out->error = kx_kdec_i16(&d);
        n = kx_kdec_array(&d, false, false, 2);
        if (n > 0)
                out->mechanisms = kx_arena_alloc(a, (size_t)n * sizeof(char *));
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                out->mechanisms[i] = kx_kdec_str(&d, a, false, false);
                out->mechanism_cnt = i + 1;
        }
        return kx_kproto_check(&d, "SaslHandshake", err);
}

int kx_ksasl_auth_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                         struct kx_sasl_auth *out, struct kx_err *err)
{
        bool flex = version >= 2;
        struct kx_kdec d;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        out->error = kx_kdec_i16(&d);
        out->error_message = kx_kdec_str(&d, a, flex, true);
        out->auth_bytes = kx_kdec_bytes(&d, flex, &out->auth_len);
        if (version >= 1)
                out->session_lifetime_ms = kx_kdec_i64(&d);
        kx_kdec_tags(&d, flex);
        return kx_kproto_check(&d, "SaslAuthenticate", err);
}

static int handshake(struct kx_kconn *c, const char *mechanism, struct kx_err *err)
{
        struct kx_kenc body;
        struct kx_arena a;
        struct kx_sasl_handshake hs;
        unsigned char *resp;
        size_t len;
        int rc;

        if (kx_kapis_pick(kx_kconn_apis(c), KX_KAPI_SASL_HANDSHAKE, 1, 1) < 0)
                return kx_err_set(err, KX_ERR_KAFKA, "%s: the broker lacks SaslHandshake v1", kx_kconn_peer(c));
        kx_kenc_init(&body);
        kx_kenc_str(&body, mechanism, false);
        rc = kx_kconn_call(c, KX_KAPI_SASL_HANDSHAKE, 1, &body, &resp, &len, err);
        kx_kenc_done(&body);
        if (rc)
                return rc;
        kx_arena_init(&a);
        rc = kx_ksasl_handshake_decode(resp, len, &a, &hs, err);
        if (!rc && hs.error) {
                char list[200] = "";

                for (int i = 0; i < hs.mechanism_cnt; i++)
                        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "," : "",
                                 hs.mechanisms[i]);
                rc = kx_err_set(err, KX_ERR_REFUSED, "%s: SASL mechanism %s not enabled (broker offers: %s)",
                                kx_kconn_peer(c), mechanism, list);
        }
        kx_arena_done(&a);
        free(resp);
        return rc;
}

/* One SaslAuthenticate round: send in[0..n), copy the answer into out
 * (NUL-terminated; *out_len its length). */
static int round_trip(struct kx_kconn *c, const void *in, size_t n, char *out, size_t size, size_t *out_len,
                      struct kx_err *err)
{
        int16_t v = kx_kapis_pick(kx_kconn_apis(c), KX_KAPI_SASL_AUTHENTICATE, 0, 2);
        struct kx_kenc body;
        struct kx_arena a;
        struct kx_sasl_auth r;
        unsigned char *resp;
        size_t len;
        int rc;

        if (v < 0)
                return kx_err_set(err, KX_ERR_KAFKA, "%s: the broker lacks SaslAuthenticate", kx_kconn_peer(c));
        kx_kenc_init(&body);
        kx_kenc_bytes(&body, in, n, v >= 2);
        kx_kenc_tags(&body, v >= 2);
        rc = kx_kconn_call(c, KX_KAPI_SASL_AUTHENTICATE, v, &body, &resp, &len, err);
        OPENSSL_cleanse(body.buf, body.len);
        kx_kenc_done(&body);
        if (rc)
                return rc;
        kx_arena_init(&a);
        rc = kx_ksasl_auth_decode(resp, len, v, &a, &r, err);
        if (!rc && r.error)
                rc = kx_err_set(err, KX_ERR_REFUSED, "%s: SASL authentication failed: %s", kx_kconn_peer(c),
                                r.error_message ? r.error_message : "no reason given");
        else if (!rc && r.auth_len >= size)
                rc = kx_err_set(err, KX_ERR_KAFKA, "%s: SASL answer too long", kx_kconn_peer(c));
        if (!rc) {
                if (r.auth_len)
                        memcpy(out, r.auth_bytes, r.auth_len);
                out[r.auth_len] = '\0';
                *out_len = r.auth_len;
        }
        kx_arena_done(&a);
        free(resp);
        return rc;
}

static int auth_plain(struct kx_kconn *c, const struct kx_ksec *sec, struct kx_err *err)
{
        size_t ul = strlen(sec->username), pl = strlen(sec->password), n = ul + pl + 2, got;
        char msg[1024], answer[256];
        int rc;

        if (n > sizeof(msg))
                return kx_err_set(err, KX_ERR_CONFIG, "sasl.username/password too long");
        msg[0] = '\0';
        memcpy(msg + 1, sec->username, ul);
        msg[ul + 1] = '\0';
        memcpy(msg + ul + 2, sec->password, pl);
        rc = round_trip(c, msg, n, answer, sizeof(answer), &got, err);
        OPENSSL_cleanse(msg, sizeof(msg));
        return rc;
}

static int auth_scram(struct kx_kconn *c, const struct kx_ksec *sec, struct kx_err *err)
{
        struct kx_scram s;
        char msg[1200], answer[1200];
        size_t got;
        int rc;

        rc = kx_scram_start(&s, sec->mechanism, sec->username, NULL, msg, sizeof(msg), err);
        if (!rc)
                rc = round_trip(c, msg, strlen(msg), answer, sizeof(answer), &got, err);
        if (!rc)
                rc = kx_scram_final(&s, answer, got, sec->password, msg, sizeof(msg), err);
        if (!rc)
                rc = round_trip(c, msg, strlen(msg), answer, sizeof(answer), &got, err);
        if (!rc)
                rc = kx_scram_verify(&s, answer, got, err);
        kx_scram_done(&s);
        OPENSSL_cleanse(msg, sizeof(msg));
        return rc;
}

int kx_ksasl_auth(struct kx_kconn *c, const struct kx_ksec *sec, struct kx_err *err)
{
        int rc = handshake(c, sec->mechanism, err);

        if (rc)
                return rc;
        return strcmp(sec->mechanism, "PLAIN") ? auth_scram(c, sec, err) : auth_plain(c, sec, err);
}
