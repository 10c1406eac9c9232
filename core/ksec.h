/* ksec.h - how klaxon's protocol module connects: the security settings the
 * user gave librdkafka, read from the same config (context properties and
 * -X), so both sides of klaxon reach the cluster the same way.
 *
 *   security.protocol     PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
 *   sasl.mechanism(s)     PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
 *   sasl.username / sasl.password
 *   ssl.ca.location       CA file or directory (default: system CAs)
 *   ssl.certificate.location, ssl.key.location, ssl.key.password
 *   ssl.endpoint.identification.algorithm   https (default) | none
 *   klaxon.admin.sasl.mechanism   overrides the mechanism for klaxon's own
 *                         client only (librdkafka never sees klaxon.admin.*):
 *                         e.g. SCRAM here while librdkafka 2.0.2, whose SCRAM
 *                         Kafka 4 rejects, uses PLAIN
 *
 * Strings are borrowed from the config, which must outlive the struct.
 * Passwords are never copied into messages or logs.
 */
#ifndef KX_KSEC_H
#define KX_KSEC_H

#include "config.h"
#include "err.h"

#include <stdbool.h>

struct kx_ksec {
        bool tls;
        bool sasl;
        char mechanism[32];
        const char *username, *password;
        const char *ca, *cert, *key, *key_password;
        bool verify_host;
};

/* Fill sec from cfg. KX_ERR_CONFIG naming the property and its origin for
 * an unknown security.protocol, an unsupported mechanism (GSSAPI,
 * OAUTHBEARER) or SASL without username/password. */
int kx_ksec_from_config(const struct kx_config *cfg, struct kx_ksec *sec, struct kx_err *err);

#endif
