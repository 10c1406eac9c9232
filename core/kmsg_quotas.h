/* kmsg_quotas.h - DescribeClientQuotas (key 48) and AlterClientQuotas (key
 * 49), versions 0-1 (v1 flexible), bodies only (kproto.h frames them).
 *
 * An entity is a list of (type, name) pairs: type "user", "client-id" or
 * "ip"; a NULL name is the type's default entity (<default> in Kafka's
 * tools). Quota values are float64 (producer_byte_rate, consumer_byte_rate,
 * request_percentage, controller_mutation_rate, connection_creation_rate).
 */
#ifndef KX_KMSG_QUOTAS_H
#define KX_KMSG_QUOTAS_H

#include "arena.h"
#include "err.h"
#include "kbuf.h"

#include <stdbool.h>
#include <stdint.h>

struct kx_quota_entity {
        char *type;
        char *name;                 /* NULL: the default entity */
};

struct kx_quota_value {
        char *key;
        double value;
};

struct kx_quota_entry {
        struct kx_quota_entity *entity;
        int entity_cnt;
        struct kx_quota_value *values;
        int value_cnt;
};

/* A DescribeClientQuotas response; everything lives in the decode arena. */
struct kx_quotas_desc {
        int16_t error;
        char *error_message;        /* may be NULL */
        struct kx_quota_entry *entries;
        int entry_cnt;
};

/* A filter component: match_type 0 = exactly name, 1 = the default entity,
 * 2 = any entity of the type. */
struct kx_quota_filter {
        const char *type;
        int8_t match_type;
        const char *name;           /* used for match_type 0 */
};

/* One operation of an AlterClientQuotas entry. */
struct kx_quota_op {
        const char *key;
        double value;
        bool remove;
};

/* One AlterClientQuotas result entry. */
struct kx_quota_alter_result {
        int16_t error;
        char *error_message;
        struct kx_quota_entity *entity;
        int entity_cnt;
};

struct kx_quotas_alter {
        struct kx_quota_alter_result *entries;
        int entry_cnt;
};

/* DescribeClientQuotas request body: filters (cnt 0 with strict false = every
 * configured quota). */
void kx_kmsg_describe_quotas_body(struct kx_kenc *e, int16_t version, const struct kx_quota_filter *f,
                                  int cnt, bool strict);

/* Decode a DescribeClientQuotas response body; strings and arrays go into a.
 * KX_ERR_KAFKA (naming the fault) on malformed or truncated input. */
int kx_kmsg_describe_quotas_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                                   struct kx_quotas_desc *out, struct kx_err *err);

/* AlterClientQuotas request body for one entity with op_cnt operations. */
void kx_kmsg_alter_quotas_body(struct kx_kenc *e, int16_t version, const struct kx_quota_entity *entity,
                               int entity_cnt, const struct kx_quota_op *ops, int op_cnt,
                               bool validate_only);

/* Decode an AlterClientQuotas response body (into a). KX_ERR_KAFKA when
 * malformed. */
int kx_kmsg_alter_quotas_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                                struct kx_quotas_alter *out, struct kx_err *err);

#endif
