/* prometheus.c - Prometheus instant queries (see prometheus.h). */
#include "prometheus.h"
#include "connect.h"
#include "sanitize.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sample of a vector/scalar result: [time, "value"]. */
static int sample_value(const char *url, json_t *pair, double *value, struct kx_err *err)
{
        const char *text = json_string_value(json_array_get(pair, 1));
        char *end;

        if (!text)
                return kx_err_set(err, KX_ERR_PEER, "prometheus at %s: a sample is not [time, \"value\"]",
                                  url);
        *value = strtod(text, &end);
        if (*end)
                return kx_err_set(err, KX_ERR_PEER, "prometheus at %s: a sample value is not a number",
                                  url);
        return 0;
}

/* Check the answer's status and give its data.result and resultType. */
static int check_answer(const char *url, json_t *doc, json_t **result, const char **type, struct kx_err *err)
{
        json_t *data = json_object_get(doc, "data");
        const char *status = json_string_value(json_object_get(doc, "status"));
        char clean[200];

        *type = json_string_value(json_object_get(data, "resultType"));
        *result = json_object_get(data, "result");
        if (status && !strcmp(status, "error")) {
                const char *msg = json_string_value(json_object_get(doc, "error"));

                kx_sanitize(clean, sizeof(clean), msg ? msg : "", msg ? strlen(msg) : 0);
                return kx_err_set(err, KX_ERR_PEER, "prometheus at %s: query failed: %s", url, clean);
        }
        if (!status || strcmp(status, "success") || !*type)
                return kx_err_set(err, KX_ERR_PEER, "prometheus at %s: the answer is not Prometheus "
                                  "API JSON (no status/data.resultType)", url);
        return 0;
}

static int parse_answer(const char *url, json_t *doc, double *value, bool *found, struct kx_err *err)
{
        json_t *result;
        const char *type;
        int rc = check_answer(url, doc, &result, &type, err);

        if (rc)
                return rc;
        if (!strcmp(type, "scalar")) {
                *found = true;
                return sample_value(url, result, value, err);
        }
        if (strcmp(type, "vector") || !json_is_array(result))
                return kx_err_set(err, KX_ERR_PEER, "prometheus at %s: expected a vector result, got %s",
                                  url, type);
        if (json_array_size(result) == 0)
                return 0;
        *found = true;
        return sample_value(url, json_object_get(json_array_get(result, 0), "value"), value, err);
}

/* GET /api/v1/query for promql at at_ms into *doc (new reference). */
static int fetch(const struct kx_prom *p, const char *promql, int64_t at_ms, json_t **doc, struct kx_err *err)
{
        CURL *curl = curl_easy_init();
        char *q, path[4096], at[48] = "";
        long http = 0;
        struct kx_err cerr;
        int rc;

        *doc = NULL;
        if (!curl)
                return kx_err_set(err, KX_ERR_NOMEM, "curl_easy_init failed");
        q = curl_easy_escape(curl, promql, 0);
        if (at_ms > 0)
                snprintf(at, sizeof(at), "&time=%lld.%03lld", (long long)(at_ms / 1000),
                         (long long)(at_ms % 1000));
        snprintf(path, sizeof(path), "/api/v1/query?query=%s%s", q ? q : "", at);
        curl_free(q);
        curl_easy_cleanup(curl);
        rc = kx_connect_call(p->url, "GET", path, p->timeout_ms, doc, &http, &cerr);
        if (rc == KX_ERR_TIMEOUT)
                return kx_err_set(err, rc, "prometheus at %s: no answer within %.1f s", p->url,
                                  p->timeout_ms / 1000.0);
        if (rc) {
                /* cerr names the whole query URL; keep the reason after it */
                const char *why = strstr(cerr.msg, path);

                why = why && strncmp(why + strlen(path), ": ", 2) == 0 ? why + strlen(path) + 2 : cerr.msg;
                return kx_err_set(err, rc, "prometheus at %s: %s", p->url, why);
        }
        return 0;
}

int kx_prom_query(const struct kx_prom *p, const char *promql, int64_t at_ms, double *value,
                  bool *found, struct kx_err *err)
{
        json_t *doc;
        int rc;

        *value = 0;
        *found = false;
        if ((rc = fetch(p, promql, at_ms, &doc, err)))
                return rc;
        rc = parse_answer(p->url, doc, value, found, err);
        json_decref(doc);
        return rc;
}

int kx_prom_query_vector(const struct kx_prom *p, const char *promql, int64_t at_ms, kx_prom_series_fn fn,
                         void *ctx, struct kx_err *err)
{
        json_t *doc, *result, *series;
        const char *type;
        size_t i;
        int rc;

        if ((rc = fetch(p, promql, at_ms, &doc, err)))
                return rc;
        rc = check_answer(p->url, doc, &result, &type, err);
        if (!rc && (strcmp(type, "vector") || !json_is_array(result)))
                rc = kx_err_set(err, KX_ERR_PEER, "prometheus at %s: expected a vector result, got %s", p->url,
                                type);
        json_array_foreach(result, i, series) {
                json_t *metric = json_object_get(series, "metric");
                double value;

                if (rc)
                        break;
                if (!json_is_object(metric)) {
                        rc = kx_err_set(err, KX_ERR_PEER, "prometheus at %s: a series has no metric labels", p->url);
                        break;
                }
                if (!(rc = sample_value(p->url, json_object_get(series, "value"), &value, err)))
                        rc = fn(metric, value, ctx, err);
        }
        json_decref(doc);
        return rc;
}
