/* probe_store.c - the canary probe's sqlite tables (see probe_store.h). */
#include "probe_store.h"
#include "xalloc.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

static int db_fail(struct kx_store *st, struct kx_err *err, const char *what)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s", what, sqlite3_errmsg(st->db));
}

static sqlite3_stmt *prepare(struct kx_store *st, const char *sql, struct kx_err *err)
{
        sqlite3_stmt *s = NULL;

        if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
                db_fail(st, err, "probe store");
                return NULL;
        }
        return s;
}

/* Step a write statement to its end, then finalize it. */
static int finish(struct kx_store *st, sqlite3_stmt *s, struct kx_err *err)
{
        int rc = sqlite3_step(s);

        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? 0 : db_fail(st, err, "probe store write");
}

int kx_probe_store_add(struct kx_store *st, const char *topic, const struct kx_probe_bucket *b,
                       struct kx_err *err)
{
        struct kx_hist h = b->hist;
        char text[2048];
        sqlite3_stmt *s;
        const int64_t v[] = {b->attempts, b->successes, b->failures, b->delivered, b->received,
                             b->lost, b->duplicates, b->slow, b->broker_up, b->broker_down};

        s = prepare(st, "SELECT hist FROM slo_probe_bucket WHERE topic = ? AND start_ms = ?", err);
        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, b->start_ms);
        if (sqlite3_step(s) == SQLITE_ROW)
                kx_hist_parse_add(&h, (const char *)sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        kx_hist_format(&h, text, sizeof(text));
        s = prepare(st,
                    "INSERT INTO slo_probe_bucket (topic, start_ms, width_ms, attempts, successes,"
                    " failures, delivered, received, lost, duplicates, slow, broker_up, broker_down,"
                    " hist) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (topic, start_ms) DO"
                    " UPDATE SET attempts = attempts + excluded.attempts,"
                    " successes = successes + excluded.successes,"
                    " failures = failures + excluded.failures,"
                    " delivered = delivered + excluded.delivered,"
                    " received = received + excluded.received, lost = lost + excluded.lost,"
                    " duplicates = duplicates + excluded.duplicates, slow = slow + excluded.slow,"
                    " broker_up = broker_up + excluded.broker_up,"
                    " broker_down = broker_down + excluded.broker_down, hist = excluded.hist",
                    err);
        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, b->start_ms);
        sqlite3_bind_int64(s, 3, b->width_ms);
        for (int i = 0; i < 10; i++)
                sqlite3_bind_int64(s, 4 + i, v[i]);
        sqlite3_bind_text(s, 14, text, -1, SQLITE_STATIC);
        return finish(st, s, err);
}

static void read_bucket(sqlite3_stmt *s, struct kx_probe_bucket *b)
{
        int64_t *f[] = {&b->start_ms, &b->width_ms, &b->attempts, &b->successes,
                        &b->failures, &b->delivered, &b->received, &b->lost,
                        &b->duplicates, &b->slow, &b->broker_up, &b->broker_down};

        memset(b, 0, sizeof(*b));
        for (int i = 0; i < 12; i++)
                *f[i] = sqlite3_column_int64(s, i);
        kx_hist_parse_add(&b->hist, (const char *)sqlite3_column_text(s, 12));
}

int kx_probe_store_buckets(struct kx_store *st, const char *topic, int64_t from_ms,
                           struct kx_probe_bucket **out, int *cnt, struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st,
                                  "SELECT start_ms, width_ms, attempts, successes, failures, delivered,"
                                  " received, lost, duplicates, slow, broker_up, broker_down, hist"
                                  " FROM slo_probe_bucket WHERE topic = ? AND start_ms + width_ms > ?"
                                  " ORDER BY start_ms",
                                  err);
        int cap = 0, rc;

        *out = NULL;
        *cnt = 0;
        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, from_ms);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                struct kx_probe_bucket *b;

                if (*cnt == cap)
                        *out = kx_xrealloc(*out, sizeof(**out) * (size_t)(cap = cap ? cap * 2 : 256));
                b = &(*out)[(*cnt)++];
                read_bucket(s, b);
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
                free(*out);
                *out = NULL;
                *cnt = 0;
                return db_fail(st, err, "probe buckets");
        }
        return 0;
}

