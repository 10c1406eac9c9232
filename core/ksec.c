/* ksec.c - security settings from the librdkafka properties. */
#include "ksec.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct kx_prop *prop(const struct kx_config *cfg, const char *key)
{
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                if (!strcmp(cfg->props[i].key, key))
                        return &cfg->props[i];
        return NULL;
}

static const char *val(const struct kx_config *cfg, const char *key)
{
        const struct kx_prop *p = prop(cfg, key);

        return p ? p->value : NULL;
}

int kx_ksec_from_config(const struct kx_config *cfg, struct kx_ksec *sec, struct kx_err *err)
{
        const struct kx_prop *proto = prop(cfg, "security.protocol");
        const struct kx_prop *mech = prop(cfg, "sasl.mechanism");
        const char *p = proto ? proto->value : "PLAINTEXT";
        const char *eia = val(cfg, "ssl.endpoint.identification.algorithm");

        memset(sec, 0, sizeof(*sec));
        if (!strcasecmp(p, "PLAINTEXT")) {
        } else if (!strcasecmp(p, "SSL")) {
                sec->tls = true;
        } else if (!strcasecmp(p, "SASL_PLAINTEXT")) {
                sec->sasl = true;
        } else if (!strcasecmp(p, "SASL_SSL")) {
                sec->sasl = sec->tls = true;
        } else {
                return kx_err_set(err, KX_ERR_CONFIG, "security.protocol (%s): unknown value \"%s\"",
                                  proto->origin, p);
        }
        if (!mech)
                mech = prop(cfg, "sasl.mechanisms");
        if (prop(cfg, "klaxon.admin.sasl.mechanism"))
                mech = prop(cfg, "klaxon.admin.sasl.mechanism");
        if (sec->sasl) {
                const char *m = mech ? mech->value : "GSSAPI";

                if (strcmp(m, "PLAIN") && strcmp(m, "SCRAM-SHA-256") && strcmp(m, "SCRAM-SHA-512"))
                        return kx_err_set(err, KX_ERR_CONFIG,
                                          "sasl.mechanism (%s): klaxon's admin protocol speaks PLAIN, "
                                          "SCRAM-SHA-256 and SCRAM-SHA-512, not \"%s\"",
                                          mech ? mech->origin : "default", m);
                snprintf(sec->mechanism, sizeof(sec->mechanism), "%s", m);
                sec->username = val(cfg, "sasl.username");
                sec->password = val(cfg, "sasl.password");
                if (!sec->username || !sec->password)
                        return kx_err_set(err, KX_ERR_CONFIG, "SASL %s needs sasl.username and sasl.password",
                                          sec->mechanism);
        }
        sec->ca = val(cfg, "ssl.ca.location");
        sec->cert = val(cfg, "ssl.certificate.location");
        sec->key = val(cfg, "ssl.key.location");
        sec->key_password = val(cfg, "ssl.key.password");
        sec->verify_host = !eia || strcasecmp(eia, "none");
        return 0;
}
