/* ksasl.h - SASL authentication on a new kconn: SaslHandshake v1 (key 17)
 * names the mechanism, then SaslAuthenticate (key 36, v0-2, v2 flexible)
 * carries the mechanism's messages: PLAIN in one round, SCRAM-SHA-256/512
 * in two (kscram.h). Credentials never appear in errors or logs.
 */
#ifndef KX_KSASL_H
#define KX_KSASL_H

#include "arena.h"
#include "err.h"
#include "kbuf.h"
#include "ksec.h"

#include <stddef.h>
#include <stdint.h>

struct kx_kconn;

/* A decoded SaslHandshake response (in a). */
struct kx_sasl_handshake {
        int16_t error;
        char **mechanisms;
        int mechanism_cnt;
};

/* A decoded SaslAuthenticate response; auth_bytes points into the body. */
struct kx_sasl_auth {
        int16_t error;
        char *error_message;
        const unsigned char *auth_bytes;
        size_t auth_len;
        int64_t session_lifetime_ms;
};

/* Authenticate c as sec says. KX_ERR_REFUSED when the broker rejects the
 * credentials or mechanism (its message is kept: it holds no secret),
 * KX_ERR_KAFKA for protocol faults, I/O errors as kx_kconn_call. */
int kx_ksasl_auth(struct kx_kconn *c, const struct kx_ksec *sec, struct kx_err *err);

/* Decoders (bounds-checked; KX_ERR_KAFKA when malformed). */
int kx_ksasl_handshake_decode(const void *body, size_t len, struct kx_arena *a,
                              struct kx_sasl_handshake *out, struct kx_err *err);
int kx_ksasl_auth_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                         struct kx_sasl_auth *out, struct kx_err *err);

#endif
