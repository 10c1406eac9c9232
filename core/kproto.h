/* kproto.h - Kafka request/response framing and ApiVersions negotiation.
 *
 * Protocol facts used here (from Kafka's message schemas):
 *   - every message is a big-endian int32 size followed by that many bytes;
 *   - request header v1: api_key int16, api_version int16, correlation_id
 *     int32, client_id nullable string (int16 length); v2 (used when the
 *     request version is flexible) adds an empty tagged-field section;
 *   - response header v0: correlation_id int32; v1 (flexible responses) adds
 *     tagged fields; ApiVersions responses always use header v0, so a broker
 *     can answer an ApiVersions version it does not know;
 *   - ApiVersions v3+ is flexible and sends client software name/version; a
 *     broker that does not support the version answers UNSUPPORTED_VERSION
 *     (35) in the v0 layout, and the client retries with v0.
 */
#ifndef KX_KPROTO_H
#define KX_KPROTO_H

#include "arena.h"
#include "err.h"
#include "kbuf.h"

#include <stdbool.h>
#include <stdint.h>

enum kx_kapi_key {
        KX_KAPI_METADATA = 3,
        KX_KAPI_SASL_HANDSHAKE = 17,
        KX_KAPI_API_VERSIONS = 18,
        KX_KAPI_DESCRIBE_LOG_DIRS = 35,
        KX_KAPI_SASL_AUTHENTICATE = 36,
        KX_KAPI_ELECT_LEADERS = 43,
        KX_KAPI_DESCRIBE_CLIENT_QUOTAS = 48,
        KX_KAPI_ALTER_CLIENT_QUOTAS = 49,
};

#define KX_KERR_UNSUPPORTED_VERSION 35
#define KX_KAPI_TABLE 128      /* api keys kept from ApiVersions (higher ones ignored) */

/* What a broker supports, from its ApiVersions response. */
struct kx_kapis {
        int16_t error;                     /* top-level error code */
        bool has[KX_KAPI_TABLE];
        int16_t min[KX_KAPI_TABLE], max[KX_KAPI_TABLE];
};

/* True if version v of api key is flexible (the versions klaxon speaks). */
bool kx_kapi_flexible(int16_t key, int16_t v);

/* Start a request frame in e (which must be empty): size placeholder and
 * header v1 or v2 (per kx_kapi_flexible). client_id may be NULL. Append the
 * body, then call kx_kproto_end(). */
void kx_kproto_begin(struct kx_kenc *e, int16_t key, int16_t version, int32_t correlation_id,
                     const char *client_id);
/* Fill in the frame's size. */
void kx_kproto_end(struct kx_kenc *e);

/* Read the response header for (key, version) from d (the frame without its
 * size), leaving d at the body. Returns 0, or KX_ERR_KAFKA if the header is
 * truncated or the correlation id is not the expected one. */
int kx_kproto_response_header(struct kx_kdec *d, int16_t key, int16_t version, int32_t correlation_id,
                              struct kx_err *err);

/* Encode an ApiVersions request body of version (0 or 3). */
void kx_kproto_apiversions_body(struct kx_kenc *e, int16_t version);

/* Decode an ApiVersions response body of version 0..3 into out. Returns 0 (even
 * when out->error is set: UNSUPPORTED_VERSION is answered in the v0 layout,
 * which the caller decodes with version 0), or KX_ERR_KAFKA naming the fault
 * for a malformed body. */
int kx_kproto_apiversions_decode(const void *body, size_t len, int16_t version, struct kx_kapis *out,
                                 struct kx_err *err);

/* The highest version of key both sides support within [lo, hi], or -1. */
int16_t kx_kapis_pick(const struct kx_kapis *apis, int16_t key, int16_t lo, int16_t hi);

/* Fail err with KX_ERR_KAFKA for a decoder left failed (naming what and the
 * reason), or return 0 if d is fine. */
int kx_kproto_check(const struct kx_kdec *d, const char *what, struct kx_err *err);

/* Kafka's name for an error code ("UNSUPPORTED_VERSION"), or "error N" style
 * text in buf. Returns buf or a static string. */
const char *kx_kerr_name(int16_t code, char *buf, size_t size);

#endif
