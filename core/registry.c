/* registry.c - Confluent Schema Registry REST calls. */
#include "registry.h"
#include "http.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SR_CTYPE "application/vnd.schemaregistry.v1+json"
#define SR_CONFLICT "(the registry refused it as incompatible)"

static int call(const char *url, const char *method, const char *path, const char *body,
                int timeout_ms, json_t **out, long *http, struct kx_err *err)
{
        struct kx_http_req req = {
                .method = method,
                .path = path,
                .body = body,
                .content_type = SR_CTYPE,
                .conflict_hint = SR_CONFLICT,
                .timeout_ms = timeout_ms,
        };
        int rc = kx_http_json(url, &req, out, http, err);

        if (rc && *http == 404 && err)
                err->code = rc = KX_ERR_NOT_FOUND;
        if (rc && *http == 409 && err)
                err->code = rc = KX_ERR_REFUSED;
        return rc;
}

/* A reply that is not of the expected JSON shape. */
static int shape(json_t *doc, const char *url, const char *path, const char *want,
                 struct kx_err *err)
{
        json_decref(doc);
        return kx_err_set(err, KX_ERR_PEER, "%s%s: expected %s in the reply", url, path, want);
}

void kx_schema_free(struct kx_schema *s)
{
        free(s->schema);
        s->schema = NULL;
}

int kx_registry_subjects(const char *url, bool deleted, int timeout_ms, json_t **names,
                         struct kx_err *err)
{
        const char *path = deleted ? "/subjects?deleted=true" : "/subjects";
        long http;
        int rc = call(url, "GET", path, NULL, timeout_ms, names, &http, err);

        if (!rc && !json_is_array(*names)) {
                rc = shape(*names, url, path, "a JSON array of subjects", err);
                *names = NULL;
        }
        return rc;
}

int kx_registry_versions(const char *url, const char *subject, bool deleted, int timeout_ms,
                         json_t **versions, struct kx_err *err)
{
        char path[1024];
        json_t *v;
        size_t i;
        long http;
        int rc;

        kx_http_path(path, sizeof(path), "/subjects", subject,
                     deleted ? "/versions?deleted=true" : "/versions");
        rc = call(url, "GET", path, NULL, timeout_ms, versions, &http, err);
        if (rc)
                return rc;
        json_array_foreach(*versions, i, v) {
                if (!json_is_integer(v))
                        break;
        }
        if (!json_is_array(*versions) || i < json_array_size(*versions)) {
                rc = shape(*versions, url, path, "a JSON array of version numbers", err);
                *versions = NULL;
        }
        return rc;
}

int kx_registry_get(const char *url, const char *subject, int version, int timeout_ms,
                    struct kx_schema *out, struct kx_err *err)
{
        char path[1024], suffix[64];
        json_t *doc;
        const char *schema, *type;
        long http;
        int rc;

        memset(out, 0, sizeof(*out));
        if (version == KX_REGISTRY_LATEST)
                snprintf(suffix, sizeof(suffix), "/versions/latest");
        else
                snprintf(suffix, sizeof(suffix), "/versions/%d", version);
        kx_http_path(path, sizeof(path), "/subjects", subject, suffix);
        rc = call(url, "GET", path, NULL, timeout_ms, &doc, &http, err);
        if (rc)
                return rc;
        schema = json_string_value(json_object_get(doc, "schema"));
        if (!schema || !json_is_integer(json_object_get(doc, "version")) ||
            !json_is_integer(json_object_get(doc, "id")))
                return shape(doc, url, path, "schema, version and id", err);
        type = json_string_value(json_object_get(doc, "schemaType"));
        snprintf(out->subject, sizeof(out->subject), "%s", subject);
        snprintf(out->type, sizeof(out->type), "%s", type ? type : "AVRO");
        out->version = (int)json_integer_value(json_object_get(doc, "version"));
        out->id = (int)json_integer_value(json_object_get(doc, "id"));
        out->schema = kx_xstrdup(schema);
        json_decref(doc);
        return 0;
}

static void config_path(char *path, size_t size, const char *subject)
{
        if (subject)
                kx_http_path(path, size, "/config", subject, "");
        else
                snprintf(path, size, "/config");
}

int kx_registry_compat_get(const char *url, const char *subject, int timeout_ms, char *level,
                           size_t size, bool *from_global, struct kx_err *err)
{
        char path[1024];
        json_t *doc;
        const char *v;
        long http;
        int rc;

        if (from_global)
                *from_global = !subject;
        config_path(path, sizeof(path), subject);
        rc = call(url, "GET", path, NULL, timeout_ms, &doc, &http, err);
        if (rc == KX_ERR_NOT_FOUND && subject) {
                /* No level of its own (Confluent: 40408): the global one. */
                kx_err_clear(err);
                if (from_global)
                        *from_global = true;
                return kx_registry_compat_get(url, NULL, timeout_ms, level, size, NULL, err);
        }
        if (rc)
                return rc;
        v = json_string_value(json_object_get(doc, "compatibilityLevel"));
        if (!v)
                v = json_string_value(json_object_get(doc, "compatibility"));
        if (!v)
                return shape(doc, url, path, "compatibilityLevel", err);
        snprintf(level, size, "%s", v);
        json_decref(doc);
        return 0;
}

