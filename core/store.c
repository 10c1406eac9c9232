/* store.c - the sqlite state database and its migrations. */
#include "store.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each entry moves the schema one version up; never edit a shipped one. */
static const char *const migrations[] = {
        /* 1: the audit log, a hash chain (see audit.h). */
        "CREATE TABLE audit ("
        " id INTEGER PRIMARY KEY,"
        " at_ms INTEGER NOT NULL,"
        " operator TEXT NOT NULL,"
        " origin TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " target TEXT NOT NULL,"
        " outcome TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " plan TEXT NOT NULL,"
        " result TEXT NOT NULL,"
        " undo TEXT NOT NULL,"
        " prev_hash TEXT NOT NULL,"
        " hash TEXT NOT NULL);",
        /* 2: incident sessions and their timelines (see incident.h). */
        "CREATE TABLE incident ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " playbook TEXT NOT NULL,"
        " title TEXT NOT NULL,"
        " context TEXT NOT NULL,"
        " operator TEXT NOT NULL,"
        " opened_ms INTEGER NOT NULL,"
        " closed_ms INTEGER);"
        "CREATE TABLE incident_event ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " incident INTEGER NOT NULL REFERENCES incident(id),"
        " at_ms INTEGER NOT NULL,"
        " kind TEXT NOT NULL,"
        " step INTEGER NOT NULL,"
        " text TEXT NOT NULL,"
        " state TEXT NOT NULL);",
        /* 3 (issue 5): replay jobs and their per-partition checkpoints (see job_store.h). */
        "CREATE TABLE job ("
        " id TEXT PRIMARY KEY,"
        " kind TEXT NOT NULL,"
        " state TEXT NOT NULL,"
        " detail TEXT NOT NULL DEFAULT '',"
        " created_ms INTEGER NOT NULL,"
        " updated_ms INTEGER NOT NULL,"
        " pid INTEGER NOT NULL DEFAULT 0,"
        " total INTEGER NOT NULL,"
        " done INTEGER NOT NULL DEFAULT 0,"
        " rate REAL NOT NULL DEFAULT 0,"
        " spec TEXT NOT NULL,"
        " plan TEXT NOT NULL,"
        " bootstrap TEXT NOT NULL,"
        " report TEXT);"
        "CREATE TABLE job_checkpoint ("
        " job TEXT NOT NULL REFERENCES job(id),"
        " partition INTEGER NOT NULL,"
        " next_offset INTEGER NOT NULL,"
        " matched INTEGER NOT NULL,"
        " written INTEGER NOT NULL,"
        " scan_from INTEGER NOT NULL,"
        " PRIMARY KEY (job, partition));",
        /* 4 (issue 6): the canary probe's buckets, resume state and failed
         * sequence numbers (see probe_store.h). */
        "CREATE TABLE slo_probe_bucket ("
        " topic TEXT NOT NULL,"
        " start_ms INTEGER NOT NULL,"
        " width_ms INTEGER NOT NULL,"
        " attempts INTEGER NOT NULL, successes INTEGER NOT NULL, failures INTEGER NOT NULL,"
        " delivered INTEGER NOT NULL, received INTEGER NOT NULL, lost INTEGER NOT NULL,"
        " duplicates INTEGER NOT NULL, slow INTEGER NOT NULL,"
        " broker_up INTEGER NOT NULL, broker_down INTEGER NOT NULL,"
        " hist TEXT NOT NULL,"
        " PRIMARY KEY (topic, start_ms));"
        "CREATE TABLE slo_probe_state ("
        " topic TEXT NOT NULL, partition INTEGER NOT NULL,"
        " next_seq INTEGER NOT NULL, next_offset INTEGER NOT NULL, expect_seq INTEGER NOT NULL,"
        " PRIMARY KEY (topic, partition));"
        "CREATE TABLE slo_probe_failed ("
        " topic TEXT NOT NULL, partition INTEGER NOT NULL, seq INTEGER NOT NULL,"
        " PRIMARY KEY (topic, partition, seq));"
        "CREATE TABLE slo_probe_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        /* 5 (issue 7): per-topic LEO samples (see leo_history.h), topic
         * requests awaiting another operator (see topic_request.h) and the
         * consumer guardian's per-group memory (see guardian.h). */
        "CREATE TABLE topic_leo ("
        " topic TEXT NOT NULL,"
        " at_ms INTEGER NOT NULL,"
        " leo INTEGER NOT NULL,"
        " start INTEGER NOT NULL,"
        " PRIMARY KEY (topic, at_ms));"
        "CREATE TABLE topic_request ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " topic TEXT NOT NULL,"
        " team TEXT NOT NULL,"
        " partitions INTEGER NOT NULL,"
        " replication INTEGER NOT NULL,"
        " configs TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " why_review TEXT NOT NULL,"
        " requested_by TEXT NOT NULL,"
        " requested_ms INTEGER NOT NULL,"
        " status TEXT NOT NULL,"
        " decided_by TEXT,"
        " decided_ms INTEGER);"
        "CREATE TABLE guardian_group ("
        " group_id TEXT PRIMARY KEY,"
        " over_since_ms INTEGER NOT NULL,"
        " committed INTEGER NOT NULL,"
        " progress_ms INTEGER NOT NULL,"
        " paused_ms INTEGER NOT NULL);",
        /* 6 (issue 9): schema registrations klaxon attempted (see schema_violations.h). */
        "CREATE TABLE schema_registration ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " at_ms INTEGER NOT NULL,"
        " registry TEXT NOT NULL,"
        " subject TEXT NOT NULL,"
        " outcome TEXT NOT NULL,"
        " schema_id INTEGER,"
        " message TEXT NOT NULL);",
};

