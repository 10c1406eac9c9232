/* yamlwalk.h - walk a libyaml document and report mistakes with file, line
 * and field.
 *
 * Load a document with kx_yaml_load(); the typed getters read an optional
 * key of a mapping (leaving *out untouched when the key is absent) and fail
 * with KX_ERR_CONFIG, "ORIGIN:LINE: field \"a.b.c\": what is wrong", when
 * the value has the wrong type or range. Field paths are built by the
 * caller ("teams.payments.quotas") or by the walkers (kx_yaml_each_pair,
 * kx_yaml_each_item: "alerts[0].burn"). The kx_yaml_node_* readers take a
 * value already in hand (a list item, a walked pair) instead of a key.
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
 * and line on a syntax error. An empty document is fine here (its root is
 * NULL). Free with kx_yaml_done() either way. */
int kx_yaml_parse(struct kx_yaml *y, const char *text, size_t len, const char *origin,
                  struct kx_err *err);
/* kx_yaml_parse() that also refuses an empty document ("ORIGIN:1: empty
 * document"). Free with kx_yaml_done() either way. */
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
 * KX_ERR_CONFIG. Either part may be "" ("where", "key"); both "" names the
 * document itself, "(top)". LINE is n's line, 0 for a NULL n. */
int kx_yaml_fail(struct kx_yaml *y, const yaml_node_t *n, const char *where, const char *key,
                 const char *what);

/* Called for one mapping value or sequence item: idx is the key's index in
 * the allowed list (kx_yaml_each_pair) or the item's position
 * (kx_yaml_each_item); field is its path ("where.key", "where[3]"), valid
 * during the call. Returns 0 to go on, or an error code that stops the walk. */
typedef int (*kx_yaml_visit_fn)(struct kx_yaml *y, int idx, yaml_node_t *val, const char *field,
                                void *ctx);

/* Walk map's pairs in document order and call fn (may be NULL) for each.
 * A key not in allowed (NULL-terminated) fails with "unknown field": a typo
 * must not silently disable a rule. Fails if map is not a mapping. Returns 0
 * or the first error (fn's own, or KX_ERR_CONFIG). */
int kx_yaml_each_pair(struct kx_yaml *y, yaml_node_t *map, const char *where,
                      const char *const *allowed, kx_yaml_visit_fn fn, void *ctx);

/* kx_yaml_each_pair() without a callback: only check the keys. */
int kx_yaml_only_keys(struct kx_yaml *y, yaml_node_t *map, const char *where,
                      const char *const *allowed);

/* Items in sequence n; 0 when n is NULL or not a sequence. */
int kx_yaml_items(const yaml_node_t *n);

/* Call fn for each item of sequence seq with field "where[i]". Fails with
 * "must be a list" when seq is not a sequence; otherwise returns 0 or fn's
 * first nonzero result. */
int kx_yaml_each_item(struct kx_yaml *y, yaml_node_t *seq, const char *where,
                      kx_yaml_visit_fn fn, void *ctx);

/* Reads text into *out; nonzero when the text is not valid (err may be
 * NULL or filled; callers name the field themselves). */
typedef int (*kx_yaml_parse_fn)(const char *text, int64_t *out, struct kx_err *err);

/* Node n itself (a value already found, e.g. a list item) read by parse:
 * n not a scalar, or parse refusing its text, fails with "field
 * \"where.key\": what" at n's line. *out is set only on success. */
int kx_yaml_node_parsed(struct kx_yaml *y, yaml_node_t *n, const char *where, const char *key,
                        kx_yaml_parse_fn parse, const char *what, int64_t *out);
/* Node n as a finite number in [min, max]; anything else (a list, empty
 * text, junk, out of range) fails with "must be a number from MIN to MAX". */
int kx_yaml_node_double(struct kx_yaml *y, yaml_node_t *n, const char *where, const char *key,
                        double min, double max, double *out);

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
