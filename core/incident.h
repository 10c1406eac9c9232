/* incident.h - incident sessions and their timelines.
 *
 * Opening a playbook starts a session. Its timeline records each step's
 * check when its result changes (with the detail), every action and its
 * outcome, the operator's notes, and the cluster's state at each point, so
 * `klaxon incident export` gives a postmortem-ready account.
 */
#ifndef KX_INCIDENT_H
#define KX_INCIDENT_H

#include "check.h"
#include "err.h"
#include "snapshot.h"
#include "store.h"

#include <stdint.h>
#include <stdio.h>

/* Start a session for playbook (id, title) about ctx. Returns its id in
 * *id. */
int kx_incident_open(struct kx_store *store, const char *playbook, const char *title,
                     const struct kx_incident_ctx *ctx, const char *operator_name, int64_t *id,
                     struct kx_err *err);

/* Append an event: kind is "check", "action", "note", "escalation" or
 * "closed"; step is the step index or -1; state summarises the cluster
 * (brokers up/down, offline, URP) from snap, which may be NULL. */
int kx_incident_event(struct kx_store *store, int64_t id, const char *kind, int step,
                      const char *text, const struct kx_snapshot *snap, struct kx_err *err);

/* Mark the session closed. */
int kx_incident_close(struct kx_store *store, int64_t id, struct kx_err *err);

/* Print the sessions, newest first, one line each, to out. */
int kx_incident_list(struct kx_store *store, FILE *out, struct kx_err *err);

/* Export session id as "md" (a postmortem timeline) or "json". KX_ERR_NOT_FOUND
 * if there is no such session. Strings are sanitized for md. */
int kx_incident_export(struct kx_store *store, int64_t id, const char *format, FILE *out,
                       struct kx_err *err);

#endif
