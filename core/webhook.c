/* webhook.c - JSON POST with libcurl, retried with a bounded backoff. */
#include "webhook.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t discard(char *ptr, size_t size, size_t n, void *ctx)
{
        (void)ptr, (void)ctx;
        return size * n;
}

const char *kx_webhook_redact(const char *url, char *buf, size_t size)
{
        const char *scheme = strstr(url, "://");
        const char *host = scheme ? scheme + 3 : url;
        size_t auth_end = strcspn(host, "/?#");
        const char *at = memchr(host, '@', auth_end);
        size_t path_len;

        if (at)
                snprintf(buf, size, "%.*s***@", (int)(host - url), url);
        else
                snprintf(buf, size, "%.*s", (int)(host - url), url);
        host = at ? at + 1 : host;
        path_len = strcspn(host, "?#");
        snprintf(buf + strlen(buf), size - strlen(buf), "%.*s%s", (int)path_len, host,
                 host[path_len] == '?' ? "?***" : "");
        return buf;
}

/* One POST; *retry tells whether a later attempt may succeed. */
static int post_once(const char *url, const char *shown, const char *text, int timeout_ms, bool *retry,
                     struct kx_err *err)
{
        struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
        CURL *c = curl_easy_init();
        CURLcode cc;
        long http = 0;
        int rc = 0;

        *retry = false;
        if (!c || !text || !hdr) {
                rc = kx_err_set(err, KX_ERR_NOMEM, "webhook %s: cannot prepare the request", shown);
                goto out;
        }
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, text);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        cc = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
        if (cc == CURLE_OPERATION_TIMEDOUT) {
                rc = kx_err_set(err, KX_ERR_TIMEOUT, "webhook %s: timed out after %d ms", shown, timeout_ms);
                *retry = true;
        } else if (cc != CURLE_OK) {
                rc = kx_err_set(err, KX_ERR_PEER, "webhook %s: %s", shown, curl_easy_strerror(cc));
                *retry = true;
        } else if (http >= 300) {
                rc = kx_err_set(err, KX_ERR_PEER, "webhook %s: HTTP %ld", shown, http);
                *retry = http >= 500 || http == 429;
        }
out:
        if (c)
                curl_easy_cleanup(c);
        curl_slist_free_all(hdr);
        return rc;
}

int kx_webhook_post(const char *url, const json_t *body, int timeout_ms, struct kx_err *err)
{
        struct kx_webhook_retry once = {1, timeout_ms, 0};
        int tries;

        return kx_webhook_post_retry(url, body, &once, &tries, err);
}

int kx_webhook_post_retry(const char *url, const json_t *body, const struct kx_webhook_retry *r, int *tries,
                          struct kx_err *err)
{
        char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
        char shown[512];
        long backoff = r->backoff_ms;
        bool retry = true;
        int rc = 0;

        kx_webhook_redact(url, shown, sizeof(shown));
        for (*tries = 0; *tries < (r->attempts > 0 ? r->attempts : 1) && retry; ) {
                if (*tries > 0 && backoff > 0) {
                        struct timespec ts = {backoff / 1000, (backoff % 1000) * 1000000L};

                        nanosleep(&ts, NULL);
                        backoff *= 2;
                }
                ++*tries;
                if (!(rc = post_once(url, shown, text, r->timeout_ms, &retry, err)))
                        break;
        }
        if (rc && *tries > 1) {
                char msg[sizeof(err->msg) + 48];

                snprintf(msg, sizeof(msg), "%s (after %d attempts)", err->msg, *tries);
                kx_err_set(err, rc, "%s", msg);
        }
        free(text);
        return rc;
}
