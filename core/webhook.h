/* webhook.h - POST a JSON notification (libcurl), with bounded retries.
 *
 * A webhook URL may carry a secret (user:password@ or a ?token=...), so no
 * error message ever holds the URL as given: they name kx_webhook_redact's
 * form of it.
 */
#ifndef KX_WEBHOOK_H
#define KX_WEBHOOK_H

#include "err.h"

#include <jansson.h>
#include <stddef.h>

/* POST body (serialised compactly, Content-Type: application/json) to url,
 * once. Errors name the redacted URL: KX_ERR_PEER (unreachable, HTTP >=
 * 300), KX_ERR_TIMEOUT. The body is borrowed. */
int kx_webhook_post(const char *url, const json_t *body, int timeout_ms, struct kx_err *err);

struct kx_webhook_retry {
        int attempts;        /* >= 1 */
        int timeout_ms;      /* per attempt */
        int backoff_ms;      /* before the 2nd attempt, doubled before each later one */
};

/* POST with up to r->attempts tries: a failed connection, a timeout, HTTP
 * 5xx or 429 is tried again after the backoff; any other HTTP >= 300 is
 * final. Blocks at most attempts x timeout_ms plus the backoffs. *tries
 * gets the attempts made. The last error names the redacted URL and the
 * attempt count. */
int kx_webhook_post_retry(const char *url, const json_t *body, const struct kx_webhook_retry *r, int *tries,
                          struct kx_err *err);

/* url without its secrets into buf: "user:pass@" becomes "***@", a query
 * "?..." becomes "?***" (a fragment is dropped). Returns buf. */
const char *kx_webhook_redact(const char *url, char *buf, size_t size);

#endif
