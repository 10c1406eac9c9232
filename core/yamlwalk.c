/* yamlwalk.c - typed, line-numbered access to a libyaml document. */
#include "yamlwalk.h"
#include "units.h"
#include "xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kx_yaml_parse(struct kx_yaml *y, const char *text, size_t len, const char *origin,
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
        return rc;
}

int kx_yaml_load(struct kx_yaml *y, const char *text, size_t len, const char *origin,
                 struct kx_err *err)
{
        int rc = kx_yaml_parse(y, text, len, origin, err);

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
        if (!where[0] && !key[0])
                key = "(top)";
        return kx_err_set(y->err, KX_ERR_CONFIG, "%s:%zu: field \"%s%s%s\": %s", y->origin,
                          n ? n->start_mark.line + 1 : 0, where, where[0] && key[0] ? "." : "", key,
                          what);
}

int kx_yaml_each_pair(struct kx_yaml *y, yaml_node_t *map, const char *where,
                      const char *const *allowed, kx_yaml_visit_fn fn, void *ctx)
{
        char path[256];

        if (!map || map->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, map, where, "", "must be a mapping");
        for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
                yaml_node_t *kn = kx_yaml_node(y, kv->key);
                const char *k = kx_yaml_scalar(kn);
                int idx = -1, rc;

                for (int i = 0; k && allowed[i]; i++)
                        if (!strcmp(k, allowed[i]))
                                idx = i;
                if (idx < 0)
                        return kx_yaml_fail(y, kn, where, k ? k : "?", "unknown field");
                snprintf(path, sizeof(path), "%s%s%s", where, where[0] ? "." : "", k);
                if (fn && (rc = fn(y, idx, kx_yaml_node(y, kv->value), path, ctx)))
                        return rc;
        }
        return 0;
}

int kx_yaml_only_keys(struct kx_yaml *y, yaml_node_t *map, const char *where,
                      const char *const *allowed)
{
        return kx_yaml_each_pair(y, map, where, allowed, NULL, NULL);
}

int kx_yaml_items(const yaml_node_t *n)
{
        if (!n || n->type != YAML_SEQUENCE_NODE)
                return 0;
        return (int)(n->data.sequence.items.top - n->data.sequence.items.start);
}

int kx_yaml_each_item(struct kx_yaml *y, yaml_node_t *seq, const char *where,
                      kx_yaml_visit_fn fn, void *ctx)
{
        char path[256];
        int rc;

        if (!seq || seq->type != YAML_SEQUENCE_NODE)
                return kx_yaml_fail(y, seq, where, "", "must be a list");
        for (int i = 0; i < kx_yaml_items(seq); i++) {
                snprintf(path, sizeof(path), "%s[%d]", where, i);
                if ((rc = fn(y, i, kx_yaml_node(y, seq->data.sequence.items.start[i]), path, ctx)))
                        return rc;
        }
        return 0;
}

int kx_yaml_node_parsed(struct kx_yaml *y, yaml_node_t *n, const char *where, const char *key,
                        kx_yaml_parse_fn parse, const char *what, int64_t *out)
{
        struct kx_err e;
        int64_t v;

        if (!kx_yaml_scalar(n) || parse(kx_yaml_scalar(n), &v, &e))
                return kx_yaml_fail(y, n, where, key, what);
        *out = v;
        return 0;
}

int kx_yaml_node_double(struct kx_yaml *y, yaml_node_t *n, const char *where, const char *key,
                        double min, double max, double *out)
{
        const char *s = kx_yaml_scalar(n);
        char *end = NULL, what[96];
        double v = 0;

        if (s && *s) {
                errno = 0;
                v = strtod(s, &end);
        }
        if (!s || !*s || *end || errno || !isfinite(v) || v < min || v > max) {
                snprintf(what, sizeof(what), "must be a number from %g to %g", min, max);
                return kx_yaml_fail(y, n, where, key, what);
        }
        *out = v;
        return 0;
}

/* The value at key into *n: 0 with *n NULL when absent, 0 with *n a scalar,
 * or the error for a value that is not a single one. */
static int field(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 yaml_node_t **n)
{
        *n = kx_yaml_get(y, map, key);
        if (*n && !kx_yaml_scalar(*n))
                return kx_yaml_fail(y, *n, where, key, "must be a single value");
        return 0;
}

/* Scalar n as a whole number in [min, max]. */
static int node_int(struct kx_yaml *y, yaml_node_t *n, const char *where, const char *key,
                    int64_t min, int64_t max, int64_t *out)
{
        const char *s = kx_yaml_scalar(n);
        char *end, what[96];
        long long v;

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

/* Scalar n as true/yes or false/no. */
static int node_bool(struct kx_yaml *y, yaml_node_t *n, const char *where, const char *key,
                     bool *out)
{
        const char *s = kx_yaml_scalar(n);

        if (!strcmp(s, "true") || !strcmp(s, "yes"))
                *out = true;
        else if (!strcmp(s, "false") || !strcmp(s, "no"))
                *out = false;
        else
                return kx_yaml_fail(y, n, where, key, "must be true or false");
        return 0;
}

int kx_yaml_int(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                int64_t min, int64_t max, int64_t *out)
{
        yaml_node_t *n;
        int rc = field(y, map, where, key, &n);

        return rc || !n ? rc : node_int(y, n, where, key, min, max, out);
}

int kx_yaml_double(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                   double min, double max, double *out)
{
        yaml_node_t *n;
        int rc = field(y, map, where, key, &n);

        return rc || !n ? rc : kx_yaml_node_double(y, n, where, key, min, max, out);
}

int kx_yaml_bool(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 bool *out)
{
        yaml_node_t *n;
        int rc = field(y, map, where, key, &n);

        return rc || !n ? rc : node_bool(y, n, where, key, out);
}

/* An optional field of map read by parse; see kx_yaml_node_parsed(). */
static int parsed(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                  kx_yaml_parse_fn parse, const char *what, int64_t *out)
{
        yaml_node_t *n;
        int rc = field(y, map, where, key, &n);

        return rc || !n ? rc : kx_yaml_node_parsed(y, n, where, key, parse, what, out);
}

int kx_yaml_duration(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                     int64_t *out)
{
        return parsed(y, map, where, key, kx_parse_retention,
                      "must be a duration (12h, 7d, 10y, infinite)", out);
}

int kx_yaml_bytes(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                  int64_t *out)
{
        return parsed(y, map, where, key, kx_parse_bytes, "must be a size (1MB, 450GB, 1TB)", out);
}

int kx_yaml_text(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 char **out)
{
        yaml_node_t *n;
        int rc = field(y, map, where, key, &n);

        if (rc || !n)
                return rc;
        free(*out);
        *out = kx_xstrdup(kx_yaml_scalar(n));
        return 0;
}
