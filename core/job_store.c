/* job_store.c - jobs and checkpoints in sqlite. */
#include "job_store.h"
#include "kafka.h"
#include "xalloc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static int db_fail(struct kx_store *store, struct kx_err *err, const char *what)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s: %s", store->path, what,
                          sqlite3_errmsg(store->db));
}

static char *dump(const json_t *j)
{
        return j ? json_dumps(j, JSON_COMPACT) : NULL;
}

static void new_id(char *id, size_t size)
{
        unsigned char r[4] = {0};
        int64_t t = kx_now_ms();

        if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
                memcpy(r, &t, sizeof(r));
        snprintf(id, size, "r%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
}

static int put_checkpoints(struct kx_store *store, const char *id, const struct kx_job_cp *cps,
                           int cnt, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc = 0;

        if (sqlite3_prepare_v2(store->db, "INSERT OR REPLACE INTO job_checkpoint (job, partition, "
                                          "next_offset, matched, written, scan_from) VALUES "
                                          "(?, ?, ?, ?, ?, ?)",
                               -1, &st, NULL) != SQLITE_OK)
                return db_fail(store, err, "checkpoint");
        for (int i = 0; i < cnt && !rc; i++) {
                sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
                sqlite3_bind_int(st, 2, cps[i].partition);
                sqlite3_bind_int64(st, 3, cps[i].next_offset);
                sqlite3_bind_int64(st, 4, cps[i].matched);
                sqlite3_bind_int64(st, 5, cps[i].written);
                sqlite3_bind_int64(st, 6, cps[i].scan_from);
                if (sqlite3_step(st) != SQLITE_DONE)
                        rc = db_fail(store, err, "checkpoint");
                sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        return rc;
}

static int in_txn(struct kx_store *store, struct kx_err *err, int rc)
{
        if (rc) {
                sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
                return rc;
        }
        return kx_store_exec(store, "COMMIT", err);
}

int kx_job_create(struct kx_store *store, const char *kind, const json_t *spec, const json_t *plan,
                  const char *bootstrap, int64_t total, const struct kx_job_cp *cps, int cp_cnt,
                  char *id, size_t id_size, struct kx_err *err)
{
        char *spec_s = dump(spec), *plan_s = dump(plan);
        int64_t now = kx_now_ms();
        sqlite3_stmt *st = NULL;
        int rc;

        new_id(id, id_size);
        if ((rc = kx_store_exec(store, "BEGIN IMMEDIATE", err)))
                goto out;
        if (sqlite3_prepare_v2(store->db, "INSERT INTO job (id, kind, state, created_ms, updated_ms, "
                                          "total, spec, plan, bootstrap) VALUES "
                                          "(?, ?, 'queued', ?, ?, ?, ?, ?, ?)",
                               -1, &st, NULL) != SQLITE_OK) {
                rc = in_txn(store, err, db_fail(store, err, "new job"));
                goto out;
        }
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, total);
        sqlite3_bind_text(st, 6, spec_s, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, plan_s, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, bootstrap ? bootstrap : "", -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(store, err, "new job");
        if (!rc)
                rc = put_checkpoints(store, id, cps, cp_cnt, err);
        rc = in_txn(store, err, rc);
out:
        sqlite3_finalize(st);
        free(spec_s);
        free(plan_s);
        return rc;
}

#define JOB_COLUMNS "id, kind, state, detail, created_ms, updated_ms, pid, total, done, rate, " \
                    "spec, plan, report, bootstrap"

static json_t *col_json(sqlite3_stmt *st, int col)
{
        const char *text = (const char *)sqlite3_column_text(st, col);

        return text ? json_loads(text, 0, NULL) : NULL;
}

static void row_to_job(sqlite3_stmt *st, struct kx_job *job)
{
        memset(job, 0, sizeof(*job));
        snprintf(job->id, sizeof(job->id), "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(job->kind, sizeof(job->kind), "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(job->state, sizeof(job->state), "%s", (const char *)sqlite3_column_text(st, 2));
        job->detail = kx_xstrdup((const char *)sqlite3_column_text(st, 3));
        job->created_ms = sqlite3_column_int64(st, 4);
        job->updated_ms = sqlite3_column_int64(st, 5);
        job->pid = sqlite3_column_int(st, 6);
        job->total = sqlite3_column_int64(st, 7);
        job->done = sqlite3_column_int64(st, 8);
        job->rate = sqlite3_column_double(st, 9);
        job->spec = col_json(st, 10);
        job->plan = col_json(st, 11);
        job->report = col_json(st, 12);
        job->bootstrap = kx_xstrdup((const char *)sqlite3_column_text(st, 13));
}

int kx_job_get(struct kx_store *store, const char *id, struct kx_job *job, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        if (sqlite3_prepare_v2(store->db, "SELECT " JOB_COLUMNS " FROM job WHERE id = ?", -1, &st,
                               NULL) != SQLITE_OK)
                return db_fail(store, err, "read job");
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                row_to_job(st, job);
                rc = 0;
        } else if (rc == SQLITE_DONE) {
                rc = kx_err_set(err, KX_ERR_NOT_FOUND, "no job %s (see klaxon job list)", id);
        } else {
                rc = db_fail(store, err, "read job");
        }
        sqlite3_finalize(st);
        return rc;
}

int kx_job_list(struct kx_store *store, struct kx_job **jobs, size_t *cnt, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        *jobs = NULL;
        *cnt = 0;
        if (sqlite3_prepare_v2(store->db, "SELECT " JOB_COLUMNS " FROM job ORDER BY created_ms DESC",
                               -1, &st, NULL) != SQLITE_OK)
                return db_fail(store, err, "list jobs");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                *jobs = kx_xrealloc(*jobs, (*cnt + 1) * sizeof(**jobs));
                row_to_job(st, &(*jobs)[(*cnt)++]);
        }
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 0 : db_fail(store, err, "list jobs");
}

void kx_job_free(struct kx_job *job)
{
        free(job->detail);
        free(job->bootstrap);
        json_decref(job->spec);
        json_decref(job->plan);
        json_decref(job->report);
        memset(job, 0, sizeof(*job));
}

int kx_job_set_state(struct kx_store *store, const char *id, const char *state, const char *detail,
                     int pid, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        if (sqlite3_prepare_v2(store->db, "UPDATE job SET state = ?, detail = ?, updated_ms = ?, "
                                          "pid = CASE WHEN ? >= 0 THEN ? ELSE pid END WHERE id = ?",
                               -1, &st, NULL) != SQLITE_OK)
                return db_fail(store, err, "job state");
        sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, detail ? detail : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, kx_now_ms());
        sqlite3_bind_int(st, 4, pid);
        sqlite3_bind_int(st, 5, pid);
        sqlite3_bind_text(st, 6, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(store, err, "job state");
        sqlite3_finalize(st);
        return rc;
}

int kx_job_state(struct kx_store *store, const char *id, char *state, size_t size,
                 struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        if (sqlite3_prepare_v2(store->db, "SELECT state FROM job WHERE id = ?", -1, &st, NULL) !=
            SQLITE_OK)
                return db_fail(store, err, "job state");
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                snprintf(state, size, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = rc == SQLITE_ROW ? 0 : kx_err_set(err, KX_ERR_NOT_FOUND, "no job %s", id);
        sqlite3_finalize(st);
        return rc;
}

int kx_job_progress(struct kx_store *store, const char *id, int64_t done, double rate,
                    const struct kx_job_cp *cps, int cp_cnt, struct kx_err *err)
{
        sqlite3_stmt *st = NULL;
        int rc = kx_store_exec(store, "BEGIN IMMEDIATE", err);

        if (rc)
                return rc;
        if (sqlite3_prepare_v2(store->db, "UPDATE job SET done = ?, rate = ?, updated_ms = ? "
                                          "WHERE id = ?",
                               -1, &st, NULL) != SQLITE_OK)
                return in_txn(store, err, db_fail(store, err, "job progress"));
        sqlite3_bind_int64(st, 1, done);
        sqlite3_bind_double(st, 2, rate);
        sqlite3_bind_int64(st, 3, kx_now_ms());
        sqlite3_bind_text(st, 4, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(store, err, "job progress");
        sqlite3_finalize(st);
        if (!rc)
                rc = put_checkpoints(store, id, cps, cp_cnt, err);
        return in_txn(store, err, rc);
}

int kx_job_checkpoints(struct kx_store *store, const char *id, struct kx_job_cp **cps, int *cnt,
                       struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        *cps = NULL;
        *cnt = 0;
        if (sqlite3_prepare_v2(store->db, "SELECT partition, next_offset, matched, written, "
                                          "scan_from FROM job_checkpoint WHERE job = ? "
                                          "ORDER BY partition",
                               -1, &st, NULL) != SQLITE_OK)
                return db_fail(store, err, "read checkpoints");
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct kx_job_cp *c;

                *cps = kx_xrealloc(*cps, (size_t)(*cnt + 1) * sizeof(**cps));
                c = &(*cps)[(*cnt)++];
                c->partition = sqlite3_column_int(st, 0);
                c->next_offset = sqlite3_column_int64(st, 1);
                c->matched = sqlite3_column_int64(st, 2);
                c->written = sqlite3_column_int64(st, 3);
                c->scan_from = sqlite3_column_int64(st, 4);
        }
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 0 : db_fail(store, err, "read checkpoints");
}

int kx_job_finish(struct kx_store *store, const char *id, const char *state, const char *detail,
                  const json_t *report, struct kx_err *err)
{
        char *rep = dump(report);
        sqlite3_stmt *st;
        int rc;

        if (sqlite3_prepare_v2(store->db, "UPDATE job SET state = ?, detail = ?, report = ?, "
                                          "updated_ms = ?, pid = 0 WHERE id = ?",
                               -1, &st, NULL) != SQLITE_OK) {
                free(rep);
                return db_fail(store, err, "finish job");
        }
        sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, detail ? detail : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, rep, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, kx_now_ms());
        sqlite3_bind_text(st, 5, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(store, err, "finish job");
        sqlite3_finalize(st);
        free(rep);
        return rc;
}

bool kx_job_state_final(const char *state)
{
        return !strcmp(state, "done") || !strcmp(state, "failed") || !strcmp(state, "cancelled");
}

/* A zombie (killed, not yet reaped by its parent) is not alive. */
static bool zombie(int pid)
{
        char path[64], buf[256];
        FILE *f;
        char *paren;
        bool z = false;

        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        f = fopen(path, "r");
        if (!f)
                return false;
        if (fgets(buf, sizeof(buf), f) && (paren = strrchr(buf, ')')) && paren[1] == ' ')
                z = paren[2] == 'Z' || paren[2] == 'X';
        fclose(f);
        return z;
}

bool kx_job_alive(const struct kx_job *job)
{
        return job->pid > 0 && (kill(job->pid, 0) == 0 || errno == EPERM) && !zombie(job->pid);
}

const char *kx_job_state_shown(const struct kx_job *job)
{
        if (!kx_job_state_final(job->state) && strcmp(job->state, "queued") && !kx_job_alive(job))
                return "interrupted";
        return job->state;
}

int kx_job_store_version(struct kx_store *store, struct kx_store_version *v, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        v->own_changes = (int64_t)sqlite3_total_changes64(store->db);
        if (sqlite3_prepare_v2(store->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
                return db_fail(store, err, "data_version");
        rc = sqlite3_step(st) == SQLITE_ROW ? 0 : db_fail(store, err, "data_version");
        v->data_version = rc ? -1 : sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return rc;
}
