/* topic_request.c - the topic_request table. */
#include "topic_request.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

#define COLUMNS "id, topic, team, partitions, replication, configs, reason, why_review, requested_by, " \
                "requested_ms, status, decided_by, decided_ms"

static int sql_fail(struct kx_store *store, struct kx_err *err)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s", store->path, sqlite3_errmsg(store->db));
}

static char *col(sqlite3_stmt *st, int i)
{
        return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
                                                         : kx_xstrdup((const char *)sqlite3_column_text(st, i));
}

static void row(sqlite3_stmt *st, struct kx_topic_request *r)
{
        const char *configs = (const char *)sqlite3_column_text(st, 5);

        memset(r, 0, sizeof(*r));
        r->id = sqlite3_column_int64(st, 0);
        r->topic = col(st, 1);
        r->team = col(st, 2);
        r->partitions = sqlite3_column_int(st, 3);
        r->replication = sqlite3_column_int(st, 4);
        r->configs = json_loads(configs ? configs : "{}", 0, NULL);
        if (!r->configs)
                r->configs = json_object();
        r->reason = col(st, 6);
        r->why_review = col(st, 7);
        r->requested_by = col(st, 8);
        r->requested_ms = sqlite3_column_int64(st, 9);
        r->status = col(st, 10);
        r->decided_by = col(st, 11);
        r->decided_ms = sqlite3_column_int64(st, 12);
}

int kx_topic_request_add(struct kx_store *store, const struct kx_topic_request *req, int64_t *id,
                         struct kx_err *err)
{
        sqlite3_stmt *st;
        char *configs = json_dumps(req->configs ? req->configs : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
        int rc = 0;

        if (sqlite3_prepare_v2(store->db, "INSERT INTO topic_request (topic, team, partitions, replication, "
                                          "configs, reason, why_review, requested_by, requested_ms, status) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')", -1, &st, NULL) != SQLITE_OK) {
                free(configs);
                return sql_fail(store, err);
        }
        sqlite3_bind_text(st, 1, req->topic, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, req->team ? req->team : "", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, req->partitions);
        sqlite3_bind_int(st, 4, req->replication);
        sqlite3_bind_text(st, 5, configs, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, req->reason ? req->reason : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, req->why_review ? req->why_review : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, req->requested_by, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 9, req->requested_ms);
        if (sqlite3_step(st) != SQLITE_DONE)
                rc = sql_fail(store, err);
        else
                *id = sqlite3_last_insert_rowid(store->db);
        sqlite3_finalize(st);
        free(configs);
        return rc;
}

int kx_topic_request_get(struct kx_store *store, int64_t id, struct kx_topic_request *req,
                         struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc = 0;

        memset(req, 0, sizeof(*req));
        if (sqlite3_prepare_v2(store->db, "SELECT " COLUMNS " FROM topic_request WHERE id = ?", -1, &st,
                               NULL) != SQLITE_OK)
                return sql_fail(store, err);
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
                row(st, req);
        else
                rc = kx_err_set(err, KX_ERR_NOT_FOUND, "no topic request %lld (see klaxon request list)",
                                (long long)id);
        sqlite3_finalize(st);
        return rc;
}

int kx_topic_request_list(struct kx_store *store, bool pending_only, struct kx_topic_request **out,
                          int *cnt, struct kx_err *err)
{
        sqlite3_stmt *st;

        *out = NULL;
        *cnt = 0;
        if (sqlite3_prepare_v2(store->db, pending_only ? "SELECT " COLUMNS " FROM topic_request WHERE "
                                                         "status = 'pending' ORDER BY id DESC"
                                                       : "SELECT " COLUMNS " FROM topic_request ORDER BY id DESC",
                               -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        while (sqlite3_step(st) == SQLITE_ROW) {
                *out = kx_xrealloc(*out, (size_t)(*cnt + 1) * sizeof(**out));
                row(st, &(*out)[(*cnt)++]);
        }
        sqlite3_finalize(st);
        return 0;
}

bool kx_topic_request_refused(const struct kx_topic_request *req, const char *operator_name, char *why,
                              size_t size)
{
        if (strcmp(req->status, "pending")) {
                snprintf(why, size, "request %lld is already %s by %s", (long long)req->id, req->status,
                         req->decided_by ? req->decided_by : "?");
                return true;
        }
        if (!strcmp(req->requested_by, operator_name)) {
                snprintf(why, size, "request %lld was filed by %s; a different operator must decide it",
                         (long long)req->id, operator_name);
                return true;
        }
        return false;
}

int kx_topic_request_decide(struct kx_store *store, int64_t id, const char *status,
                            const char *operator_name, int64_t at_ms, struct kx_err *err)
{
        struct kx_topic_request req;
        sqlite3_stmt *st;
        char why[256];
        int rc = kx_topic_request_get(store, id, &req, err);

        if (rc)
                return rc;
        if (kx_topic_request_refused(&req, operator_name, why, sizeof(why))) {
                kx_topic_request_done(&req);
                return kx_err_set(err, KX_ERR_REFUSED, "%s", why);
        }
        kx_topic_request_done(&req);
        /* The WHERE repeats the rule, so two operators racing cannot both win. */
        if (sqlite3_prepare_v2(store->db, "UPDATE topic_request SET status = ?, decided_by = ?, decided_ms = ? "
                                          "WHERE id = ? AND status = 'pending' AND requested_by <> ?",
                               -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, operator_name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, at_ms);
        sqlite3_bind_int64(st, 4, id);
        sqlite3_bind_text(st, 5, operator_name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
                rc = sql_fail(store, err);
        else if (sqlite3_changes(store->db) != 1)
                rc = kx_err_set(err, KX_ERR_REFUSED, "request %lld was decided meanwhile", (long long)id);
        sqlite3_finalize(st);
        return rc;
}

void kx_topic_request_done(struct kx_topic_request *r)
{
        free(r->topic);
        free(r->team);
        json_decref(r->configs);
        free(r->reason);
        free(r->why_review);
        free(r->requested_by);
        free(r->status);
        free(r->decided_by);
        memset(r, 0, sizeof(*r));
}

void kx_topic_requests_free(struct kx_topic_request *reqs, int cnt)
{
        for (int i = 0; i < cnt; i++)
                kx_topic_request_done(&reqs[i]);
        free(reqs);
}
