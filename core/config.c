/* config.c - YAML contexts and command-line properties. */
#include "config.h"
#include "xalloc.h"
#include "yamlwalk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

void kx_config_init(struct kx_config *cfg)
{
        memset(cfg, 0, sizeof(*cfg));
}

static void props_free(struct kx_prop *props, size_t cnt)
{
        for (size_t i = 0; i < cnt; i++) {
                free(props[i].key);
                free(props[i].value);
                free(props[i].origin);
        }
        free(props);
}

void kx_config_done(struct kx_config *cfg)
{
        free(cfg->file);
        free(cfg->context);
        free(cfg->bootstrap);
        props_free(cfg->props, cfg->prop_cnt);
        free(cfg->operator_name);
        free(cfg->state_dir);
        free(cfg->connect_url);
        free(cfg->registry_url);
        free(cfg->mm2_source);
        free(cfg->prometheus_url);
        kx_config_init(cfg);
}

void kx_config_set_str(char **field, const char *value)
{
        free(*field);
        *field = kx_xstrdup(value);
}

char *kx_config_default_path(void)
{
        const char *xdg = getenv("XDG_CONFIG_HOME");
        const char *home = getenv("HOME");
        char buf[4096];

        if (xdg && *xdg)
                snprintf(buf, sizeof(buf), "%s/klaxon/config.yaml", xdg);
        else if (home && *home)
                snprintf(buf, sizeof(buf), "%s/.config/klaxon/config.yaml", home);
        else
                return NULL;
        return kx_xstrdup(buf);
}

static bool is_bootstrap_key(const char *key)
{
        return !strcmp(key, "bootstrap.servers") || !strcmp(key, "metadata.broker.list");
}

void kx_config_set_prop(struct kx_config *cfg, const char *key, const char *value,
                        const char *origin)
{
        struct kx_prop *p = NULL;

        if (is_bootstrap_key(key)) {
                kx_config_set_str(&cfg->bootstrap, value);
                return;
        }
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                if (!strcmp(cfg->props[i].key, key))
                        p = &cfg->props[i];
        if (!p) {
                cfg->props = kx_xrealloc(cfg->props, (cfg->prop_cnt + 1) * sizeof(*p));
                p = &cfg->props[cfg->prop_cnt++];
                p->key = kx_xstrdup(key);
                p->value = NULL;
                p->origin = NULL;
        }
        kx_config_set_str(&p->value, value);
        kx_config_set_str(&p->origin, origin);
}

int kx_config_set_prop_arg(struct kx_config *cfg, const char *arg, struct kx_err *err)
{
        const char *eq = strchr(arg, '=');
        char *key;

        if (!eq || eq == arg)
                return kx_err_set(err, KX_ERR_USAGE,
                                  "-X expects key=value, got \"%s\"", arg);
        key = kx_xmalloc((size_t)(eq - arg) + 1);
        memcpy(key, arg, (size_t)(eq - arg));
        key[eq - arg] = '\0';
        kx_config_set_prop(cfg, key, eq + 1, "-X");
        free(key);
        return 0;
}

bool kx_config_key_is_secret(const char *key)
{
        static const char *const needles[] = {"password", "secret", "token",
                                              "ssl.key.pem", "jaas", "credential"};

        for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
                if (strcasestr(key, needles[i]))
                        return true;
        return false;
}

/* ---- YAML walking ---- */

struct yaml_ctx {
        yaml_document_t doc;
        const char *path;
        struct kx_err *err;
};

static unsigned node_line(const yaml_node_t *n)
{
        return (unsigned)n->start_mark.line + 1;
}

static int yaml_fail(struct yaml_ctx *y, const yaml_node_t *n, const char *fmt,
                     const char *field)
{
        char what[200];

        snprintf(what, sizeof(what), fmt, field);
        return kx_err_set(y->err, KX_ERR_CONFIG, "%s:%u: %s", y->path,
                          n ? node_line(n) : 0, what);
}

