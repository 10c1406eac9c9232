/* kscram.h - the client side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677),
 * with OpenSSL's PBKDF2 and HMAC. No channel binding ("n,,"), as Kafka.
 *
 * Messages:  client-first  n,,n=USER,r=CNONCE
 *            server-first  r=CNONCE+SNONCE,s=SALT64,i=ITER
 *            client-final  c=biws,r=NONCE,p=PROOF64
 *            server-final  v=SIG64   (or e=ERROR)
 * The password and derived keys stay in the state struct, which
 * kx_scram_done() wipes; nothing here logs.
 */
#ifndef KX_KSCRAM_H
#define KX_KSCRAM_H

#include "err.h"

#include <stddef.h>

struct kx_scram {
        int sha512;                      /* 0 = SHA-256, 1 = SHA-512 */
        char client_first_bare[600];
        char auth_message[2400];
        unsigned char server_signature[64];
        size_t digest_len;
};

/* Start: write the client-first message for user (escaped as RFC 5802 says)
 * with the given client nonce (printable, no ','; NULL = 24 random bytes in
 * base64) into out. Returns 0, or KX_ERR_USAGE/KX_ERR_CONFIG for a name or
 * mechanism that does not fit. mechanism is "SCRAM-SHA-256" or
 * "SCRAM-SHA-512". */
int kx_scram_start(struct kx_scram *s, const char *mechanism, const char *user, const char *nonce,
                   char *out, size_t size, struct kx_err *err);

/* From the server-first message (server_first[0..len)) and the password,
 * write the client-final message into out. KX_ERR_KAFKA if the server's
 * message is malformed, its nonce does not extend ours, or the iteration
 * count is out of range (4096..16384, Kafka's range: no downgrade,
 * no hostile work factor). */
int kx_scram_final(struct kx_scram *s, const char *server_first, size_t len, const char *password,
                   char *out, size_t size, struct kx_err *err);

/* Check the server-final message proves the server knows the password.
 * KX_ERR_KAFKA on "e=..." (the server's error is named) or a wrong
 * signature. */
int kx_scram_verify(struct kx_scram *s, const char *server_final, size_t len, struct kx_err *err);

/* Wipe the state. */
void kx_scram_done(struct kx_scram *s);

#endif
