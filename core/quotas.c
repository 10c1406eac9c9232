/* quotas.c - list, read and alter client quotas. */
#include "quotas.h"
#include "kproto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct describe_arg {
        const struct kx_quota_filter *f;
        int cnt;
        bool strict;
};

static void describe_body(struct kx_kenc *e, int16_t v, const void *arg)
{
        const struct describe_arg *d = arg;

        kx_kmsg_describe_quotas_body(e, v, d->f, d->cnt, d->strict);
}

static int describe(const struct kx_kadmin *ka, const struct describe_arg *d, struct kx_arena *a,
                    struct kx_quotas_desc *out, struct kx_err *err)
{
        unsigned char *resp;
        size_t len;
        int16_t v;
        int rc;

        memset(out, 0, sizeof(*out));
        rc = kx_kadmin_request(ka, -1, KX_KAPI_DESCRIBE_CLIENT_QUOTAS, 0, 1, describe_body, d, &v, &resp, &len,
                               err);
        if (!rc)
                rc = kx_kmsg_describe_quotas_decode(resp, len, v, a, out, err);
        if (!rc && out->error) {
                char buf[32];

                rc = kx_err_set(err, KX_ERR_KAFKA, "DescribeClientQuotas: %s%s%s",
                                kx_kerr_name(out->error, buf, sizeof(buf)), out->error_message ? ": " : "",
                                out->error_message ? out->error_message : "");
        }
        free(resp);
        return rc;
}

int kx_quotas_list(const struct kx_kadmin *ka, struct kx_arena *a, struct kx_quotas_desc *out,
                   struct kx_err *err)
{
        struct describe_arg d = {NULL, 0, false};

        return describe(ka, &d, a, out, err);
}

int kx_quotas_of(const struct kx_kadmin *ka, const struct kx_quota_entity *ent, int ent_cnt,
                 struct kx_arena *a, struct kx_quotas_desc *out, struct kx_err *err)
{
        struct kx_quota_filter f[4];
        struct describe_arg d = {f, ent_cnt > 4 ? 4 : ent_cnt, true};

        for (int i = 0; i < d.cnt; i++) {
                f[i].type = ent[i].type;
                f[i].match_type = ent[i].name ? 0 : 1;
                f[i].name = ent[i].name;
        }
        return describe(ka, &d, a, out, err);
}

struct alter_arg {
        const struct kx_quota_entity *ent;
        int ent_cnt;
        const struct kx_quota_op *ops;
        int op_cnt;
        bool validate_only;
};

static void alter_body(struct kx_kenc *e, int16_t v, const void *arg)
{
        const struct alter_arg *x = arg;

        kx_kmsg_alter_quotas_body(e, v, x->ent, x->ent_cnt, x->ops, x->op_cnt, x->validate_only);
}

int kx_quotas_alter(const struct kx_kadmin *ka, const struct kx_quota_entity *ent, int ent_cnt,
                    const struct kx_quota_op *ops, int op_cnt, bool validate_only, struct kx_err *err)
{
        struct alter_arg x = {ent, ent_cnt, ops, op_cnt, validate_only};
        struct kx_quotas_alter r;
        struct kx_arena a;
        unsigned char *resp;
        size_t len;
        int16_t v;
        int rc;

        kx_arena_init(&a);
        rc = kx_kadmin_request(ka, -1, KX_KAPI_ALTER_CLIENT_QUOTAS, 0, 1, alter_body, &x, &v, &resp, &len, err);
        if (!rc)
                rc = kx_kmsg_alter_quotas_decode(resp, len, v, &a, &r, err);
        if (!rc && r.entry_cnt < 1)
                rc = kx_err_set(err, KX_ERR_KAFKA, "AlterClientQuotas: empty response");
        for (int i = 0; !rc && i < r.entry_cnt; i++) {
                char buf[32];

                if (r.entries[i].error)
                        rc = kx_err_set(err, KX_ERR_KAFKA, "AlterClientQuotas: %s%s%s",
                                        kx_kerr_name(r.entries[i].error, buf, sizeof(buf)),
                                        r.entries[i].error_message ? ": " : "",
                                        r.entries[i].error_message ? r.entries[i].error_message : "");
        }
        free(resp);
        kx_arena_done(&a);
        return rc;
}

const char *kx_quota_entity_label(const struct kx_quota_entity *ent, int ent_cnt, char *buf, size_t size)
{
        size_t o = 0;

        buf[0] = '\0';
        for (int i = 0; i < ent_cnt && o < size; i++) {
                int n = snprintf(buf + o, size - o, "%s%s=%s", i ? "," : "", ent[i].type,
                                 ent[i].name ? ent[i].name : "<default>");

                if (n < 0)
                        break;
                o += (size_t)n;
        }
        return buf;
}

static bool same_entity(const struct kx_quota_entry *q, const struct kx_quota_entity *ent, int ent_cnt)
{
        if (q->entity_cnt != ent_cnt)
                return false;
        for (int i = 0; i < ent_cnt; i++) {
                bool found = false;

                for (int j = 0; j < q->entity_cnt && !found; j++)
                        found = !strcmp(q->entity[j].type, ent[i].type) &&
                                ((!q->entity[j].name && !ent[i].name) ||
                                 (q->entity[j].name && ent[i].name && !strcmp(q->entity[j].name, ent[i].name)));
                if (!found)
                        return false;
        }
        return true;
}

static json_t *values_json(const struct kx_quota_entry *q)
{
        json_t *v = json_object();

        for (int j = 0; j < q->value_cnt; j++)
                json_object_set_new(v, q->values[j].key, json_real(q->values[j].value));
        return v;
}

json_t *kx_quotas_values_of(const struct kx_quotas_desc *q, const struct kx_quota_entity *ent, int ent_cnt)
{
        for (int i = 0; i < q->entry_cnt; i++)
                if (same_entity(&q->entries[i], ent, ent_cnt))
                        return values_json(&q->entries[i]);
        return json_object();
}

json_t *kx_quotas_json(const struct kx_quotas_desc *q)
{
        json_t *arr = json_array();

        for (int i = 0; i < q->entry_cnt; i++) {
                json_t *ent = json_object();

                for (int j = 0; j < q->entries[i].entity_cnt; j++)
                        json_object_set_new(ent, q->entries[i].entity[j].type,
                                            q->entries[i].entity[j].name ? json_string(q->entries[i].entity[j].name)
                                                                          : json_null());
                json_array_append_new(arr, json_pack("{s:o, s:o}", "entity", ent, "values",
                                                     values_json(&q->entries[i])));
        }
        return arr;
}
