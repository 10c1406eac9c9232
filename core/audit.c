/* audit.c - hash-chained audit rows in sqlite. */
#include "audit.h"
#include "kafka.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static char *canonical(const struct kx_audit_entry *e)
{
        json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O}", "id",
                              (json_int_t)e->id, "at_ms", (json_int_t)e->at_ms, "operator",
                              e->operator_name, "origin", e->origin, "action", e->action, "target",
                              e->target, "outcome", e->outcome, "reason", e->reason ? e->reason : "",
                              "plan", e->plan ? e->plan : json_null(), "result",
                              e->result ? e->result : json_null(), "undo",
                              e->undo ? e->undo : json_null());
        char *s = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;

        json_decref(o);
        return s;
}

static void chain_hash(const char *prev, const char *canon, char out[65])
{
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();

        EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
        EVP_DigestUpdate(ctx, prev, strlen(prev));
        EVP_DigestUpdate(ctx, canon, strlen(canon));
        EVP_DigestFinal_ex(ctx, md, &len);
        EVP_MD_CTX_free(ctx);
        for (unsigned int i = 0; i < len && i < 32; i++)
                snprintf(out + 2 * i, 3, "%02x", md[i]);
        out[64] = '\0';
}

static int sql_fail(struct kx_store *store, struct kx_err *err)
{
        return kx_err_set(err, KX_ERR_STATE, "%s: %s", store->path, sqlite3_errmsg(store->db));
}

/* The head (newest id and hash) lives in its own table, created on demand. */
static int head_get(struct kx_store *store, int64_t *id, char hash[65], struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc;

        if (kx_store_exec(store, "CREATE TABLE IF NOT EXISTS audit_head (one INTEGER PRIMARY KEY "
                                 "CHECK (one = 1), id INTEGER NOT NULL, hash TEXT NOT NULL)", err))
                return KX_ERR_STATE;
        if (sqlite3_prepare_v2(store->db, "SELECT id, hash FROM audit_head WHERE one = 1", -1, &st,
                               NULL) != SQLITE_OK)
                return sql_fail(store, err);
        *id = 0;
        snprintf(hash, 65, "%s", GENESIS);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                *id = sqlite3_column_int64(st, 0);
                snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_finalize(st);
        return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(store, err);
}