int kx_registry_compat_set(const char *url, const char *subject, const char *level,
                           int timeout_ms, struct kx_err *err)
{
        char path[1024], *body;
        json_t *doc = json_pack("{s:s}", "compatibility", level), *reply = NULL;
        long http;
        int rc;

        config_path(path, sizeof(path), subject);
        body = json_dumps(doc, JSON_COMPACT);
        rc = call(url, "PUT", path, body, timeout_ms, &reply, &http, err);
        free(body);
        json_decref(doc);
        json_decref(reply);
        return rc;
}

static char *schema_body(const char *schema, const char *type)
{
        json_t *doc = json_pack("{s:s}", "schema", schema);
        char *body;

        if (type && strcmp(type, "AVRO"))
                json_object_set_new(doc, "schemaType", json_string(type));
        body = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        return body;
}

int kx_registry_check(const char *url, const char *subject, int version, const char *schema,
                      const char *type, int timeout_ms, bool *compatible, struct kx_err *err)
{
        char path[1024], suffix[64], *body = schema_body(schema, type);
        json_t *doc, *v;
        long http;
        int rc;

        if (version == KX_REGISTRY_LATEST)
                snprintf(suffix, sizeof(suffix), "/versions/latest");
        else
                snprintf(suffix, sizeof(suffix), "/versions/%d", version);
        kx_http_path(path, sizeof(path), "/compatibility/subjects", subject, suffix);
        rc = call(url, "POST", path, body, timeout_ms, &doc, &http, err);
        free(body);
        if (rc)
                return rc;
        v = json_object_get(doc, "is_compatible");
        if (!json_is_boolean(v))
                return shape(doc, url, path, "is_compatible", err);
        *compatible = json_is_true(v);
        json_decref(doc);
        return 0;
}

int kx_registry_register(const char *url, const char *subject, const char *schema,
                         const char *type, int timeout_ms, int *id, struct kx_err *err)
{
        char path[1024], *body = schema_body(schema, type);
        json_t *doc;
        long http;
        int rc;

        kx_http_path(path, sizeof(path), "/subjects", subject, "/versions");
        rc = call(url, "POST", path, body, timeout_ms, &doc, &http, err);
        free(body);
        if (rc)
                return rc;
        if (!json_is_integer(json_object_get(doc, "id")))
                return shape(doc, url, path, "id", err);
        *id = (int)json_integer_value(json_object_get(doc, "id"));
        json_decref(doc);
        return 0;
}

int kx_registry_delete_version(const char *url, const char *subject, int version, bool permanent,
                               int timeout_ms, struct kx_err *err)
{
        char path[1024], suffix[80];
        json_t *doc = NULL;
        long http;
        int rc;

        snprintf(suffix, sizeof(suffix), "/versions/%d%s", version, permanent ? "?permanent=true" : "");
        kx_http_path(path, sizeof(path), "/subjects", subject, suffix);
        rc = call(url, "DELETE", path, NULL, timeout_ms, &doc, &http, err);
        json_decref(doc);
        if (rc == KX_ERR_PEER && http >= 400 && http < 500 && err)
                err->code = rc = KX_ERR_REFUSED; /* the registry does not allow it */
        return rc;
}

int kx_registry_lookup(const char *url, const char *subject, const char *schema, const char *type,
                       int timeout_ms, struct kx_schema *out, struct kx_err *err)
{
        char path[1024], *body = schema_body(schema, type);
        json_t *doc;
        long http;
        int rc;

        memset(out, 0, sizeof(*out));
        kx_http_path(path, sizeof(path), "/subjects", subject, "");
        rc = call(url, "POST", path, body, timeout_ms, &doc, &http, err);
        free(body);
        if (rc)
                return rc;
        if (!json_is_integer(json_object_get(doc, "version")) || !json_is_integer(json_object_get(doc, "id")))
                return shape(doc, url, path, "version and id", err);
        snprintf(out->subject, sizeof(out->subject), "%s", subject);
        snprintf(out->type, sizeof(out->type), "%s", type ? type : "AVRO");
        out->version = (int)json_integer_value(json_object_get(doc, "version"));
        out->id = (int)json_integer_value(json_object_get(doc, "id"));
        json_decref(doc);
        return 0;
}

int kx_registry_schema_by_id(const char *url, int id, int timeout_ms, char **schema,
                             struct kx_err *err)
{
        char path[64];
        json_t *doc;
        const char *text;
        long http;
        int rc;

        *schema = NULL;
        snprintf(path, sizeof(path), "/schemas/ids/%d", id);
        rc = call(url, "GET", path, NULL, timeout_ms, &doc, &http, err);
        if (rc)
                return rc;
        text = json_string_value(json_object_get(doc, "schema"));
        if (!text)
                return shape(doc, url, path, "schema", err);
        *schema = kx_xstrdup(text);
        json_decref(doc);
        return 0;
}

bool kx_registry_subject_of_topic(const char *subject, const char *topic)
{
        size_t n = strlen(topic);

        return !strncmp(subject, topic, n) &&
               (!strcmp(subject + n, "-key") || !strcmp(subject + n, "-value"));
}
