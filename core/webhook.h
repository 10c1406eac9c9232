/* webhook.h - POST a JSON notification (libcurl). */
#ifndef KX_WEBHOOK_H
#define KX_WEBHOOK_H

#include "err.h"

#include <jansson.h>

/* POST body (serialised compactly, Content-Type: application/json) to url.
 * Errors name the URL: KX_ERR_PEER (unreachable, HTTP >= 300),
 * KX_ERR_TIMEOUT. The body is borrowed. */
int kx_webhook_post(const char *url, const json_t *body, int timeout_ms, struct kx_err *err);

#endif
