/* kscram.c - SCRAM client computations. */
#include "kscram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER 16384L       /* Kafka's own maximum (ScramMechanism) */

static const EVP_MD *md_of(const struct kx_scram *s)
{
        return s->sha512 ? EVP_sha512() : EVP_sha256();
}

/* Escape a SCRAM name: ',' -> =2C, '=' -> =3D. */
static int escape_name(const char *in, char *out, size_t size)
{
        size_t o = 0;

        for (; *in; in++) {
                const char *rep = *in == ',' ? "=2C" : *in == '=' ? "=3D" : NULL;
                size_t n = rep ? 3 : 1;

                if (o + n + 1 > size)
                        return -1;
                if (rep)
                        memcpy(out + o, rep, 3);
                else
                        out[o] = *in;
                o += n;
        }
        out[o] = '\0';
        return 0;
}

int kx_scram_start(struct kx_scram *s, const char *mechanism, const char *user, const char *nonce,
                   char *out, size_t size, struct kx_err *err)
{
        char name[256], gen[64];
        int n;

        memset(s, 0, sizeof(*s));
        if (!strcmp(mechanism, "SCRAM-SHA-256"))
                s->sha512 = 0;
        else if (!strcmp(mechanism, "SCRAM-SHA-512"))
                s->sha512 = 1;
        else
                return kx_err_set(err, KX_ERR_CONFIG, "sasl.mechanism %s is not SCRAM-SHA-256/512", mechanism);
        s->digest_len = (size_t)EVP_MD_get_size(md_of(s));
        if (escape_name(user, name, sizeof(name)))
                return kx_err_set(err, KX_ERR_CONFIG, "sasl.username is too long");
        if (!nonce) {
                unsigned char raw[24];

                if (RAND_bytes(raw, sizeof(raw)) != 1)
                        return kx_err_set(err, KX_ERR_IO, "no random bytes for the SCRAM nonce");
                EVP_EncodeBlock((unsigned char *)gen, raw, sizeof(raw));
                nonce = gen;
        }
        n = snprintf(s->client_first_bare, sizeof(s->client_first_bare), "n=%s,r=%s", name, nonce);
        if (n < 0 || (size_t)n >= sizeof(s->client_first_bare) ||
            snprintf(out, size, "n,,%s", s->client_first_bare) >= (int)size)
                return kx_err_set(err, KX_ERR_CONFIG, "SCRAM client-first message too long");
        return 0;
}

/* Find "k=" attribute in a SCRAM message; copy its value. */
static int attr(const char *msg, size_t len, char k, char *out, size_t size)
{
        size_t i = 0;

        while (i < len) {
                size_t end = i;

                while (end < len && msg[end] != ',')
                        end++;
                if (end - i >= 2 && msg[i] == k && msg[i + 1] == '=') {
                        size_t n = end - i - 2;

                        if (n + 1 > size)
                                return -1;
                        memcpy(out, msg + i + 2, n);
                        out[n] = '\0';
                        return 0;
                }
                i = end + 1;
        }
        return -1;
}

static void hmac(const struct kx_scram *s, const unsigned char *key, size_t klen, const void *data,
                 size_t dlen, unsigned char *out)
{
        unsigned int n = 0;

        HMAC(md_of(s), key, (int)klen, data, dlen, out, &n);
}

int kx_scram_final(struct kx_scram *s, const char *server_first, size_t len, const char *password,
                   char *out, size_t size, struct kx_err *err)
{
        char nonce[512], salt64[512], iter_s[32], cnonce[300], without_proof[700], proof64[100];
        unsigned char salt[400], salted[64], client_key[64], stored_key[64], client_sig[64];
        unsigned char proof[64], server_key[64];
        const char *r;
        int salt_len, n;
        long iter;
        char *end;

        if (attr(server_first, len, 'r', nonce, sizeof(nonce)) ||
            attr(server_first, len, 's', salt64, sizeof(salt64)) ||
            attr(server_first, len, 'i', iter_s, sizeof(iter_s)))
                return kx_err_set(err, KX_ERR_KAFKA, "malformed SCRAM server-first message");
        r = strstr(s->client_first_bare, ",r=");
        snprintf(cnonce, sizeof(cnonce), "%s", r ? r + 3 : "");
        if (strncmp(nonce, cnonce, strlen(cnonce)) || strlen(nonce) <= strlen(cnonce))
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM server nonce does not extend the client's");
        iter = strtol(iter_s, &end, 10);
        if (*end || iter < 4096 || iter > MAX_ITER)
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM iteration count out of range");
        n = (int)strlen(salt64);
        if (n % 4 || (salt_len = EVP_DecodeBlock(salt, (const unsigned char *)salt64, n)) < 0)
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM salt is not base64");
        salt_len -= (n >= 1 && salt64[n - 1] == '=') + (n >= 2 && salt64[n - 2] == '=');
        if (!PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, salt_len, (int)iter, md_of(s),
                               (int)s->digest_len, salted))
                return kx_err_set(err, KX_ERR_IO, "PBKDF2 failed");
        hmac(s, salted, s->digest_len, "Client Key", 10, client_key);
        EVP_Digest(client_key, s->digest_len, stored_key, NULL, md_of(s), NULL);
        snprintf(without_proof, sizeof(without_proof), "c=biws,r=%s", nonce);
        n = snprintf(s->auth_message, sizeof(s->auth_message), "%s,%.*s,%s", s->client_first_bare,
                     (int)len, server_first, without_proof);
        if (n < 0 || (size_t)n >= sizeof(s->auth_message))
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM server-first message too long");
        hmac(s, stored_key, s->digest_len, s->auth_message, (size_t)n, client_sig);
        for (size_t i = 0; i < s->digest_len; i++)
                proof[i] = client_key[i] ^ client_sig[i];
        hmac(s, salted, s->digest_len, "Server Key", 10, server_key);
        hmac(s, server_key, s->digest_len, s->auth_message, (size_t)n, s->server_signature);
        EVP_EncodeBlock((unsigned char *)proof64, proof, (int)s->digest_len);
        OPENSSL_cleanse(salted, sizeof(salted));
        OPENSSL_cleanse(client_key, sizeof(client_key));
        OPENSSL_cleanse(stored_key, sizeof(stored_key));
        OPENSSL_cleanse(server_key, sizeof(server_key));
        if (snprintf(out, size, "%s,p=%s", without_proof, proof64) >= (int)size)
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM client-final message too long");
        return 0;
}

int kx_scram_verify(struct kx_scram *s, const char *server_final, size_t len, struct kx_err *err)
{
        char v[200], expect[100];

        if (!attr(server_final, len, 'e', v, sizeof(v)))
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM authentication failed: %s", v);
        if (attr(server_final, len, 'v', v, sizeof(v)))
                return kx_err_set(err, KX_ERR_KAFKA, "malformed SCRAM server-final message");
        EVP_EncodeBlock((unsigned char *)expect, s->server_signature, (int)s->digest_len);
        if (strcmp(v, expect))
                return kx_err_set(err, KX_ERR_KAFKA, "SCRAM server signature is wrong: not the real broker?");
        return 0;
}

void kx_scram_done(struct kx_scram *s)
{
        OPENSSL_cleanse(s, sizeof(*s));
}
