/* topic_access.c - authorized operations per topic, from Metadata. */
#include "topic_access.h"
#include "kmsg_metadata.h"
#include "kproto.h"
#include "sanitize.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct names_arg {
        const char **names;
        int cnt;
};

static void metadata_body(struct kx_kenc *e, int16_t v, const void *arg)
{
        const struct names_arg *n = arg;

        kx_kmsg_metadata_body(e, v, n->names, n->cnt);
}

void kx_principal_text(const struct kx_ksec *sec, char *buf, size_t size)
{
        if (sec->sasl && sec->username)
                snprintf(buf, size, "User:%s", sec->username);
        else if (sec->tls && sec->cert)
                snprintf(buf, size, "the TLS client certificate's principal");
        else
                snprintf(buf, size, "User:ANONYMOUS");
}

static const struct kx_meta_topic *find_topic(const struct kx_metadata *md, const char *name)
{
        for (int i = 0; i < md->topic_cnt; i++)
                if (md->topics[i].name && !strcmp(md->topics[i].name, name))
                        return &md->topics[i];
        return NULL;
}

/* The operations ops allows, as "READ, DESCRIBE" (or "none"). */
static void allowed_text(int32_t ops, char *buf, size_t size)
{
        static const int shown[] = {KX_ACL_OP_READ, KX_ACL_OP_WRITE, KX_ACL_OP_DESCRIBE};
        size_t len = 0;
        char tmp[32];

        buf[0] = '\0';
        for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]) && len < size; i++)
                if ((ops >> shown[i]) & 1)
                        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                                                kx_acl_op_name(shown[i], tmp, sizeof(tmp)));
        if (!buf[0])
                snprintf(buf, size, "none");
}

static int refuse(const struct kx_kadmin *ka, const struct kx_topic_need *n, const char *allowed,
                  struct kx_err *err)
{
        char principal[300], buf[32], topic[256];
        const char *op = kx_acl_op_name(n->op, buf, sizeof(buf));

        kx_principal_text(&ka->sec, principal, sizeof(principal));
        kx_sanitize(topic, sizeof(topic), n->topic, strlen(n->topic));
        return kx_err_set(err, KX_ERR_REFUSED, "%s %s: %s may not %s this topic (allowed: %s); "
                                               "ask for an ACL granting %s",
                          n->role, topic, principal, op, allowed, op);
}

int kx_topic_access_check(const struct kx_kadmin *ka, const struct kx_topic_need *needs, int cnt,
                          struct kx_err *err)
{
        struct names_arg arg = {kx_xcalloc((size_t)cnt + 1, sizeof(char *)), cnt};
        struct kx_metadata md;
        struct kx_arena a;
        unsigned char *resp = NULL;
        size_t len;
        int16_t v;
        int rc;

        for (int i = 0; i < cnt; i++)
                arg.names[i] = needs[i].topic;
        kx_arena_init(&a);
        rc = kx_kadmin_request(ka, -1, KX_KAPI_METADATA, 10, 12, metadata_body, &arg, &v, &resp, &len, err);
        if (!rc)
                rc = kx_kmsg_metadata_decode(resp, len, v, &a, &md, err);
        for (int i = 0; !rc && i < cnt; i++) {
                const struct kx_meta_topic *t = find_topic(&md, needs[i].topic);
                char allowed[64];

                if (!t || t->error == KX_KERR_UNKNOWN_TOPIC)
                        continue;
                if (t->error == KX_KERR_TOPIC_AUTHORIZATION_FAILED)
                        rc = refuse(ka, &needs[i], "none, not even DESCRIBE", err);
                else if (!kx_kops_allows(t->authorized_ops, needs[i].op)) {
                        allowed_text(t->authorized_ops, allowed, sizeof(allowed));
                        rc = refuse(ka, &needs[i], allowed, err);
                }
        }
        free(resp);
        free(arg.names);
        kx_arena_done(&a);
        return rc;
}
