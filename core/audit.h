/* audit.h - the tamper-evident audit log.
 *
 * Every action outcome (planned, refused, executed, failed, verified) is
 * one append-only row in the state database. Each row's hash is
 * sha256(previous hash || canonical JSON of the row, keys sorted), and the
 * newest id and hash are also kept in a separate head record, so
 * kx_audit_verify() finds a modified, deleted or reordered row and names it.
 */
#ifndef KX_AUDIT_H
#define KX_AUDIT_H

#include "err.h"
#include "store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_audit_entry {
        int64_t id;               /* assigned on append */
        int64_t at_ms;            /* assigned on append when 0 */
        const char *operator_name;
        const char *origin;       /* "ssh 10.1.2.3" or "local" */
        const char *action;       /* "group-reset", ... */
        const char *target;       /* "group payments / topic orders" */
        const char *outcome;      /* "planned", "refused", "executed", "failed", "verified" */
        const char *reason;       /* why (the operator's words or the error) */
        json_t *plan;             /* borrowed; may be NULL */
        json_t *result;           /* borrowed; may be NULL */
        json_t *undo;             /* borrowed; what restores the previous state */
};

/* Append e (its id and time are filled in). The write is one transaction. */
int kx_audit_append(struct kx_store *store, struct kx_audit_entry *e, struct kx_err *err);

struct kx_audit_check {
        bool intact;
        int64_t rows;
        int64_t bad_id;           /* first row that fails, 0 if intact */
        char why[200];            /* "row 7 was modified", ... */
};

/* Walk the chain and fill out. Returns 0 when the walk ran (intact or not),
 * or KX_ERR_STATE if the database could not be read. */
int kx_audit_verify(struct kx_store *store, struct kx_audit_check *out, struct kx_err *err);

/* Call fn for each row, oldest first (entry strings valid during the call;
 * plan/result/undo are parsed JSON owned by the walker). Stops early when
 * fn returns non-zero. */
int kx_audit_each(struct kx_store *store, int (*fn)(const struct kx_audit_entry *e, void *ctx),
                  void *ctx, struct kx_err *err);

/* Who is acting: operator_name if given, else $USER (else "unknown"); and
 * where from: "ssh <client ip>" from SSH_CONNECTION, else "local". Writes
 * into the caller's buffers. */
void kx_audit_identity(const char *operator_name, char *who, size_t who_size, char *origin,
                       size_t origin_size);

#endif
