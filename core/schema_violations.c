/* schema_violations.c - schema registrations and their outcomes. */
#include "schema_violations.h"
#include "kafka.h"
#include "registry.h"

#include <string.h>

static void record(struct kx_store *store, const char *url, const char *subject,
                   const char *outcome, int id, const char *message)
{
        sqlite3_stmt *st;

        if (!store || sqlite3_prepare_v2(store->db,
                                         "INSERT INTO schema_registration (at_ms, registry, subject, "
                                         "outcome, schema_id, message) VALUES (?, ?, ?, ?, ?, ?)",
                                         -1, &st, NULL) != SQLITE_OK)
                return;
        sqlite3_bind_int64(st, 1, kx_now_ms());
        sqlite3_bind_text(st, 2, url, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, subject, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, outcome, -1, SQLITE_STATIC);
        if (id)
                sqlite3_bind_int(st, 5, id);
        else
                sqlite3_bind_null(st, 5);
        sqlite3_bind_text(st, 6, message, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
}

int kx_schema_register_recorded(struct kx_store *store, bool read_only, const char *url,
                                const char *subject, const char *schema, const char *type,
                                int timeout_ms, int *id, struct kx_err *err)
{
        int rc;

        *id = 0;
        if (read_only)
                return kx_err_set(err, KX_ERR_READ_ONLY, "read-only: not registering a schema under %s",
                                  subject);
        rc = kx_registry_register(url, subject, schema, type, timeout_ms, id, err);
        record(store, url, subject,
               !rc ? "registered" : rc == KX_ERR_REFUSED ? "incompatible" : "failed", rc ? 0 : *id,
               rc && err ? err->msg : "");
        return rc;
}

int kx_schema_violations(struct kx_store *store, int64_t from_ms, int64_t to_ms,
                         struct kx_schema_violations *out, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        memset(out, 0, sizeof(*out));
        if (sqlite3_prepare_v2(store->db,
                               "SELECT outcome, COUNT(*) FROM schema_registration "
                               "WHERE at_ms >= ? AND at_ms < ? GROUP BY outcome",
                               -1, &st, NULL) != SQLITE_OK)
                return kx_err_set(err, KX_ERR_STATE, "schema_registration: %s", sqlite3_errmsg(store->db));
        sqlite3_bind_int64(st, 1, from_ms);
        sqlite3_bind_int64(st, 2, to_ms);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *outcome = (const char *)sqlite3_column_text(st, 0);
                int64_t n = sqlite3_column_int64(st, 1);

                out->attempts += n;
                if (!strcmp(outcome, "registered"))
                        out->registered += n;
                else if (!strcmp(outcome, "incompatible"))
                        out->incompatible += n;
                else
                        out->failed += n;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
                return kx_err_set(err, KX_ERR_STATE, "schema_registration: %s", sqlite3_errmsg(store->db));
        return 0;
}