int kx_probe_state_load(struct kx_store *st, const char *topic, struct kx_probe_pstate **out,
                        int *cnt, struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st,
                                  "SELECT partition, next_seq, next_offset, expect_seq FROM"
                                  " slo_probe_state WHERE topic = ? ORDER BY partition",
                                  err);
        int rc;

        *out = NULL;
        *cnt = 0;
        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                *out = kx_xrealloc(*out, sizeof(**out) * (size_t)(*cnt + 1));
                (*out)[*cnt] = (struct kx_probe_pstate){(int32_t)sqlite3_column_int(s, 0),
                                                        sqlite3_column_int64(s, 1),
                                                        sqlite3_column_int64(s, 2),
                                                        sqlite3_column_int64(s, 3)};
                (*cnt)++;
        }
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? 0 : db_fail(st, err, "probe state");
}

int kx_probe_state_save(struct kx_store *st, const char *topic, const struct kx_probe_pstate *ps,
                        int cnt, struct kx_err *err)
{
        for (int i = 0; i < cnt; i++) {
                sqlite3_stmt *s = prepare(st, "INSERT OR REPLACE INTO slo_probe_state (topic, partition,"
                                              " next_seq, next_offset, expect_seq) VALUES (?,?,?,?,?)",
                                          err);

                if (!s)
                        return err->code;
                sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
                sqlite3_bind_int(s, 2, ps[i].partition);
                sqlite3_bind_int64(s, 3, ps[i].next_seq);
                sqlite3_bind_int64(s, 4, ps[i].next_offset);
                sqlite3_bind_int64(s, 5, ps[i].expect_seq);
                if (finish(st, s, err))
                        return err->code;
        }
        return 0;
}

int kx_probe_failed_add(struct kx_store *st, const char *topic, int32_t partition, int64_t seq,
                        struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st, "INSERT OR IGNORE INTO slo_probe_failed VALUES (?,?,?)", err);

        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, partition);
        sqlite3_bind_int64(s, 3, seq);
        return finish(st, s, err);
}

int64_t kx_probe_failed_take(struct kx_store *st, const char *topic, int32_t partition, int64_t lo,
                             int64_t hi, struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st, "SELECT count(*) FROM slo_probe_failed WHERE topic = ? AND"
                                      " partition = ? AND seq >= ? AND seq < ?",
                                  err);
        int64_t n = 0;

        if (!s)
                return -1;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, partition);
        sqlite3_bind_int64(s, 3, lo);
        sqlite3_bind_int64(s, 4, hi);
        if (sqlite3_step(s) == SQLITE_ROW)
                n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        s = prepare(st, "DELETE FROM slo_probe_failed WHERE topic = ? AND partition = ? AND seq < ?",
                    err);
        if (!s)
                return -1;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, partition);
        sqlite3_bind_int64(s, 3, hi);
        return finish(st, s, err) ? -1 : n;
}

int kx_probe_id(struct kx_store *st, char *buf, size_t size, struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st, "SELECT value FROM slo_probe_meta WHERE key = 'probe_id'", err);
        unsigned char raw[8];

        if (!s)
                return err->code;
        if (sqlite3_step(s) == SQLITE_ROW) {
                snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
                sqlite3_finalize(s);
                return 0;
        }
        sqlite3_finalize(s);
        if (RAND_bytes(raw, sizeof(raw)) != 1)
                return kx_err_set(err, KX_ERR_STATE, "no random bytes for the probe id");
        snprintf(buf, size, "%02x%02x%02x%02x%02x%02x%02x%02x", raw[0], raw[1], raw[2], raw[3],
                 raw[4], raw[5], raw[6], raw[7]);
        s = prepare(st, "INSERT INTO slo_probe_meta VALUES ('probe_id', ?)", err);
        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, buf, -1, SQLITE_TRANSIENT);
        return finish(st, s, err);
}

int kx_probe_meta_get(struct kx_store *st, const char *key, char *buf, size_t size,
                      struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st, "SELECT value FROM slo_probe_meta WHERE key = ?", err);

        buf[0] = '\0';
        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW)
                snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return 0;
}

int kx_probe_meta_set(struct kx_store *st, const char *key, const char *value,
                      struct kx_err *err)
{
        sqlite3_stmt *s = prepare(st, "INSERT OR REPLACE INTO slo_probe_meta VALUES (?, ?)", err);

