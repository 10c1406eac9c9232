/* incident.c - incident sessions in the state database. */
#include "incident.h"
#include "kafka.h"
#include "sanitize.h"
#include "snapshot_json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sql_fail(struct kx_store *store, struct kx_err *err)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s", store->path, sqlite3_errmsg(store->db));
}

/* Run one INSERT/UPDATE with text and integer binds given as a format:
 * 's' text, 'i' int64. */
static int run(struct kx_store *store, const char *sql, const char *types, struct kx_err *err, ...)
{
        sqlite3_stmt *st;
        va_list ap;
        int rc = 0;

        if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        va_start(ap, err);
        for (int i = 0; types[i]; i++) {
                if (types[i] == 's')
                        sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
                else
                        sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        }
        va_end(ap);
        if (sqlite3_step(st) != SQLITE_DONE)
                rc = sql_fail(store, err);
        sqlite3_finalize(st);
        return rc;
}

int kx_incident_open(struct kx_store *store, const char *playbook, const char *title,
                     const struct kx_incident_ctx *ctx, const char *operator_name, int64_t *id,
                     struct kx_err *err)
{
        json_t *c = json_pack("{s:i, s:o, s:o}", "broker", ctx->broker, "topic",
                              kx_json_text(ctx->topic[0] ? ctx->topic : NULL), "group",
                              kx_json_text(ctx->group[0] ? ctx->group : NULL));
        char *text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
        int rc = run(store, "INSERT INTO incident (playbook, title, context, operator, opened_ms) "
                            "VALUES (?,?,?,?,?)",
                     "ssssi", err, playbook, title, text, operator_name, kx_now_ms());

        *id = rc ? 0 : sqlite3_last_insert_rowid(store->db);
        free(text);
        json_decref(c);
        return rc;
}

static void state_line(const struct kx_snapshot *snap, char *buf, size_t size)
{
        struct kx_snapshot_totals t;

        if (!snap) {
                snprintf(buf, size, "no snapshot");
                return;
        }
        kx_snapshot_totals(snap, &t);
        snprintf(buf, size, "brokers %d up/%d down, partitions offline %d, under-replicated %d",
                 t.brokers_up, t.brokers_down, t.offline, t.under_replicated);
}

int kx_incident_event(struct kx_store *store, int64_t id, const char *kind, int step,
                      const char *text, const struct kx_snapshot *snap, struct kx_err *err)
{
        char state[200];

        state_line(snap, state, sizeof(state));
        return run(store, "INSERT INTO incident_event (incident, at_ms, kind, step, text, state) "
                          "VALUES (?,?,?,?,?,?)",
                   "iisiss", err, id, kx_now_ms(), kind, (int64_t)step, text, state);
}

int kx_incident_close(struct kx_store *store, int64_t id, struct kx_err *err)
{
        return run(store, "UPDATE incident SET closed_ms = ? WHERE id = ? AND closed_ms IS NULL", "ii",
                   err, kx_now_ms(), id);
}

