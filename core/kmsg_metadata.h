/* kmsg_metadata.h - Metadata (key 3), versions 10-12 (all flexible), for a
 * named set of topics, asking for each topic's authorized operations.
 *
 * Layout facts (Kafka's MetadataRequest/Response schemas):
 *   request   topics [topic_id uuid, name compact nullable string, tags],
 *             allow_auto_topic_creation bool,
 *             include_cluster_authorized_operations bool (v10 only),
 *             include_topic_authorized_operations bool, tags;
 *   response  throttle int32, brokers [node_id, host, port, rack, tags],
 *             cluster_id, controller_id, topics [error_code, name (nullable
 *             v12+), topic_id uuid, is_internal, partitions [...],
 *             topic_authorized_operations int32, tags],
 *             cluster_authorized_operations int32 (v10 only), tags.
 * topic_authorized_operations is a bitfield, bit i = AclOperation i (READ 3,
 * WRITE 4, DESCRIBE 8, ...); INT32_MIN means "not computed". A broker with
 * no authorizer sets every operation the resource supports. A topic the
 * principal may not even DESCRIBE comes back with TOPIC_AUTHORIZATION_FAILED
 * (29) and no bits. Bodies only (kproto.h frames them).
 */
#ifndef KX_KMSG_METADATA_H
#define KX_KMSG_METADATA_H

#include "arena.h"
#include "err.h"
#include "kbuf.h"

#include <stdbool.h>
#include <stdint.h>

enum kx_acl_op {
        KX_ACL_OP_READ = 3,
        KX_ACL_OP_WRITE = 4,
        KX_ACL_OP_DESCRIBE = 8,
};

#define KX_KOPS_UNKNOWN INT32_MIN      /* topic_authorized_operations not computed */
#define KX_KERR_UNKNOWN_TOPIC 3
#define KX_KERR_TOPIC_AUTHORIZATION_FAILED 29

struct kx_meta_topic {
        char *name;                    /* NULL only if the broker sent none (v12+) */
        int16_t error;
        bool is_internal;
        int32_t partition_cnt;
        int32_t authorized_ops;        /* bitfield, or KX_KOPS_UNKNOWN */
};

struct kx_metadata {
        struct kx_meta_topic *topics;
        int topic_cnt;
};

/* Request body for the topics named (cnt >= 0; never "all topics"), no
 * auto-creation, topic authorized operations requested. */
void kx_kmsg_metadata_body(struct kx_kenc *e, int16_t version, const char *const *topics, int cnt);

/* Decode a response body into out (strings and arrays in a). KX_ERR_KAFKA
 * naming the fault on malformed or truncated input, or bytes left over (a
 * body of another version). */
int kx_kmsg_metadata_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                            struct kx_metadata *out, struct kx_err *err);

/* True unless ops is a computed bitfield without bit op (KX_KOPS_UNKNOWN
 * counts as allowed: the broker did not say). */
bool kx_kops_allows(int32_t ops, int op);

/* Kafka's name of an ACL operation ("WRITE"), "operation N" style in buf
 * for others. Returns buf or a static string. */
const char *kx_acl_op_name(int op, char *buf, size_t size);

#endif
