/* yamlwalk.h - walk a libyaml document and report mistakes with file, line
 * and field.
 *
 * Load a document with kx_yaml_load(); the typed getters read an optional
 * key of a mapping (leaving *out untouched when the key is absent) and fail
 * with KX_ERR_CONFIG, "ORIGIN:LINE: field \"a.b.c\": what is wrong", when
 * the value has the wrong type or range. Field paths are built by the
 * caller ("teams.payments.quotas").
 */
#ifndef KX_YAMLWALK_H
#define KX_YAMLWALK_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

struct kx_yaml {
        yaml_document_t doc;
        const char *origin;   /* file name for messages; borrowed */
        struct kx_err *err;   /* where failures go; borrowed */
        bool loaded;
};

/* Parse text (len bytes) as one YAML document. KX_ERR_CONFIG naming origin
 * and line on a syntax error. Free with kx_yaml_done() either way. */
int kx_yaml_load(struct kx_yaml *y, const char *text, size_t len, const char *origin,
                 struct kx_err *err);
void kx_yaml_done(struct kx_yaml *y);

yaml_node_t *kx_yaml_root(struct kx_yaml *y);
yaml_node_t *kx_yaml_node(struct kx_yaml *y, int id);

/* The scalar's text, or NULL if n is not a scalar. */
const char *kx_yaml_scalar(const yaml_node_t *n);

/* Value of key in mapping map, or NULL. */
yaml_node_t *kx_yaml_get(struct kx_yaml *y, yaml_node_t *map, const char *key);

/* Set y->err to "ORIGIN:LINE: field \"where.key\": what" and return
 * KX_ERR_CONFIG. */
int kx_yaml_fail(struct kx_yaml *y, const yaml_node_t *n, const char *where, const char *key,
                 const char *what);

/* Fail on any key of map not in allowed (NULL-terminated): a typo must not
 * silently disable a rule. Also fails if map is not a mapping. */
int kx_yaml_only_keys(struct kx_yaml *y, yaml_node_t *map, const char *where,
                      const char *const *allowed);

/* Typed optional fields of map; see the file comment. */
int kx_yaml_int(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                int64_t min, int64_t max, int64_t *out);
int kx_yaml_double(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                   double min, double max, double *out);
int kx_yaml_bool(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 bool *out);
/* Durations as kx_parse_retention (KX_FOREVER for infinite/never). */
int kx_yaml_duration(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                     int64_t *out);
/* Sizes as kx_parse_bytes. */
int kx_yaml_bytes(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                  int64_t *out);
/* A copy of the text into *out (caller frees; replaces and frees an old one). */
int kx_yaml_text(struct kx_yaml *y, yaml_node_t *map, const char *where, const char *key,
                 char **out);

#endif
