/* webhook.c - JSON POST with libcurl. */
#include "webhook.h"

#include <curl/curl.h>
#include <stdlib.h>

static size_t discard(char *ptr, size_t size, size_t n, void *ctx)
{
        (void)ptr, (void)ctx;
        return size * n;
}

int kx_webhook_post(const char *url, const json_t *body, int timeout_ms, struct kx_err *err)
{
        char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
        struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
        CURL *c = curl_easy_init();
        CURLcode cc;
        long http = 0;
        int rc = 0;

        if (!c || !text || !hdr) {
                rc = kx_err_set(err, KX_ERR_NOMEM, "webhook %s: cannot prepare the request", url);
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
        if (cc == CURLE_OPERATION_TIMEDOUT)
                rc = kx_err_set(err, KX_ERR_TIMEOUT, "webhook %s: timed out after %d ms", url, timeout_ms);
        else if (cc != CURLE_OK)
                rc = kx_err_set(err, KX_ERR_PEER, "webhook %s: %s", url, curl_easy_strerror(cc));
        else if (http >= 300)
                rc = kx_err_set(err, KX_ERR_PEER, "webhook %s: HTTP %ld", url, http);
out:
        if (c)
                curl_easy_cleanup(c);
        curl_slist_free_all(hdr);
        free(text);
        return rc;
}