int kx_incident_list(struct kx_store *store, FILE *out, struct kx_err *err)
{
        sqlite3_stmt *st;

        if (sqlite3_prepare_v2(store->db,
                               "SELECT i.id, i.playbook, i.opened_ms, i.closed_ms, i.operator, "
                               "(SELECT COUNT(*) FROM incident_event e WHERE e.incident = i.id) "
                               "FROM incident i ORDER BY i.id DESC",
                               -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        while (sqlite3_step(st) == SQLITE_ROW) {
                char opened[40], who[128], pb[128];

                kx_iso8601(sqlite3_column_int64(st, 2), opened, sizeof(opened));
                kx_sanitize(pb, sizeof(pb), (const char *)sqlite3_column_text(st, 1),
                            (size_t)sqlite3_column_bytes(st, 1));
                kx_sanitize(who, sizeof(who), (const char *)sqlite3_column_text(st, 4),
                            (size_t)sqlite3_column_bytes(st, 4));
                fprintf(out, "%5lld  %-24s %s  %-6s %-12s %d event(s)\n", sqlite3_column_int64(st, 0),
                        pb, opened, sqlite3_column_type(st, 3) == SQLITE_NULL ? "open" : "closed", who,
                        sqlite3_column_int(st, 5));
        }
        sqlite3_finalize(st);
        return 0;
}

static const char *col(sqlite3_stmt *st, int i)
{
        const char *s = (const char *)sqlite3_column_text(st, i);

        return s ? s : "";
}

int kx_incident_export(struct kx_store *store, int64_t id, const char *format, FILE *out,
                       struct kx_err *err)
{
        bool md = !strcmp(format, "md");
        sqlite3_stmt *st;
        json_t *doc = NULL, *events = NULL;
        char when[40], clean[2048];

        if (strcmp(format, "md") && strcmp(format, "json"))
                return kx_err_set(err, KX_ERR_USAGE, "--format must be md or json, not \"%s\"", format);
        if (sqlite3_prepare_v2(store->db, "SELECT playbook, title, context, operator, opened_ms, "
                                          "closed_ms FROM incident WHERE id = ?",
                               -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_ROW) {
                sqlite3_finalize(st);
                return kx_err_set(err, KX_ERR_NOT_FOUND, "no incident %lld", (long long)id);
        }
        if (md) {
                kx_sanitize(clean, sizeof(clean), col(st, 1), strlen(col(st, 1)));
                fprintf(out, "# Incident %lld: %s\n\n", (long long)id, clean);
                kx_sanitize(clean, sizeof(clean), col(st, 2), strlen(col(st, 2)));
                fprintf(out, "- Playbook: %s\n- Context: %s\n", col(st, 0), clean);
                kx_sanitize(clean, sizeof(clean), col(st, 3), strlen(col(st, 3)));
                fprintf(out, "- Operator: %s\n- Opened: %s\n", clean,
                        kx_iso8601(sqlite3_column_int64(st, 4), when, sizeof(when)));
                if (sqlite3_column_type(st, 5) != SQLITE_NULL)
                        fprintf(out, "- Closed: %s\n", kx_iso8601(sqlite3_column_int64(st, 5), when, sizeof(when)));
                fprintf(out, "\n## Timeline\n\n| time | kind | step | what | cluster |\n|---|---|---|---|---|\n");
        } else {
                doc = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o}", "id", (json_int_t)id, "playbook",
                                col(st, 0), "title", col(st, 1), "context",
                                json_loads(col(st, 2), 0, NULL), "operator", col(st, 3), "opened",
                                kx_iso8601(sqlite3_column_int64(st, 4), when, sizeof(when)), "events",
                                events = json_array());
        }
        sqlite3_finalize(st);
        if (sqlite3_prepare_v2(store->db, "SELECT at_ms, kind, step, text, state FROM incident_event "
                                          "WHERE incident = ? ORDER BY id",
                               -1, &st, NULL) != SQLITE_OK) {
                json_decref(doc);
                return sql_fail(store, err);
        }
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW) {
                kx_iso8601(sqlite3_column_int64(st, 0), when, sizeof(when));
                if (md) {
                        kx_sanitize(clean, sizeof(clean), col(st, 3), strlen(col(st, 3)));
                        /* A pipe would end the table cell. */
                        for (char *p = clean; *p; p++)
                                if (*p == '|')
                                        *p = '/';
                        char step[16] = "-";

                        if (sqlite3_column_int(st, 2) >= 0)
                                snprintf(step, sizeof(step), "%d", sqlite3_column_int(st, 2) + 1);
                        fprintf(out, "| %s | %s | %s | %s | %s |\n", when + 11, col(st, 1), step,
                                clean, col(st, 4));
                } else {
                        json_array_append_new(events, json_pack("{s:s, s:s, s:i, s:o, s:s}", "at", when,
                                                                "kind", col(st, 1), "step",
                                                                sqlite3_column_int(st, 2) + 1, "text",
                                                                kx_json_text(col(st, 3)), "state",
                                                                col(st, 4)));
                }
        }
        sqlite3_finalize(st);
        if (doc) {
                json_dumpf(doc, out, JSON_INDENT(1) | JSON_ENSURE_ASCII);
                fputc('\n', out);
                json_decref(doc);
        }
        return 0;
}
