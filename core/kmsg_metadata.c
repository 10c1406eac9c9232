/* kmsg_metadata.c - Metadata body and decoder (topics, errors, authorized
 * operations; brokers and partition details are skipped). */
#include "kmsg_metadata.h"
#include "kproto.h"

#include <stdio.h>
#include <string.h>

void kx_kmsg_metadata_body(struct kx_kenc *e, int16_t version, const char *const *topics, int cnt)
{
        static const unsigned char zero_uuid[16];

        kx_kenc_array(e, cnt, true);
        for (int i = 0; i < cnt; i++) {
                kx_kenc_raw(e, zero_uuid, sizeof(zero_uuid));
                kx_kenc_str(e, topics[i], true);
                kx_kenc_tags(e, true);
        }
        kx_kenc_i8(e, 0);                           /* allow_auto_topic_creation */
        if (version <= 10)
                kx_kenc_i8(e, 0);                   /* include_cluster_authorized_operations */
        kx_kenc_i8(e, 1);                           /* include_topic_authorized_operations */
        kx_kenc_tags(e, true);
}

static void skip_int32s(struct kx_kdec *d)
{
        int32_t n = kx_kdec_array(d, true, false, 4);

        for (int32_t i = 0; i < n && kx_kdec_ok(d); i++)
                (void)kx_kdec_i32(d);
}

static void skip_brokers(struct kx_kdec *d, struct kx_arena *a)
{
        int32_t n = kx_kdec_array(d, true, false, 11);

        for (int32_t i = 0; i < n && kx_kdec_ok(d); i++) {
                (void)kx_kdec_i32(d);                       /* node_id */
                (void)kx_kdec_str(d, a, true, false);       /* host */
                (void)kx_kdec_i32(d);                       /* port */
                (void)kx_kdec_str(d, a, true, true);        /* rack */
                kx_kdec_tags(d, true);
        }
}

static void decode_topic(struct kx_kdec *d, int16_t version, struct kx_arena *a, struct kx_meta_topic *t)
{
        t->error = kx_kdec_i16(d);
        t->name = kx_kdec_str(d, a, true, version >= 12);
        (void)kx_kdec_i64(d);                               /* topic_id */
        (void)kx_kdec_i64(d);
        t->is_internal = kx_kdec_bool(d);
        t->partition_cnt = kx_kdec_array(d, true, false, 18);
        for (int32_t p = 0; p < t->partition_cnt && kx_kdec_ok(d); p++) {
                (void)kx_kdec_i16(d);                       /* error_code */
                (void)kx_kdec_i32(d);                       /* partition_index */
                (void)kx_kdec_i32(d);                       /* leader_id */
                (void)kx_kdec_i32(d);                       /* leader_epoch */
                skip_int32s(d);                             /* replica_nodes */
                skip_int32s(d);                             /* isr_nodes */
                skip_int32s(d);                             /* offline_replicas */
                kx_kdec_tags(d, true);
        }
        t->authorized_ops = kx_kdec_i32(d);
        kx_kdec_tags(d, true);
}

int kx_kmsg_metadata_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                            struct kx_metadata *out, struct kx_err *err)
{
        struct kx_kdec d;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        (void)kx_kdec_i32(&d);                              /* throttle_time_ms */
        skip_brokers(&d, a);
        (void)kx_kdec_str(&d, a, true, true);               /* cluster_id */
        (void)kx_kdec_i32(&d);                              /* controller_id */
        n = kx_kdec_array(&d, true, false, 26);
        if (n > 0)
                out->topics = kx_arena_alloc(a, (size_t)n * sizeof(*out->topics));
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                decode_topic(&d, version, a, &out->topics[i]);
                if (kx_kdec_ok(&d))
                        out->topic_cnt = i + 1;
        }
        if (version <= 10)
                (void)kx_kdec_i32(&d);                      /* cluster_authorized_operations */
        kx_kdec_tags(&d, true);
        if (kx_kdec_left(&d))
                kx_kdec_fail(&d, "bytes left after the last field");
        return kx_kproto_check(&d, "Metadata", err);
}

bool kx_kops_allows(int32_t ops, int op)
{
        if (ops == KX_KOPS_UNKNOWN || op < 0 || op > 30)
                return true;
        return (ops >> op) & 1;
}

const char *kx_acl_op_name(int op, char *buf, size_t size)
{
        static const char *const names[] = {"UNKNOWN", "ANY", "ALL", "READ", "WRITE", "CREATE",
                                            "DELETE", "ALTER", "DESCRIBE", "CLUSTER_ACTION",
                                            "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE",
                                            "CREATE_TOKENS", "DESCRIBE_TOKENS", "TWO_PHASE_COMMIT"};

        if (op >= 0 && op < (int)(sizeof(names) / sizeof(names[0])))
                return names[op];
        snprintf(buf, size, "operation %d", op);
        return buf;
}
