/* yamlwalk.c - typed, line-numbered access to a libyaml document. */
#include "yamlwalk.h"
#include "units.h"
#include "xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kx_yaml_load(struct kx_yaml *y, const char *text, size_t len, const char *origin,
                 struct kx_err *err)
{
        yaml_parser_t parser;
        int rc = 0;

        memset(y, 0, sizeof(*y));
        y->origin = origin;
        y->err = err;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &y->doc))
                rc = kx_err_set(err, KX_ERR_CONFIG, "%s:%zu: %s", origin, parser.problem_mark.line + 1,
                                parser.problem ? parser.problem : "invalid YAML");
        else
                y->loaded = true;
        yaml_parser_delete(&parser);
        if (!rc && !kx_yaml_root(y))
                rc = kx_err_set(err, KX_ERR_CONFIG, "%s:1: empty document", origin);
        return rc;
}

void kx_yaml_done(struct kx_yaml *y)
{
        if (y->loaded)
                yaml_document_delete(&y->doc);
        y->loaded = false;
}

yaml_node_t *kx_yaml_root(struct kx_yaml *y)
{
        return yaml_document_get_root_node(&y->doc);
}

yaml_node_t *kx_yaml_node(struct kx_yaml *y, int id)
{
        return yaml_document_get_node(&y->doc, id);
}

const char *kx_yaml_scalar(const yaml_node_t *n)
{
        return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *kx_yaml_get(struct kx_yaml *y, yaml_node_t *map, const char *key)
{
        if (!map || map->type != YAML_MAPPING_NODE)
                return NULL;
        for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
                const char *k = kx_yaml_scalar(kx_yaml_node(y, kv->key));

                if (k && !strcmp(k, key))
                        return kx_yaml_node(y, kv->value);
        }
        return NULL;
}

int kx_yaml_fail(struct kx_yaml *y, const yaml_node_t *n, const char *where, const char *key,
                 const char *what)
{
        return kx_err_set(y->err, KX_ERR_CONFIG, "%s:%zu: field \"%s%s%s\": %s", y->origin,
                          n ? n->start_mark.line + 1 : 0, where, where[0] && key[0] ? "." : "", key,
                          what);
}

int kx_yaml_only_keys(struct kx_yaml *y, yaml_node_t *map, const char *where,
                      const char *const *allowed)
{
        if (!map || map->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, map, where, "", "must be a mapping");
        for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
                yaml_node_t *kn = kx_yaml_node(y, kv->key);
                const char *k = kx_yaml_scalar(kn);
                bool ok = false;

                for (int i = 0; k && allowed[i]; i++)
                        ok |= !strcmp(k, allowed[i]);
                if (!ok)
                        return kx_yaml_fail(y, kn, where, k ? k : "?", "unknown field");
        }
        return 0;
}

/* The scalar at key, NULL if absent; *bad set when present but not a scalar. */
static const char *field(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                         yaml_node_t **node, int *bad)
{
        *node = kx_yaml_get(y, map, key);
        *bad = 0;
        if (!*node)
                return NULL;
        if (!kx_yaml_scalar(*node))
                *bad = kx_yaml_fail(y, *node, where, key, "must be a single value");
        return kx_yaml_scalar(*node);
}

int kx_yaml_int(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                int64_t min, int64_t max, int64_t *out)
{
        yaml_node_t *n;
        int bad;
        const char *s = field(y, map, where, key, &n, &bad);
        char *end, what[96];
        long long v;

        if (!s)
                return bad;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (end == s || *end || errno || v < min || v > max) {
                snprintf(what, sizeof(what), "must be a whole number from %lld to %lld",
                         (long long)min, (long long)max);
                return kx_yaml_fail(y, n, where, key, what);
        }
        *out = v;
        return 0;
}

int kx_yaml_double(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                   double min, double max, double *out)
{
        yaml_node_t *n;
        int bad;
        const char *s = field(y, map, where, key, &n, &bad);
        char *end, what[96];
        double v;

        if (!s)
                return bad;
        v = strtod(s, &end);
        if (end == s || *end || !isfinite(v) || v < min || v > max) {
                snprintf(what, sizeof(what), "must be a number from %g to %g", min, max);
                return kx_yaml_fail(y, n, where, key, what);
        }
        *out = v;
        return 0;
}

int kx_yaml_bool(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 bool *out)
{
        yaml_node_t *n;
        int bad;
        const char *s = field(y, map, where, key, &n, &bad);

        if (!s)
                return bad;
        if (!strcmp(s, "true") || !strcmp(s, "yes"))
                *out = true;
        else if (!strcmp(s, "false") || !strcmp(s, "no"))
                *out = false;
        else
                return kx_yaml_fail(y, n, where, key, "must be true or false");
        return 0;
}

int kx_yaml_duration(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                     int64_t *out)
{
        yaml_node_t *n;
        int bad;
        const char *s = field(y, map, where, key, &n, &bad);

        if (!s)
                return bad;
        if (kx_parse_retention(s, out, NULL))
                return kx_yaml_fail(y, n, where, key, "must be a duration (12h, 7d, 10y, infinite)");
        return 0;
}

int kx_yaml_bytes(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                  int64_t *out)
{
        yaml_node_t *n;
        int bad;
        const char *s = field(y, map, where, key, &n, &bad);

        if (!s)
                return bad;
        if (kx_parse_bytes(s, out, NULL))
                return kx_yaml_fail(y, n, where, key, "must be a size (1MB, 450GB, 1TB)");
        return 0;
}

int kx_yaml_text(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 char **out)
{
        yaml_node_t *n;
        int bad;
        const char *s = field(y, map, where, key, &n, &bad);

        if (!s)
                return bad;
        free(*out);
        *out = kx_xstrdup(s);
        return 0;
}