static int mkdir_p(const char *path, struct kx_err *err)
{
        char buf[4096];

        snprintf(buf, sizeof(buf), "%s", path);
        for (char *p = buf + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(buf, 0700) != 0 && errno != EEXIST)
                        return kx_err_set(err, KX_ERR_STATE, "cannot create %s: %s", buf, strerror(errno));
                *p = '/';
        }
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
                return kx_err_set(err, KX_ERR_STATE, "cannot create %s: %s", buf, strerror(errno));
        return 0;
}

int kx_state_dir(const struct kx_config *cfg, char *buf, size_t size, struct kx_err *err)
{
        const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

        if (cfg && cfg->state_dir)
                snprintf(buf, size, "%s", cfg->state_dir);
        else if (xdg && *xdg)
                snprintf(buf, size, "%s/klaxon", xdg);
        else if (home && *home)
                snprintf(buf, size, "%s/.local/state/klaxon", home);
        else
                return kx_err_set(err, KX_ERR_STATE, "no state dir: set --state-dir, "
                                                     "XDG_STATE_HOME or HOME");
        return mkdir_p(buf, err);
}

int kx_store_exec(struct kx_store *store, const char *sql, struct kx_err *err)
{
        char *msg = NULL;

        if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
                kx_err_set(err, KX_ERR_STATE, "%s: %s", store->path, msg ? msg : "sqlite error");
                sqlite3_free(msg);
                return KX_ERR_STATE;
        }
        return 0;
}

static int schema_version(struct kx_store *store)
{
        sqlite3_stmt *st;
        int v = 0;

        if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW)
                        v = sqlite3_column_int(st, 0);
                sqlite3_finalize(st);
        }
        return v;
}

static int migrate(struct kx_store *store, struct kx_err *err)
{
        int have = schema_version(store);
        int want = (int)(sizeof(migrations) / sizeof(migrations[0]));

        if (have > want)
                return kx_err_set(err, KX_ERR_STATE, "%s: schema version %d is newer than this "
                                                     "klaxon (%d)", store->path, have, want);
        for (int v = have; v < want; v++) {
                char pragma[64];

                snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
                /* Another process may have migrated since we looked: check
                 * again under the write lock. */
                if (kx_store_exec(store, "BEGIN IMMEDIATE", err))
                        return KX_ERR_STATE;
                if (schema_version(store) > v) {
                        if (kx_store_exec(store, "COMMIT", err))
                                return KX_ERR_STATE;
                        continue;
                }
                if (kx_store_exec(store, migrations[v], err) || kx_store_exec(store, pragma, err) ||
                    kx_store_exec(store, "COMMIT", err)) {
                        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
                        return KX_ERR_STATE;
                }
        }
        return 0;
}

int kx_store_open_path(const char *path, struct kx_store *store, struct kx_err *err)
{
        memset(store, 0, sizeof(*store));
        store->path = kx_xstrdup(path);
        if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                      SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
                kx_err_set(err, KX_ERR_STATE, "%s: %s", path,
                           store->db ? sqlite3_errmsg(store->db) : "cannot open");
                kx_store_close(store);
                return KX_ERR_STATE;
        }
        sqlite3_busy_timeout(store->db, 5000);
        /* Two processes opening a new database at once: switching it to WAL
         * can be refused as "locked" without waiting; try again shortly. */
        for (int attempt = 0;; attempt++) {
                if (!kx_store_exec(store, "PRAGMA journal_mode=WAL", err) && !migrate(store, err))
                        return 0;
                if (attempt == 50 || !strstr(err->msg, "database is locked"))
                        break;
                usleep(20 * 1000);
        }
        kx_store_close(store);
        return KX_ERR_STATE;
}

int kx_store_open(const struct kx_config *cfg, struct kx_store *store, struct kx_err *err)
{
        char dir[4096], path[4200];
        int rc = kx_state_dir(cfg, dir, sizeof(dir), err);

        if (rc)
                return rc;
        snprintf(path, sizeof(path), "%s/klaxon.db", dir);
        return kx_store_open_path(path, store, err);
}

void kx_store_close(struct kx_store *store)
{
        if (store->db)
                sqlite3_close(store->db);
        free(store->path);
        memset(store, 0, sizeof(*store));
}
