/* schema_violations.h - data for the schema-violations SLI.
 *
 * What it measures: schema registrations that klaxon itself sent to a
 * registry (kx_schema_register_recorded) and how each ended, kept in the
 * state database (table schema_registration). A violation is an attempt the
 * registry refused as incompatible with the subject's compatibility level
 * (HTTP 409). Attempts that failed for another reason (unreachable, 5xx,
 * bad schema) are counted apart: they say nothing about compatibility.
 * Registrations by other clients are not seen: the Confluent API has no
 * history of refused attempts, and Apicurio exposes none over it.
 */
#ifndef KX_SCHEMA_VIOLATIONS_H
#define KX_SCHEMA_VIOLATIONS_H

#include "err.h"
#include "store.h"

#include <stdbool.h>
#include <stdint.h>

struct kx_schema_violations {
        int64_t attempts;        /* registrations attempted in the window */
        int64_t registered;      /* accepted (a new or an existing id) */
        int64_t incompatible;    /* refused as incompatible: the violations */
        int64_t failed;          /* failed otherwise (unreachable, 5xx, ...) */
};

/* Register schema under subject (kx_registry_register) and record the
 * outcome in store (borrowed; NULL records nothing). Returns the
 * registration's result; a failure to record is ignored. KX_ERR_READ_ONLY
 * (nothing sent, nothing recorded) when read_only. */
int kx_schema_register_recorded(struct kx_store *store, bool read_only, const char *url,
                                const char *subject,
                                const char *schema, const char *type, int timeout_ms, int *id,
                                struct kx_err *err);

/* Count the recorded attempts with from_ms <= at_ms < to_ms into *out.
 * KX_ERR_STATE on a database error. */
int kx_schema_violations(struct kx_store *store, int64_t from_ms, int64_t to_ms,
                         struct kx_schema_violations *out, struct kx_err *err);

#endif
