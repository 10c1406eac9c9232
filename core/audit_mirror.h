/* audit_mirror.h - copy audit entries to a Kafka topic.
 *
 * The local sqlite log is the record; the topic (default
 * audit.platform-operations.v1, created on first use with retention
 * forever, min.insync.replicas 2 where the cluster has 3 brokers) is a
 * copy others can consume. A mirror failure is reported to the caller and
 * never touches the local record.
 */
#ifndef KX_AUDIT_MIRROR_H
#define KX_AUDIT_MIRROR_H

#include "audit.h"
#include "config.h"
#include "kafka.h"

#define KX_AUDIT_TOPIC "audit.platform-operations.v1"

/* Produce e (as JSON, key = the row id) to topic on cfg's cluster and wait
 * for the broker's ack. Creates the topic if it does not exist. Errors:
 * KX_ERR_KAFKA with the reason (not writable, unreachable, ...). */
int kx_audit_mirror(const struct kx_config *cfg, struct kx_logbuf *lb, const char *topic,
                    const struct kx_audit_entry *e, struct kx_err *err);

#endif
