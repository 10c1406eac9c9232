/* quotas.h - client quotas through klaxon's protocol module (librdkafka
 * 2.0.2 has no DescribeClientQuotas / AlterClientQuotas).
 *
 * Entities are given as "user=NAME", "client-id=NAME" (or NAME "<default>"
 * style NULL for the default entity), the same pairs kafka-configs uses.
 */
#ifndef KX_QUOTAS_H
#define KX_QUOTAS_H

#include "kadmin.h"
#include "kmsg_quotas.h"

#include <jansson.h>

/* Every configured client quota (any broker answers). Strings and arrays
 * of *out live in a. KX_ERR_KAFKA with Kafka's error name when the broker
 * refuses (e.g. CLUSTER_AUTHORIZATION_FAILED); connection errors as
 * kx_kconn_open. */
int kx_quotas_list(const struct kx_kadmin *ka, struct kx_arena *a, struct kx_quotas_desc *out,
                   struct kx_err *err);

/* The quotas of exactly this entity (a strict filter); out->entry_cnt is 0
 * when it has none. */
int kx_quotas_of(const struct kx_kadmin *ka, const struct kx_quota_entity *ent, int ent_cnt,
                 struct kx_arena *a, struct kx_quotas_desc *out, struct kx_err *err);

/* Apply ops to one entity (validate_only: the broker checks, changes
 * nothing). KX_ERR_KAFKA naming Kafka's error and message on refusal. */
int kx_quotas_alter(const struct kx_kadmin *ka, const struct kx_quota_entity *ent, int ent_cnt,
                    const struct kx_quota_op *ops, int op_cnt, bool validate_only, struct kx_err *err);

/* "user=alice,client-id=<default>" into buf (raw: sanitize for display). */
const char *kx_quota_entity_label(const struct kx_quota_entity *ent, int ent_cnt, char *buf, size_t size);

/* The quotas as JSON: [{"entity": {"user": "alice"}, "values": {"producer_byte_rate": 1048576}}],
 * a default entity's name as null. New reference. */
json_t *kx_quotas_json(const struct kx_quotas_desc *q);

/* The values of q's entry for exactly this entity as {key: value}, {} if
 * none. New reference. */
json_t *kx_quotas_values_of(const struct kx_quotas_desc *q, const struct kx_quota_entity *ent, int ent_cnt);

#endif
