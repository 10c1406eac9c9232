/* http.h - one JSON-over-HTTP request to a REST peer (Kafka Connect, a
 * schema registry), with libcurl and jansson.
 *
 * Every way a peer can fail becomes one clear error naming the URL:
 * unreachable, timed out, HTTP >= 400 (with the peer's own "message", the
 * {"error_code","message"} body both Connect and the Confluent registry
 * API send), or a body that is not JSON. Peer text in errors is sanitized;
 * the parsed JSON handed back is raw: sanitize before display.
 */
#ifndef KX_HTTP_H
#define KX_HTTP_H

#include "err.h"

#include <jansson.h>

struct kx_http_req {
        const char *method;          /* "GET", "POST", "PUT", "DELETE" */
        const char *path;            /* appended to the base URL */
        const char *body;            /* request body, or NULL (empty) */
        const char *content_type;    /* NULL: application/json */
        const char *conflict_hint;   /* appended to HTTP 409 errors, or NULL */
        int timeout_ms;
};

/* Send req to base_url. A JSON reply is parsed into *out (new reference,
 * NULL for an empty body) when out is not NULL. *http gets the status (0 if
 * none came back). Errors: KX_ERR_TIMEOUT; KX_ERR_PEER (unreachable, HTTP
 * >= 400, a body that is not JSON). */
int kx_http_json(const char *base_url, const struct kx_http_req *req, json_t **out, long *http,
                 struct kx_err *err);

/* path + "/" + name percent-escaped, into buf (always terminated). */
void kx_http_path(char *buf, size_t size, const char *prefix, const char *name, const char *suffix);

#endif
