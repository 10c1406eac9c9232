/* leo_history.c - the topic_leo table. */
#include "leo_history.h"

#include <stdio.h>
#include <string.h>

#define KEEP_MS (400LL * 86400000)

static int sql_fail(struct kx_store *store, struct kx_err *err)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s", store->path, sqlite3_errmsg(store->db));
}

bool kx_topic_offsets(const struct kx_topic *t, int64_t *leo, int64_t *start)
{
        *leo = *start = 0;
        if (!t->partition_cnt)
                return false;
        for (int p = 0; p < t->partition_cnt; p++) {
                if (t->partitions[p].high_watermark < 0 || t->partitions[p].log_start_offset < 0)
                        return false;
                *leo += t->partitions[p].high_watermark;
                *start += t->partitions[p].log_start_offset;
        }
        return true;
}

int kx_leo_record_one(struct kx_store *store, const char *topic, int64_t at_ms, int64_t leo,
                      int64_t start, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        if (sqlite3_prepare_v2(store->db, "INSERT OR REPLACE INTO topic_leo (topic, at_ms, leo, start) "
                                          "VALUES (?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, at_ms);
        sqlite3_bind_int64(st, 3, leo);
        sqlite3_bind_int64(st, 4, start);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(store, err);
        sqlite3_finalize(st);
        return rc;
}

int kx_leo_record(struct kx_store *store, const struct kx_snapshot *snap, int64_t at_ms,
                  int64_t spacing_ms, struct kx_err *err)
{
        sqlite3_stmt *st = NULL, *del = NULL;
        int rc = 0;

        if (kx_store_exec(store, "BEGIN IMMEDIATE", err))
                return KX_ERR_STATE;
        if (sqlite3_prepare_v2(store->db, "INSERT OR REPLACE INTO topic_leo (topic, at_ms, leo, start) "
                                          "SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM topic_leo "
                                          "WHERE topic = ?1 AND at_ms > ?2 - ?5 AND at_ms <= ?2)",
                               -1, &st, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(store->db, "DELETE FROM topic_leo WHERE at_ms < ?", -1, &del, NULL) != SQLITE_OK) {
                rc = sql_fail(store, err);
                goto out;
        }
        for (int i = 0; i < snap->topic_cnt && !rc; i++) {
                int64_t leo, start;

                if (snap->topics[i].internal || !kx_topic_offsets(&snap->topics[i], &leo, &start))
                        continue;
                sqlite3_reset(st);
                sqlite3_bind_text(st, 1, snap->topics[i].name, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, at_ms);
                sqlite3_bind_int64(st, 3, leo);
                sqlite3_bind_int64(st, 4, start);
                sqlite3_bind_int64(st, 5, spacing_ms);
                if (sqlite3_step(st) != SQLITE_DONE)
                        rc = sql_fail(store, err);
        }
        sqlite3_bind_int64(del, 1, at_ms - KEEP_MS);
        if (!rc && sqlite3_step(del) != SQLITE_DONE)
                rc = sql_fail(store, err);
out:
        sqlite3_finalize(st);
        sqlite3_finalize(del);
        if (kx_store_exec(store, rc ? "ROLLBACK" : "COMMIT", rc ? NULL : err) && !rc)
                rc = KX_ERR_STATE;
        return rc;
}

int kx_leo_rates(struct kx_store *store, const struct kx_snapshot *snap, int64_t now_ms,
                 int64_t window_ms, int64_t min_elapsed_ms, json_t **out, struct kx_err *err)
{
        sqlite3_stmt *st;

        *out = json_object();
        if (sqlite3_prepare_v2(store->db, "SELECT at_ms, leo FROM topic_leo WHERE topic = ? AND at_ms >= ? "
                                          "AND at_ms <= ? ORDER BY at_ms LIMIT 1", -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        for (int i = 0; i < snap->topic_cnt; i++) {
                int64_t leo, start;

                if (snap->topics[i].internal || !kx_topic_offsets(&snap->topics[i], &leo, &start))
                        continue;
                sqlite3_reset(st);
                sqlite3_bind_text(st, 1, snap->topics[i].name, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, now_ms - window_ms);
                sqlite3_bind_int64(st, 3, now_ms - min_elapsed_ms);
                if (sqlite3_step(st) == SQLITE_ROW) {
                        int64_t at = sqlite3_column_int64(st, 0), then = sqlite3_column_int64(st, 1);
                        double rate = leo >= then ? (double)(leo - then) * 1000.0 / (double)(now_ms - at) : 0;

                        json_object_set_new(*out, snap->topics[i].name, json_real(rate));
                }
        }
        sqlite3_finalize(st);
        return 0;
}

int kx_leo_last_change(struct kx_store *store, const char *topic, int64_t leo_now,
                       int64_t window_start_ms, int64_t *since_ms, int64_t *produced,
                       struct kx_err *err)
{
        sqlite3_stmt *st;

        *since_ms = 0;
        *produced = -1;
        /* The earliest sample equal to leo_now that follows every smaller one. */
        if (sqlite3_prepare_v2(store->db, "SELECT MIN(at_ms) FROM topic_leo WHERE topic = ?1 AND leo = ?2 "
                                          "AND at_ms > COALESCE((SELECT MAX(at_ms) FROM topic_leo "
                                          "WHERE topic = ?1 AND leo <> ?2), -1)", -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, leo_now);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
                *since_ms = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (sqlite3_prepare_v2(store->db, "SELECT leo FROM topic_leo WHERE topic = ? AND at_ms <= ? "
                                          "ORDER BY at_ms DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, window_start_ms);
        if (sqlite3_step(st) == SQLITE_ROW)
                *produced = leo_now - sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return 0;
}
