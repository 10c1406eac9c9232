/* test_audit.c - the audit hash chain finds a modified, deleted or
 * reordered row and names it (core/audit.c, core/store.c). */
#include "../lib/testlib.h"
#include "../../core/audit.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static struct kx_store store;

static void open_with_rows(int rows)
{
        struct kx_err err;
        int fd;

        snprintf(path, sizeof(path), "/tmp/klaxon-audit-XXXXXX");
        fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        close(fd);
        unlink(path);
        ck_assert_int_eq(kx_store_open_path(path, &store, &err), 0);
        for (int i = 0; i < rows; i++) {
                char target[32];
                json_t *undo = json_pack("{s:i}", "offset", i * 10);
                struct kx_audit_entry e = {.operator_name = "alice", .origin = "local",
                                           .action = "group-reset", .target = target,
                                           .outcome = "executed", .reason = "drill", .undo = undo};

                snprintf(target, sizeof(target), "group-%d", i);
                ck_assert_int_eq(kx_audit_append(&store, &e, &err), 0);
                ck_assert_int_eq(e.id, i + 1);
                json_decref(undo);
        }
}

static void close_and_remove(void)
{
        char wal[80];

        kx_store_close(&store);
        unlink(path);
        snprintf(wal, sizeof(wal), "%s-wal", path);
        unlink(wal);
        snprintf(wal, sizeof(wal), "%s-shm", path);
        unlink(wal);
}

static struct kx_audit_check check(void)
{
        struct kx_audit_check c;
        struct kx_err err;

        ck_assert_int_eq(kx_audit_verify(&store, &c, &err), 0);
        return c;
}

static void tamper(const char *sql)
{
        struct kx_err err;

        ck_assert_int_eq(kx_store_exec(&store, sql, &err), 0);
}

START_TEST(test_intact_chain)
{
        struct kx_audit_check c;

        open_with_rows(4);
        c = check();
        ck_assert(c.intact);
        ck_assert_int_eq(c.rows, 4);
        close_and_remove();
}
END_TEST

START_TEST(test_modified_row_is_named)
{
        struct kx_audit_check c;

        open_with_rows(4);
        tamper("UPDATE audit SET reason = 'nothing to see' WHERE id = 2");
        c = check();
        ck_assert(!c.intact);
        ck_assert_int_eq(c.bad_id, 2);
        ck_assert_msg(strstr(c.why, "row 2 was modified"), "%s", c.why);
        close_and_remove();
}
END_TEST

START_TEST(test_modified_undo_is_named)
{
        struct kx_audit_check c;

        open_with_rows(3);
        tamper("UPDATE audit SET undo = '{\"offset\":999}' WHERE id = 3");
        c = check();
        ck_assert(!c.intact);
        ck_assert_int_eq(c.bad_id, 3);
        close_and_remove();
}
END_TEST

START_TEST(test_deleted_row_is_named)
{
        struct kx_audit_check c;

        open_with_rows(4);
        tamper("DELETE FROM audit WHERE id = 2");
        c = check();
        ck_assert(!c.intact);
        ck_assert_int_eq(c.bad_id, 3);
        ck_assert_msg(strstr(c.why, "row 2 is missing"), "%s", c.why);
        close_and_remove();
}
END_TEST

START_TEST(test_deleted_last_row_is_found)
{
        struct kx_audit_check c;

        open_with_rows(4);
        tamper("DELETE FROM audit WHERE id = 4");
        c = check();
        ck_assert(!c.intact);
        ck_assert_msg(strstr(c.why, "head says row 4"), "%s", c.why);
        close_and_remove();
}
END_TEST

START_TEST(test_reordered_rows_are_found)
{
        struct kx_audit_check c;

        open_with_rows(4);
        /* Swap the contents of rows 2 and 3, keeping ids in sequence. */
        tamper("UPDATE audit SET id = -2 WHERE id = 2;"
               "UPDATE audit SET id = 2 WHERE id = 3;"
               "UPDATE audit SET id = 3 WHERE id = -2;");
        c = check();
        ck_assert(!c.intact);
        ck_assert_int_eq(c.bad_id, 2);
        close_and_remove();
}
END_TEST

START_TEST(test_identity)
{
        char who[64], origin[64];

        setenv("SSH_CONNECTION", "10.1.2.3 51234 10.0.0.1 22", 1);
        setenv("USER", "bob", 1);
        kx_audit_identity(NULL, who, sizeof(who), origin, sizeof(origin));
        ck_assert_str_eq(who, "bob");
        ck_assert_str_eq(origin, "ssh 10.1.2.3");
        kx_audit_identity("carol", who, sizeof(who), origin, sizeof(origin));
        ck_assert_str_eq(who, "carol");
        unsetenv("SSH_CONNECTION");
        kx_audit_identity(NULL, who, sizeof(who), origin, sizeof(origin));
        ck_assert_str_eq(origin, "local");
}
END_TEST

int main(void)
{
        Suite *s = suite_create("audit");
        TCase *tc = tcase_create("hash-chain");

        tcase_add_test(tc, test_intact_chain);
        tcase_add_test(tc, test_modified_row_is_named);
        tcase_add_test(tc, test_modified_undo_is_named);
        tcase_add_test(tc, test_deleted_row_is_named);
        tcase_add_test(tc, test_deleted_last_row_is_found);
        tcase_add_test(tc, test_reordered_rows_are_found);
        tcase_add_test(tc, test_identity);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
