/* connect.c - Kafka Connect REST calls with clear failures. */
#include "connect.h"
#include "kafka.h"
#include "sanitize.h"
#include "xalloc.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct body {
        char *data;
        size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *arg)
{
        struct body *b = arg;
        size_t n = size * nmemb;

        if (b->len + n > 4 * 1024 * 1024)
                return 0; /* a status page is small: refuse a flood */
        b->data = kx_xrealloc(b->data, b->len + n + 1);
        memcpy(b->data + b->len, ptr, n);
        b->len += n;
        b->data[b->len] = '\0';
        return n;
}

/* "HTTP 500 from URL: message" using Connect's {"error_code","message"}. */
static int http_error(const char *url, long http, const char *text, struct kx_err *err)
{
        json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
        const char *msg = json_string_value(json_object_get(doc, "message"));
        char clean[200];

        kx_sanitize(clean, sizeof(clean), msg ? msg : (text ? text : ""), strlen(msg ? msg : (text ? text : "")));
        kx_err_set(err, KX_ERR_PEER, "%s: HTTP %ld%s%s%s", url, http,
                   http == 409 ? " (the Connect worker is rebalancing; try again)" : "",
                   clean[0] ? ": " : "", clean);
        json_decref(doc);
        return KX_ERR_PEER;
}

int kx_connect_call(const char *base_url, const char *method, const char *path, int timeout_ms,
                    json_t **out, long *http, struct kx_err *err)
{
        char url[2048];
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
        snprintf(url, sizeof(url), "%s%s", base_url, path);
        hdrs = curl_slist_append(hdrs, "Accept: application/json");
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout_ms < 3000 ? timeout_ms : 3000));
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
        if (!strcmp(method, "POST") || !strcmp(method, "PUT"))
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        cc = curl_easy_perform(curl);
        if (cc != CURLE_OK) {
                rc = kx_err_set(err, cc == CURLE_OPERATION_TIMEDOUT ? KX_ERR_TIMEOUT : KX_ERR_PEER,
                                "%s: %s", url, curl_easy_strerror(cc));
                goto out;
        }
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, http);
        if (*http >= 400) {
                rc = http_error(url, *http, b.data, err);
                goto out;
        }
        if (out && b.len) {
                json_error_t jerr;
                char clean[80];

                *out = json_loadb(b.data, b.len, 0, &jerr);
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

int kx_connect_list(const char *base_url, int timeout_ms, json_t **names, struct kx_err *err)
{
        long http;
        int rc = kx_connect_call(base_url, "GET", "/connectors", timeout_ms, names, &http, err);

        if (!rc && !json_is_array(*names)) {
                json_decref(*names);
                *names = NULL;
                rc = kx_err_set(err, KX_ERR_PEER, "%s/connectors: expected a JSON array", base_url);
        }
        return rc;
}

static void path_for(char *buf, size_t size, const char *name, const char *suffix)
{
        char *escaped = curl_easy_escape(NULL, name, 0);

        snprintf(buf, size, "/connectors/%s%s", escaped ? escaped : "", suffix);
        curl_free(escaped);
}

int kx_connect_status(const char *base_url, const char *name, int timeout_ms,
                      struct kx_connector_state *out, struct kx_err *err)
{
        char path[1024];
        json_t *doc = NULL, *tasks, *task;
        long http;
        size_t i;
        const char *state;
        int rc;

        memset(out, 0, sizeof(*out));
        path_for(path, sizeof(path), name, "/status");
        rc = kx_connect_call(base_url, "GET", path, timeout_ms, &doc, &http, err);
        if (rc && http == 404)
                return kx_err_set(err, KX_ERR_NOT_FOUND, "no connector \"%s\" on %s", name, base_url);
        if (rc)
                return rc;
        state = json_string_value(json_object_get(json_object_get(doc, "connector"), "state"));
        tasks = json_object_get(doc, "tasks");
        if (!state || !json_is_array(tasks)) {
                json_decref(doc);
                return kx_err_set(err, KX_ERR_PEER, "%s%s: no connector.state or tasks[] in the reply",
                                  base_url, path);
        }
        snprintf(out->name, sizeof(out->name), "%s", name);
        snprintf(out->state, sizeof(out->state), "%s", state);
        snprintf(out->type, sizeof(out->type), "%s",
                 json_string_value(json_object_get(doc, "type")) ? json_string_value(json_object_get(doc, "type")) : "");
        json_array_foreach(tasks, i, task) {
                const char *ts = json_string_value(json_object_get(task, "state"));
                const char *trace = json_string_value(json_object_get(task, "trace"));

                out->task_cnt++;
                out->tasks_running += ts && !strcmp(ts, "RUNNING");
                out->tasks_failed += ts && !strcmp(ts, "FAILED");
                if (trace && !out->first_trace[0])
                        snprintf(out->first_trace, sizeof(out->first_trace), "%.*s",
                                 (int)strcspn(trace, "\n"), trace);
        }
        json_decref(doc);
        return 0;
}

int kx_connect_pause(const char *base_url, const char *name, bool pause, int timeout_ms,
                     struct kx_err *err)
{
        char path[1024];
        long http;

        path_for(path, sizeof(path), name, pause ? "/pause" : "/resume");
        return kx_connect_call(base_url, "PUT", path, timeout_ms, NULL, &http, err);
}

int kx_connect_restart(const char *base_url, const char *name, bool include_tasks,
                       bool only_failed, int timeout_ms, struct kx_err *err)
{
        char path[1024], suffix[80];
        long http;

        snprintf(suffix, sizeof(suffix), "/restart?includeTasks=%s&onlyFailed=%s",
                 include_tasks ? "true" : "false", only_failed ? "true" : "false");
        path_for(path, sizeof(path), name, suffix);
        return kx_connect_call(base_url, "POST", path, timeout_ms, NULL, &http, err);
}

int kx_connect_wait_state(const char *base_url, const char *name, const char *want, int wait_ms,
                          int timeout_ms, struct kx_err *err)
{
        bool running = !strcmp(want, "RUNNING");
        int64_t deadline = kx_mono_ms() + wait_ms;
        struct kx_connector_state st;
        int rc;

        do {
                rc = kx_connect_status(base_url, name, timeout_ms, &st, err);
                if (!rc && !strcmp(st.state, want) &&
                    (!running || (st.task_cnt > 0 && st.tasks_running == st.task_cnt)))
                        return 0;
                usleep(300 * 1000);
        } while (kx_mono_ms() < deadline);
        if (rc)
                return rc;
        return kx_err_set(err, KX_ERR_PEER, "connector %s is %s with %d/%d task(s) running, not %s%s%s",
                          name, st.state, st.tasks_running, st.task_cnt, want,
                          st.first_trace[0] ? ": " : "", st.first_trace);
}

const char *kx_connect_connector_of_group(const char *group)
{
        return !strncmp(group, "connect-", 8) && group[8] ? group + 8 : NULL;
}
