/* connect.h - a Kafka Connect REST client (libcurl + jansson).
 *
 * Every call has a timeout and turns each way a peer can fail into one
 * clear error naming the URL: unreachable, timed out, HTTP 4xx/5xx (with
 * Connect's own message), 409 while the worker rebalances, or a body that
 * is not the JSON expected. Strings from the peer are raw: sanitize them
 * before display.
 */
#ifndef KX_CONNECT_H
#define KX_CONNECT_H

#include "err.h"

#include <jansson.h>
#include <stdbool.h>

struct kx_connector_state {
        char name[256];
        char state[32];          /* RUNNING, PAUSED, FAILED, UNASSIGNED, ... */
        char type[16];           /* source, sink */
        int task_cnt;
        int tasks_running;
        int tasks_failed;
        char first_trace[256];   /* first line of a failure trace, or "" */
};

/* One request: method ("GET", "PUT", "POST") on base_url + path. A JSON
 * body (may be NULL) is parsed into *out (new reference, or NULL for an
 * empty body) when out is not NULL. *http gets the status. Errors:
 * KX_ERR_PEER (unreachable, HTTP >= 400, garbage), KX_ERR_TIMEOUT. */
int kx_connect_call(const char *base_url, const char *method, const char *path, int timeout_ms,
                    json_t **out, long *http, struct kx_err *err);

/* Connector names (a new JSON array of strings). */
int kx_connect_list(const char *base_url, int timeout_ms, json_t **names, struct kx_err *err);

/* State of connector name and its tasks. KX_ERR_NOT_FOUND if unknown. */
int kx_connect_status(const char *base_url, const char *name, int timeout_ms,
                      struct kx_connector_state *out, struct kx_err *err);

/* One task of a connector, from its status. */
struct kx_task_state {
        int id;
        char state[32];          /* RUNNING, FAILED, PAUSED, UNASSIGNED, ... */
        char worker[128];        /* worker_id */
        char trace[256];         /* first line of its failure trace, or "" */
};

/* Every task of connector name: a new array *tasks (caller frees; NULL
 * when there are none) of *cnt entries. KX_ERR_NOT_FOUND if unknown. */
int kx_connect_tasks(const char *base_url, const char *name, int timeout_ms,
                     struct kx_task_state **tasks, int *cnt, struct kx_err *err);

/* Pause (true) or resume (false) a connector. */
int kx_connect_pause(const char *base_url, const char *name, bool pause, int timeout_ms,
                     struct kx_err *err);

/* Restart a connector, with its tasks when include_tasks, only the failed
 * ones when only_failed. */
int kx_connect_restart(const char *base_url, const char *name, bool include_tasks,
                       bool only_failed, int timeout_ms, struct kx_err *err);

/* Connect applies pause, resume and restart asynchronously: poll the
 * connector's status until its state is want (and, for RUNNING, every task
 * runs too), for at most wait_ms. KX_ERR_PEER naming the state it was left
 * in (with the first line of a failure trace) if it never gets there. */
int kx_connect_wait_state(const char *base_url, const char *name, const char *want, int wait_ms,
                          int timeout_ms, struct kx_err *err);

/* The connector behind consumer group group ("connect-NAME" -> "NAME"),
 * or NULL if group is not a Connect sink's group. Points into group. */
const char *kx_connect_connector_of_group(const char *group);

#endif
