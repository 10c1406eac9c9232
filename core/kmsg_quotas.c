/* kmsg_quotas.c - client quota request bodies and response decoders. */
#include "kmsg_quotas.h"
#include "kproto.h"

#include <string.h>

void kx_kmsg_describe_quotas_body(struct kx_kenc *e, int16_t version, const struct kx_quota_filter *f,
                                  int cnt, bool strict)
{
        bool flex = version >= 1;

        kx_kenc_array(e, cnt, flex);
        for (int i = 0; i < cnt; i++) {
                kx_kenc_str(e, f[i].type, flex);
                kx_kenc_i8(e, f[i].match_type);
                kx_kenc_str(e, f[i].match_type == 0 ? f[i].name : NULL, flex);
                kx_kenc_tags(e, flex);
        }
        kx_kenc_i8(e, strict);
        kx_kenc_tags(e, flex);
}

static void encode_entity(struct kx_kenc *e, const struct kx_quota_entity *ent, int cnt, bool flex)
{
        kx_kenc_array(e, cnt, flex);
        for (int i = 0; i < cnt; i++) {
                kx_kenc_str(e, ent[i].type, flex);
                kx_kenc_str(e, ent[i].name, flex);
                kx_kenc_tags(e, flex);
        }
}

/* Entity pairs (type, nullable name) into a. */
static struct kx_quota_entity *decode_entity(struct kx_kdec *d, bool flex, struct kx_arena *a, int *cnt)
{
        int32_t n = kx_kdec_array(d, flex, false, 3);
        struct kx_quota_entity *ent = n > 0 ? kx_arena_alloc(a, (size_t)n * sizeof(*ent)) : NULL;

        *cnt = 0;
        for (int32_t i = 0; i < n && kx_kdec_ok(d); i++) {
                ent[i].type = kx_kdec_str(d, a, flex, false);
                ent[i].name = kx_kdec_str(d, a, flex, true);
                kx_kdec_tags(d, flex);
                *cnt = i + 1;
        }
        return ent;
}

int kx_kmsg_describe_quotas_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                                   struct kx_quotas_desc *out, struct kx_err *err)
{
        bool flex = version >= 1;
        struct kx_kdec d;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        (void)kx_kdec_i32(&d);                      /* throttle_time_ms */
        out->error = kx_kdec_i16(&d);
        out->error_message = kx_kdec_str(&d, a, flex, true);
        n = kx_kdec_array(&d, flex, true, 2);
        if (n > 0)
                out->entries = kx_arena_alloc(a, (size_t)n * sizeof(*out->entries));
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                struct kx_quota_entry *q = &out->entries[i];
                int32_t vn;

                q->entity = decode_entity(&d, flex, a, &q->entity_cnt);
                vn = kx_kdec_array(&d, flex, false, 9);
                if (vn > 0)
                        q->values = kx_arena_alloc(a, (size_t)vn * sizeof(*q->values));
                for (int32_t j = 0; j < vn && kx_kdec_ok(&d); j++) {
                        q->values[j].key = kx_kdec_str(&d, a, flex, false);
                        q->values[j].value = kx_kdec_f64(&d);
                        kx_kdec_tags(&d, flex);
                        q->value_cnt = j + 1;
                }
                kx_kdec_tags(&d, flex);
                out->entry_cnt = i + 1;
        }
        kx_kdec_tags(&d, flex);
        return kx_kproto_check(&d, "DescribeClientQuotas", err);
}

void kx_kmsg_alter_quotas_body(struct kx_kenc *e, int16_t version, const struct kx_quota_entity *entity,
                               int entity_cnt, const struct kx_quota_op *ops, int op_cnt,
                               bool validate_only)
{
        bool flex = version >= 1;

        kx_kenc_array(e, 1, flex);
        encode_entity(e, entity, entity_cnt, flex);
        kx_kenc_array(e, op_cnt, flex);
        for (int i = 0; i < op_cnt; i++) {
                kx_kenc_str(e, ops[i].key, flex);
                kx_kenc_f64(e, ops[i].remove ? 0.0 : ops[i].value);
                kx_kenc_i8(e, ops[i].remove);
                kx_kenc_tags(e, flex);
        }
        kx_kenc_tags(e, flex);
        kx_kenc_i8(e, validate_only);
        kx_kenc_tags(e, flex);
}

int kx_kmsg_alter_quotas_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                                struct kx_quotas_alter *out, struct kx_err *err)
{
        bool flex = version >= 1;
        struct kx_kdec d;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        (void)kx_kdec_i32(&d);                      /* throttle_time_ms */
        n = kx_kdec_array(&d, flex, false, 4);
        if (n > 0)
                out->entries = kx_arena_alloc(a, (size_t)n * sizeof(*out->entries));
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                struct kx_quota_alter_result *r = &out->entries[i];

                r->error = kx_kdec_i16(&d);
                r->error_message = kx_kdec_str(&d, a, flex, true);
                r->entity = decode_entity(&d, flex, a, &r->entity_cnt);
                kx_kdec_tags(&d, flex);
                out->entry_cnt = i + 1;
        }
        kx_kdec_tags(&d, flex);
        return kx_kproto_check(&d, "AlterClientQuotas", err);
}
