/* connect.c - Kafka Connect REST calls with clear failures. */
#include "connect.h"
#include "http.h"
#include "kafka.h"
#include "sanitize.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kx_connect_call(const char *base_url, const char *method, const char *path, int timeout_ms,
                    json_t **out, long *http, struct kx_err *err)
{
        struct kx_http_req req = {
                .method = method,
                .path = path,
                .conflict_hint = "(the Connect worker is rebalancing; try again)",
                .timeout_ms = timeout_ms,
        };

        return kx_http_json(base_url, &req, out, http, err);
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
        kx_http_path(buf, size, "/connectors", name, suffix);
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

int kx_connect_tasks(const char *base_url, const char *name, int timeout_ms,
                     struct kx_task_state **tasks, int *cnt, struct kx_err *err)
{
        char path[1024];
        json_t *doc = NULL, *arr, *t;
        long http;
        size_t i;
        int rc;

        *tasks = NULL;
        *cnt = 0;
        path_for(path, sizeof(path), name, "/status");
        rc = kx_connect_call(base_url, "GET", path, timeout_ms, &doc, &http, err);
        if (rc && http == 404)
                return kx_err_set(err, KX_ERR_NOT_FOUND, "no connector \"%s\" on %s", name, base_url);
        if (rc)
                return rc;
        arr = json_object_get(doc, "tasks");
        if (!json_is_array(arr)) {
                json_decref(doc);
                return kx_err_set(err, KX_ERR_PEER, "%s%s: no tasks[] in the reply", base_url, path);
        }
        if (json_array_size(arr))
                *tasks = kx_xcalloc(json_array_size(arr), sizeof(**tasks));
        json_array_foreach(arr, i, t) {
                struct kx_task_state *ts = &(*tasks)[(*cnt)++];
                const char *s = json_string_value(json_object_get(t, "state"));
                const char *w = json_string_value(json_object_get(t, "worker_id"));
                const char *trace = json_string_value(json_object_get(t, "trace"));

                ts->id = (int)json_integer_value(json_object_get(t, "id"));
                snprintf(ts->state, sizeof(ts->state), "%s", s ? s : "UNKNOWN");
                snprintf(ts->worker, sizeof(ts->worker), "%s", w ? w : "");
                if (trace)
                        snprintf(ts->trace, sizeof(ts->trace), "%.*s", (int)strcspn(trace, "\n"), trace);
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
