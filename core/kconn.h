/* kconn.h - one blocking connection to one Kafka broker for klaxon's own
 * admin requests (the ones librdkafka 2.0.2 lacks).
 *
 * Opening connects over TCP with a timeout, wraps it in TLS (OpenSSL) when
 * the security settings say so, negotiates ApiVersions (v3, falling back to
 * v0 on UNSUPPORTED_VERSION) and authenticates with SASL (ksasl.h). Each
 * send and receive waits at most timeout_ms. Not thread-safe: one thread
 * uses a connection at a time.
 */
#ifndef KX_KCONN_H
#define KX_KCONN_H

#include "err.h"
#include "kbuf.h"
#include "kproto.h"
#include "ksec.h"

#include <stddef.h>
#include <stdint.h>

#define KX_KCONN_MAX_RESPONSE (64 * 1024 * 1024)

struct kx_kconn;

/* Connect to host:port. On success *out is the caller's (free with
 * kx_kconn_close). KX_ERR_UNREACHABLE when TCP or TLS fails or times out,
 * KX_ERR_KAFKA for a protocol failure, KX_ERR_REFUSED for failed
 * authentication; the message names host:port and never holds a secret. */
int kx_kconn_open(const char *host, int port, const struct kx_ksec *sec, int timeout_ms,
                  struct kx_kconn **out, struct kx_err *err);

/* Send one request (key, version, body) and wait for its response. On
 * success *resp (heap, caller frees) holds the response body after the
 * header, *resp_len its size (the frame is at most KX_KCONN_MAX_RESPONSE).
 * Errors as kx_kconn_open; after an I/O error the connection is unusable. */
int kx_kconn_call(struct kx_kconn *c, int16_t key, int16_t version, const struct kx_kenc *body,
                  unsigned char **resp, size_t *resp_len, struct kx_err *err);

/* The broker's supported versions, from ApiVersions. */
const struct kx_kapis *kx_kconn_apis(const struct kx_kconn *c);

/* "host:port", for messages. */
const char *kx_kconn_peer(const struct kx_kconn *c);

/* Close and free (NULL is fine). */
void kx_kconn_close(struct kx_kconn *c);

#endif
