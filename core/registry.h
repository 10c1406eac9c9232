/* registry.h - a Confluent Schema Registry REST client (libcurl + jansson),
 * tested against Apicurio Registry's ccompat API (/apis/ccompat/v7).
 *
 * url is the API base, e.g. http://registry:8081 or
 * http://apicurio:8080/apis/ccompat/v7. Every call has a timeout and fails
 * with one clear error naming the URL (see http.h): unreachable
 * (KX_ERR_PEER), timed out (KX_ERR_TIMEOUT), HTTP 5xx or garbage JSON
 * (KX_ERR_PEER), unknown subject or version (KX_ERR_NOT_FOUND), a schema the
 * registry refuses as incompatible, HTTP 409 (KX_ERR_REFUSED). Strings from
 * the registry are raw: sanitize them before display.
 */
#ifndef KX_REGISTRY_H
#define KX_REGISTRY_H

#include "err.h"

#include <jansson.h>
#include <stdbool.h>

#define KX_REGISTRY_LATEST (-1)

/* One schema version of a subject. Filled by kx_registry_get; free the
 * strings with kx_schema_free. */
struct kx_schema {
        char subject[256];
        int version;
        int id;                  /* the registry-wide schema id */
        char type[16];           /* AVRO, JSON, PROTOBUF */
        char *schema;            /* the schema text (owned) */
};

void kx_schema_free(struct kx_schema *s);

/* Subject names: a new JSON array of strings. deleted: include
 * soft-deleted subjects. */
int kx_registry_subjects(const char *url, bool deleted, int timeout_ms, json_t **names,
                         struct kx_err *err);

/* Version numbers of subject (a new JSON array of integers, ascending).
 * deleted: include soft-deleted ones. KX_ERR_NOT_FOUND: no such subject. */
int kx_registry_versions(const char *url, const char *subject, bool deleted, int timeout_ms,
                         json_t **versions, struct kx_err *err);

/* Version version (or KX_REGISTRY_LATEST) of subject into *out. */
int kx_registry_get(const char *url, const char *subject, int version, int timeout_ms,
                    struct kx_schema *out, struct kx_err *err);

/* The compatibility level (BACKWARD, NONE, ...) of subject, or the global
 * one when subject is NULL, into level. For a subject without a level of
 * its own, the global one is given and *from_global (may be NULL) is set. */
int kx_registry_compat_get(const char *url, const char *subject, int timeout_ms, char *level,
                           size_t size, bool *from_global, struct kx_err *err);

/* Set subject's (NULL: the global) compatibility level. */
int kx_registry_compat_set(const char *url, const char *subject, const char *level,
                           int timeout_ms, struct kx_err *err);

/* Would schema (of type type, NULL for AVRO) be compatible with version
 * (KX_REGISTRY_LATEST for the latest) of subject? *compatible gets the
 * registry's answer. */
int kx_registry_check(const char *url, const char *subject, int version, const char *schema,
                      const char *type, int timeout_ms, bool *compatible, struct kx_err *err);

/* Register schema under subject; *id gets its schema id. An existing
 * identical schema gets its existing id and no new version. KX_ERR_REFUSED
 * (with the registry's reason) when it is incompatible (HTTP 409). */
int kx_registry_register(const char *url, const char *subject, const char *schema,
                         const char *type, int timeout_ms, int *id, struct kx_err *err);

/* Delete version of subject: a soft delete, or a hard (permanent) one,
 * which Confluent allows only after a soft delete. KX_ERR_REFUSED when the
 * registry answers 4xx other than 404 (deletion not allowed there). */
int kx_registry_delete_version(const char *url, const char *subject, int version, bool permanent,
                               int timeout_ms, struct kx_err *err);

/* Is schema registered under subject (a live version)? Fills *out with
 * its version and id (out->schema left NULL). KX_ERR_NOT_FOUND if not. */
int kx_registry_lookup(const char *url, const char *subject, const char *schema, const char *type,
                       int timeout_ms, struct kx_schema *out, struct kx_err *err);

/* The schema text of schema id id (what a consumer resolves from a
 * record's header), a new string into *schema. */
int kx_registry_schema_by_id(const char *url, int id, int timeout_ms, char **schema,
                             struct kx_err *err);

/* True if subject belongs to topic under the default TopicNameStrategy
 * ("TOPIC-key" or "TOPIC-value"). */
bool kx_registry_subject_of_topic(const char *subject, const char *topic);

#endif
