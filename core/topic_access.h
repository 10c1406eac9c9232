/* topic_access.h - may klaxon's principal do an operation on a topic?
 *
 * librdkafka 2.0.2 cannot ask, so this uses klaxon's own protocol client
 * (kadmin.h): one Metadata request (kmsg_metadata.h) for the topics named,
 * with their authorized operations. A bitfield the broker did not compute
 * counts as allowed (there is nothing to refuse on); a broker without an
 * authorizer allows everything.
 */
#ifndef KX_TOPIC_ACCESS_H
#define KX_TOPIC_ACCESS_H

#include "err.h"
#include "kadmin.h"
#include "ksec.h"

#include <stddef.h>

/* One permission to check: op is an enum kx_acl_op (kmsg_metadata.h);
 * role names the option the topic came from ("--target-topic"). */
struct kx_topic_need {
        const char *topic;
        int op;
        const char *role;
};

/* Check every need with one Metadata request to any broker of ka. 0 when
 * all are allowed (or unknown). KX_ERR_REFUSED for the first one that is
 * not, naming role, topic, the missing operation and the principal
 * (kx_principal_text; never a password); a topic the principal may not
 * even DESCRIBE is refused the same way. A topic the broker says does not
 * exist is skipped (the caller reports missing topics). Connection and
 * protocol errors as kx_kadmin_request. */
int kx_topic_access_check(const struct kx_kadmin *ka, const struct kx_topic_need *needs, int cnt,
                          struct kx_err *err);

/* The principal the brokers see for sec, as text for messages: "User:NAME"
 * with SASL, "the TLS client certificate's principal" with TLS client
 * auth, else "User:ANONYMOUS". */
void kx_principal_text(const struct kx_ksec *sec, char *buf, size_t size);

#endif