static int parse_bool(struct yaml_ctx *y, const yaml_node_t *n, const char *field,
                      bool *out)
{
        const char *s = kx_yaml_scalar(n);

        if (s && (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on"))) {
                *out = true;
                return 0;
        }
        if (s && (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off"))) {
                *out = false;
                return 0;
        }
        return yaml_fail(y, n, "field \"%s\" must be true or false", field);
}

/* Apply one context mapping to a scratch config. */
static int apply_context(struct yaml_ctx *y, yaml_node_t *ctx, struct kx_config *out)
{
        yaml_node_pair_t *pair;

        if (ctx->type != YAML_MAPPING_NODE)
                return yaml_fail(y, ctx, "context must be a mapping%s", "");
        for (pair = ctx->data.mapping.pairs.start; pair < ctx->data.mapping.pairs.top; pair++) {
                yaml_node_t *k = yaml_document_get_node(&y->doc, pair->key);
                yaml_node_t *v = yaml_document_get_node(&y->doc, pair->value);
                const char *key = kx_yaml_scalar(k);
                int rc = 0;

                if (!key)
                        return yaml_fail(y, k, "context keys must be strings%s", "");
                if (!strcmp(key, "bootstrap") || !strcmp(key, "state-dir") ||
                    !strcmp(key, "operator") || !strcmp(key, "connect") ||
                    !strcmp(key, "registry") || !strcmp(key, "mm2-source") || !strcmp(key, "prometheus")) {
                        if (!kx_yaml_scalar(v))
                                return yaml_fail(y, v, "field \"%s\" must be a string", key);
                        kx_config_set_str(!strcmp(key, "bootstrap")   ? &out->bootstrap
                                          : !strcmp(key, "state-dir") ? &out->state_dir
                                          : !strcmp(key, "connect")   ? &out->connect_url
                                          : !strcmp(key, "registry")  ? &out->registry_url
                                          : !strcmp(key, "mm2-source") ? &out->mm2_source
                                          : !strcmp(key, "prometheus") ? &out->prometheus_url
                                                                      : &out->operator_name,
                                          kx_yaml_scalar(v));
                } else if (!strcmp(key, "read-only")) {
                        rc = parse_bool(y, v, key, &out->read_only);
                } else if (!strcmp(key, "properties")) {
                        yaml_node_pair_t *pp;

                        if (v->type != YAML_MAPPING_NODE)
                                return yaml_fail(y, v, "field \"%s\" must be a mapping", key);
                        for (pp = v->data.mapping.pairs.start; pp < v->data.mapping.pairs.top; pp++) {
                                yaml_node_t *pk = yaml_document_get_node(&y->doc, pp->key);
                                yaml_node_t *pv = yaml_document_get_node(&y->doc, pp->value);
                                char origin[300];

                                if (!kx_yaml_scalar(pk) || !kx_yaml_scalar(pv))
                                        return yaml_fail(y, pk, "properties must map strings to strings%s", "");
                                snprintf(origin, sizeof(origin), "%s:%u", y->path, node_line(pk));
                                kx_config_set_prop(out, kx_yaml_scalar(pk), kx_yaml_scalar(pv), origin);
                        }
                } else {
                        return yaml_fail(y, k, "unknown field \"%s\" (expected bootstrap, "
                                               "properties, read-only, operator, state-dir, connect, registry, mm2-source, prometheus)", key);
                }
                if (rc)
                        return rc;
        }
        return 0;
}

static int load_doc(struct yaml_ctx *y, FILE *fp)
{
        yaml_parser_t parser;
        int rc = 0;

        yaml_parser_initialize(&parser);
        yaml_parser_set_input_file(&parser, fp);
        if (!yaml_parser_load(&parser, &y->doc)) {
                rc = kx_err_set(y->err, KX_ERR_CONFIG, "%s:%zu:%zu: %s%s%s", y->path,
                                parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                                parser.problem ? parser.problem : "invalid YAML",
                                parser.context ? " " : "", parser.context ? parser.context : "");
        }
        yaml_parser_delete(&parser);
        return rc;
}

/* Find the context node to use: by name, else current-context, else the only one. */
static int pick_context(struct yaml_ctx *y, yaml_node_t *root, const char *want,
                        yaml_node_t **ctx_out, const char **name_out)
{
        yaml_node_t *contexts = NULL;
        const char *current = NULL;
        yaml_node_pair_t *pair;
        size_t count;

        for (pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top; pair++) {
                yaml_node_t *k = yaml_document_get_node(&y->doc, pair->key);
                yaml_node_t *v = yaml_document_get_node(&y->doc, pair->value);
                const char *key = kx_yaml_scalar(k);

                if (key && !strcmp(key, "contexts"))
                        contexts = v;
                else if (key && !strcmp(key, "current-context") && kx_yaml_scalar(v))
                        current = kx_yaml_scalar(v);
                else
                        return yaml_fail(y, k, "unknown top-level field \"%s\" (expected "
                                               "current-context, contexts)", key ? key : "?");
        }
        if (!contexts || contexts->type != YAML_MAPPING_NODE)
                return yaml_fail(y, contexts ? contexts : root,
                                 "field \"%s\" is missing or not a mapping", "contexts");
        if (!want)
                want = current;
        count = (size_t)(contexts->data.mapping.pairs.top - contexts->data.mapping.pairs.start);
        for (pair = contexts->data.mapping.pairs.start; pair < contexts->data.mapping.pairs.top; pair++) {
                const char *name = kx_yaml_scalar(yaml_document_get_node(&y->doc, pair->key));

                if (name && (!want ? count == 1 : !strcmp(name, want))) {
                        *ctx_out = yaml_document_get_node(&y->doc, pair->value);
                        *name_out = name;
                        return 0;
                }
        }
        if (!want)
                return yaml_fail(y, contexts, "%s", "several contexts and no current-context: "
                                                    "pick one with --context");
        return yaml_fail(y, contexts, "no context named \"%s\"", want);
}

int kx_config_load(struct kx_config *cfg, const char *path, const char *context,
                   bool must_exist, struct kx_err *err)
{
        struct yaml_ctx y = {.path = path, .err = err};
        struct kx_config scratch;
        yaml_node_t *root, *ctx = NULL;
        const char *name = NULL;
        FILE *fp;
        int rc;

        fp = fopen(path, "rb");
        if (!fp) {
                if (errno == ENOENT && !must_exist && !context)
                        return 0;
                return kx_err_set(err, KX_ERR_CONFIG, "%s: %s", path, strerror(errno));
        }
        rc = load_doc(&y, fp);
        fclose(fp);
        if (rc)
                return rc;
        root = yaml_document_get_root_node(&y.doc);
        if (!root) {
                yaml_document_delete(&y.doc);
                if (context)
                        return kx_err_set(err, KX_ERR_CONFIG, "%s: empty file, no context \"%s\"",
                                          path, context);
                return 0;
        }
        if (root->type != YAML_MAPPING_NODE) {
                rc = yaml_fail(&y, root, "%s", "top level must be a mapping");
                yaml_document_delete(&y.doc);
                return rc;
        }
        /* Build into a copy so a failure leaves cfg untouched. */
        kx_config_init(&scratch);
        rc = pick_context(&y, root, context, &ctx, &name);
        if (!rc)
                rc = apply_context(&y, ctx, &scratch);
        if (!rc) {
                kx_config_set_str(&cfg->file, path);
                kx_config_set_str(&cfg->context, name);
                if (scratch.bootstrap)
                        kx_config_set_str(&cfg->bootstrap, scratch.bootstrap);
                if (scratch.state_dir)
                        kx_config_set_str(&cfg->state_dir, scratch.state_dir);
                if (scratch.operator_name)
                        kx_config_set_str(&cfg->operator_name, scratch.operator_name);
                if (scratch.connect_url)
                        kx_config_set_str(&cfg->connect_url, scratch.connect_url);
                if (scratch.registry_url)
                        kx_config_set_str(&cfg->registry_url, scratch.registry_url);
                if (scratch.mm2_source)
                        kx_config_set_str(&cfg->mm2_source, scratch.mm2_source);
                if (scratch.prometheus_url)
                        kx_config_set_str(&cfg->prometheus_url, scratch.prometheus_url);
                cfg->read_only = cfg->read_only || scratch.read_only;
                for (size_t i = 0; i < scratch.prop_cnt; i++)
                        kx_config_set_prop(cfg, scratch.props[i].key, scratch.props[i].value,
                                           scratch.props[i].origin);
        }
        kx_config_done(&scratch);
        yaml_document_delete(&y.doc);
        return rc;
}