int kx_audit_append(struct kx_store *store, struct kx_audit_entry *e, struct kx_err *err)
{
        static const char sql[] =
                "INSERT INTO audit (id, at_ms, operator, origin, action, target, outcome, reason, "
                "plan, result, undo, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
        char prev[65], hash[65];
        char *canon = NULL, *plan = NULL, *result = NULL, *undo = NULL;
        sqlite3_stmt *st = NULL;
        int64_t head_id;
        int rc = 0;

        if (kx_store_exec(store, "BEGIN IMMEDIATE", err))
                return KX_ERR_STATE;
        if ((rc = head_get(store, &head_id, prev, err)))
                goto out;
        e->id = head_id + 1;
        if (!e->at_ms)
                e->at_ms = kx_now_ms();
        canon = canonical(e);
        if (!canon) {
                rc = kx_err_set(err, KX_ERR_STATE, "audit: cannot encode the entry");
                goto out;
        }
        chain_hash(prev, canon, hash);
        plan = json_dumps(e->plan ? e->plan : json_null(), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        result = json_dumps(e->result ? e->result : json_null(), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        undo = json_dumps(e->undo ? e->undo : json_null(), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
                rc = sql_fail(store, err);
                goto out;
        }
        sqlite3_bind_int64(st, 1, e->id);
        sqlite3_bind_int64(st, 2, e->at_ms);
        sqlite3_bind_text(st, 3, e->operator_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, e->origin, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, e->action, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, e->target, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, e->outcome, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, e->reason ? e->reason : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, plan, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, result, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, undo, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 12, prev, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 13, hash, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
                rc = sql_fail(store, err);
                goto out;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (sqlite3_prepare_v2(store->db, "INSERT OR REPLACE INTO audit_head (one, id, hash) "
                                          "VALUES (1, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
                rc = sql_fail(store, err);
                goto out;
        }
        sqlite3_bind_int64(st, 1, e->id);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
                rc = sql_fail(store, err);
out:
        sqlite3_finalize(st);
        free(canon);
        free(plan);
        free(result);
        free(undo);
        if (kx_store_exec(store, rc ? "ROLLBACK" : "COMMIT", rc ? NULL : err) && !rc)
                rc = KX_ERR_STATE;
        return rc;
}

struct row_text {
        const char *prev_hash, *hash;
};

static int walk(struct kx_store *store,
                int (*fn)(const struct kx_audit_entry *e, const struct row_text *t, void *ctx),
                void *ctx, struct kx_err *err)
{
        sqlite3_stmt *st;
        int rc, stop = 0;

        if (sqlite3_prepare_v2(store->db,
                               "SELECT id, at_ms, operator, origin, action, target, outcome, reason, "
                               "plan, result, undo, prev_hash, hash FROM audit ORDER BY id",
                               -1, &st, NULL) != SQLITE_OK)
                return sql_fail(store, err);
        while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct kx_audit_entry e = {
                        .id = sqlite3_column_int64(st, 0),
                        .at_ms = sqlite3_column_int64(st, 1),
                        .operator_name = (const char *)sqlite3_column_text(st, 2),
                        .origin = (const char *)sqlite3_column_text(st, 3),
                        .action = (const char *)sqlite3_column_text(st, 4),
                        .target = (const char *)sqlite3_column_text(st, 5),
                        .outcome = (const char *)sqlite3_column_text(st, 6),
                        .reason = (const char *)sqlite3_column_text(st, 7),
                };
                struct row_text t = {(const char *)sqlite3_column_text(st, 11),
                                     (const char *)sqlite3_column_text(st, 12)};

                e.plan = json_loads((const char *)sqlite3_column_text(st, 8), JSON_DECODE_ANY, NULL);
                e.result = json_loads((const char *)sqlite3_column_text(st, 9), JSON_DECODE_ANY, NULL);
                e.undo = json_loads((const char *)sqlite3_column_text(st, 10), JSON_DECODE_ANY, NULL);
                if (e.operator_name && e.origin && e.action && e.target && e.outcome && t.prev_hash &&
                    t.hash)
                        stop = fn(&e, &t, ctx);
                json_decref(e.plan);
                json_decref(e.result);
                json_decref(e.undo);
        }
        sqlite3_finalize(st);
        return 0;
}

struct verify_ctx {
        struct kx_audit_check *out;
        int64_t expect_id;
        char prev[65];
};

static int verify_row(const struct kx_audit_entry *e, const struct row_text *t, void *arg)
{
        struct verify_ctx *v = arg;
        struct kx_audit_check *out = v->out;
        char *canon = canonical(e);
        char hash[65];

        out->rows++;
        if (e->id != v->expect_id) {
                out->bad_id = e->id;
                snprintf(out->why, sizeof(out->why), "row %lld is missing before row %lld",
                         (long long)v->expect_id, (long long)e->id);
        } else if (strcmp(t->prev_hash, v->prev)) {
                out->bad_id = e->id;
                snprintf(out->why, sizeof(out->why),
                         "row %lld does not follow row %lld (reordered or replaced)",
                         (long long)e->id, (long long)e->id - 1);
        } else {
                chain_hash(v->prev, canon ? canon : "", hash);
                if (strcmp(hash, t->hash)) {
                        out->bad_id = e->id;
                        snprintf(out->why, sizeof(out->why), "row %lld was modified", (long long)e->id);
                }
        }
        free(canon);
        snprintf(v->prev, sizeof(v->prev), "%s", t->hash);
        v->expect_id = e->id + 1;
        return out->bad_id != 0;
}

int kx_audit_verify(struct kx_store *store, struct kx_audit_check *out, struct kx_err *err)
{
        struct verify_ctx v = {.out = out, .expect_id = 1};
        int64_t head_id;
        char head_hash[65];

        memset(out, 0, sizeof(*out));
        snprintf(v.prev, sizeof(v.prev), "%s", GENESIS);
        if (head_get(store, &head_id, head_hash, err) || walk(store, verify_row, &v, err))
                return KX_ERR_STATE;
        if (!out->bad_id && (v.expect_id - 1 != head_id || strcmp(v.prev, head_hash))) {
                out->bad_id = v.expect_id - 1 < head_id ? v.expect_id : head_id;
                snprintf(out->why, sizeof(out->why),
                         "the log ends at row %lld but its head says row %lld (rows deleted at the end?)",
                         (long long)(v.expect_id - 1), (long long)head_id);
        }
        out->intact = out->bad_id == 0;
        return 0;
}

struct each_ctx {
        int (*fn)(const struct kx_audit_entry *e, void *ctx);
        void *ctx;
};

static int each_row(const struct kx_audit_entry *e, const struct row_text *t, void *arg)
{
        struct each_ctx *ec = arg;

        (void)t;
        return ec->fn(e, ec->ctx);
}

int kx_audit_each(struct kx_store *store, int (*fn)(const struct kx_audit_entry *e, void *ctx),
                  void *ctx, struct kx_err *err)
{
        struct each_ctx ec = {fn, ctx};

        return walk(store, each_row, &ec, err);
}

void kx_audit_identity(const char *operator_name, char *who, size_t who_size, char *origin,
                       size_t origin_size)
{
        const char *user = getenv("USER"), *ssh = getenv("SSH_CONNECTION");

        snprintf(who, who_size, "%s", operator_name ? operator_name : user && *user ? user : "unknown");
        if (ssh && *ssh) {
                char client[64];

                /* SSH_CONNECTION: "client_ip client_port server_ip server_port" */
                if (sscanf(ssh, "%63s", client) == 1) {
                        snprintf(origin, origin_size, "ssh %s", client);
                        return;
                }
        }
        snprintf(origin, origin_size, "local");
}