        if (!s)
                return err->code;
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
        return finish(st, s, err);
}

/* Merge the rows of one (topic, hour) group into a single row spanning
 * the first row's start to the last row's end. */
static int compact_group(struct kx_store *st, const char *topic, int64_t hour, int64_t h,
                         int *removed, struct kx_err *err)
{
        /* start_ms bounded on both sides: an index range, not a scan */
        static const char where[] = " FROM slo_probe_bucket WHERE topic = ?1 AND start_ms >= ?2"
                                    " AND start_ms < ?2 + ?3 AND start_ms + width_ms <= ?2 + ?3";
        char sql[512];
        struct kx_probe_bucket sum = {0}, b;
        int64_t end = 0;
        int rows = 0, rc;
        sqlite3_stmt *s;

        snprintf(sql, sizeof(sql), "SELECT start_ms, width_ms, attempts, successes, failures, delivered,"
                                   " received, lost, duplicates, slow, broker_up, broker_down, hist%s"
                                   " ORDER BY start_ms", where);
        if (!(s = prepare(st, sql, err)))
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, hour);
        sqlite3_bind_int64(s, 3, h);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                read_bucket(s, &b);
                if (!rows++)
                        sum.start_ms = b.start_ms;
                if (b.start_ms + b.width_ms > end)
                        end = b.start_ms + b.width_ms;
                sum.attempts += b.attempts, sum.successes += b.successes, sum.failures += b.failures;
                sum.delivered += b.delivered, sum.received += b.received, sum.lost += b.lost;
                sum.duplicates += b.duplicates, sum.slow += b.slow;
                sum.broker_up += b.broker_up, sum.broker_down += b.broker_down;
                kx_hist_merge(&sum.hist, &b.hist);
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
                return db_fail(st, err, "probe compaction");
        if (rows < 2)
                return 0;
        sum.width_ms = end - sum.start_ms;
        snprintf(sql, sizeof(sql), "DELETE%s", where);
        if (!(s = prepare(st, sql, err)))
                return err->code;
        sqlite3_bind_text(s, 1, topic, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, hour);
        sqlite3_bind_int64(s, 3, h);
        if ((rc = finish(st, s, err)))
                return rc;
        *removed += rows - 1;
        return kx_probe_store_add(st, topic, &sum, err);
}

int kx_probe_store_compact(struct kx_store *st, int64_t before_ms, int64_t hour_ms, int *removed,
                           struct kx_err *err)
{
        struct group {
                char *topic;
                int64_t hour;
        } *g = NULL;
        int n = 0, cap = 0, rc;
        int64_t cutoff = before_ms / hour_ms * hour_ms;
        sqlite3_stmt *s;

        *removed = 0;
        if (hour_ms <= 0)
                return kx_err_set(err, KX_ERR_USAGE, "probe compaction: the row width must be positive");
        if ((rc = kx_store_exec(st, "BEGIN IMMEDIATE", err)))
                return rc;
        s = prepare(st, "SELECT topic, start_ms / ?1 * ?1 AS hour FROM slo_probe_bucket"
                        " WHERE start_ms + width_ms <= ?2 AND start_ms / ?1 = (start_ms + width_ms - 1) / ?1"
                        " GROUP BY topic, hour HAVING COUNT(*) > 1",
                    err);
        if (s) {
                sqlite3_bind_int64(s, 1, hour_ms);
                sqlite3_bind_int64(s, 2, cutoff);
                while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                        if (n == cap)
                                g = kx_xrealloc(g, sizeof(*g) * (size_t)(cap = cap ? cap * 2 : 64));
                        g[n].topic = kx_xstrdup((const char *)sqlite3_column_text(s, 0));
                        g[n++].hour = sqlite3_column_int64(s, 1);
                }
                sqlite3_finalize(s);
                rc = rc == SQLITE_DONE ? 0 : db_fail(st, err, "probe compaction");
        } else {
                rc = err->code;
        }
        for (int i = 0; i < n && !rc; i++)
                rc = compact_group(st, g[i].topic, g[i].hour, hour_ms, removed, err);
        for (int i = 0; i < n; i++)
                free(g[i].topic);
        free(g);
        if (rc) {
                kx_store_exec(st, "ROLLBACK", NULL);
                *removed = 0;
                return rc;
        }
        return kx_store_exec(st, "COMMIT", err);
}
