/* http.c - JSON over HTTP with clear failures. */
#include "http.h"
#include "sanitize.h"
#include "xalloc.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct body {
        char *data;
        size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *arg)
{
        struct body *b = arg;
        size_t n = size * nmemb;

        if (b->len + n > 8 * 1024 * 1024)
                return 0; /* REST replies here are small: refuse a flood */
        b->data = kx_xrealloc(b->data, b->len + n + 1);
        memcpy(b->data + b->len, ptr, n);
        b->len += n;
        b->data[b->len] = '\0';
        return n;
}

/* "URL: HTTP 500: message", the message from {"error_code","message"} or
 * the start of the body. */
static int http_error(const char *url, long http, const char *text, const char *hint,
                      struct kx_err *err)
{
        json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
        const char *msg = json_string_value(json_object_get(doc, "message"));
        char clean[200];

        if (!msg)
                msg = text ? text : "";
        kx_sanitize(clean, sizeof(clean), msg, strlen(msg));
        kx_err_set(err, KX_ERR_PEER, "%s: HTTP %ld%s%s%s%s", url, http,
                   http == 409 && hint ? " " : "", http == 409 && hint ? hint : "",
                   clean[0] ? ": " : "", clean);
        json_decref(doc);
        return KX_ERR_PEER;
}

int kx_http_json(const char *base_url, const struct kx_http_req *req, json_t **out, long *http,
                 struct kx_err *err)
{
        char url[2048], ctype[160];
        struct body b = {0};
        struct curl_slist *hdrs = NULL;
        CURL *curl = curl_easy_init();
        CURLcode cc;
        int rc = 0;

        if (out)
                *out = NULL;
        *http = 0;
        if (!curl)
                return kx_err_set(err, KX_ERR_NOMEM, "curl_easy_init failed");
        snprintf(url, sizeof(url), "%s%s", base_url, req->path);
        snprintf(ctype, sizeof(ctype), "Content-Type: %s",
                 req->content_type ? req->content_type : "application/json");
        hdrs = curl_slist_append(hdrs, "Accept: application/json");
        hdrs = curl_slist_append(hdrs, ctype);
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)req->timeout_ms);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         (long)(req->timeout_ms < 3000 ? req->timeout_ms : 3000));
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
        if (req->body || !strcmp(req->method, "POST") || !strcmp(req->method, "PUT"))
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body ? req->body : "");
        cc = curl_easy_perform(curl);
        if (cc != CURLE_OK) {
                rc = kx_err_set(err, cc == CURLE_OPERATION_TIMEDOUT ? KX_ERR_TIMEOUT : KX_ERR_PEER,
                                "%s: %s", url, curl_easy_strerror(cc));
                goto out;
        }
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, http);
        if (*http >= 400) {
                rc = http_error(url, *http, b.data, req->conflict_hint, err);
                goto out;
        }
        if (out && b.len) {
                json_error_t jerr;
                char clean[80];

                *out = json_loadb(b.data, b.len, JSON_DECODE_ANY, &jerr);
                if (!*out) {
                        kx_sanitize(clean, sizeof(clean), b.data, b.len < 60 ? b.len : 60);
                        rc = kx_err_set(err, KX_ERR_PEER, "%s: not JSON (%s) near \"%s\"", url,
                                        jerr.text, clean);
                }
        }
out:
        free(b.data);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(curl);
        return rc;
}

void kx_http_path(char *buf, size_t size, const char *prefix, const char *name, const char *suffix)
{
        char *escaped = curl_easy_escape(NULL, name, 0);

        snprintf(buf, size, "%s/%s%s", prefix, escaped ? escaped : "", suffix);
        curl_free(escaped);
}
