/* test_probe_store.c - the probe's sqlite tables (core/probe_store.c):
 * buckets add up, resume state round-trips, failed sequence numbers are
 * forgiven once, the probe id is stable. */
#include "../lib/testlib.h"
#include "../../core/probe_store.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char path[64];
static struct kx_store st;

static void setup(void)
{
        struct kx_err err;

        kx_test_temp_file("", path, sizeof(path));
        unlink(path);
        ck_assert_msg(kx_store_open_path(path, &st, &err) == 0, "%s", err.msg);
}

static void teardown(void)
{
        char wal[80];

        kx_store_close(&st);
        unlink(path);
        snprintf(wal, sizeof(wal), "%s-wal", path);
        unlink(wal);
        snprintf(wal, sizeof(wal), "%s-shm", path);
        unlink(wal);
}

START_TEST(test_buckets_add_up)
{
        struct kx_probe_bucket b = {.start_ms = 60000, .width_ms = 60000, .attempts = 3,
                                    .successes = 2, .failures = 1, .delivered = 2, .received = 2,
                                    .lost = 1, .duplicates = 0, .slow = 1, .broker_up = 5,
                                    .broker_down = 1};
        struct kx_probe_bucket *out;
        struct kx_err err;
        int n;

        kx_hist_add(&b.hist, 3);
        kx_hist_add(&b.hist, 700);
        ck_assert_int_eq(kx_probe_store_add(&st, "t", &b, &err), 0);
        ck_assert_int_eq(kx_probe_store_add(&st, "t", &b, &err), 0);   /* same bucket: sums */
        b.start_ms = 120000;
        ck_assert_int_eq(kx_probe_store_add(&st, "t", &b, &err), 0);
        ck_assert_int_eq(kx_probe_store_add(&st, "other", &b, &err), 0);
        ck_assert_int_eq(kx_probe_store_buckets(&st, "t", 0, &out, &n, &err), 0);
        ck_assert_int_eq(n, 2);
        ck_assert_int_eq(out[0].start_ms, 60000);
        ck_assert_int_eq(out[0].attempts, 6);
        ck_assert_int_eq(out[0].failures, 2);
        ck_assert_int_eq(out[0].lost, 2);
        ck_assert_int_eq(out[0].slow, 2);
        ck_assert_int_eq(out[0].broker_down, 2);
        ck_assert_int_eq(out[0].hist.total, 4);
        ck_assert(kx_hist_quantile(&out[0].hist, 1) >= 700);
        ck_assert_int_eq(out[1].attempts, 3);
        free(out);
        /* only buckets that end after from_ms */
        ck_assert_int_eq(kx_probe_store_buckets(&st, "t", 120000, &out, &n, &err), 0);
        ck_assert_int_eq(n, 1);
        ck_assert_int_eq(out[0].start_ms, 120000);
        free(out);
}
END_TEST

START_TEST(test_state_round_trip)
{
        struct kx_probe_pstate ps[2] = {{0, 10, 100, 9}, {1, 5, -1, 5}}, *out;
        struct kx_err err;
        int n;

        ck_assert_int_eq(kx_probe_state_load(&st, "t", &out, &n, &err), 0);
        ck_assert_int_eq(n, 0);
        free(out);
        ck_assert_int_eq(kx_probe_state_save(&st, "t", ps, 2, &err), 0);
        ps[0].next_seq = 11;
        ck_assert_int_eq(kx_probe_state_save(&st, "t", ps, 1, &err), 0);  /* replaces */
        ck_assert_int_eq(kx_probe_state_load(&st, "t", &out, &n, &err), 0);
        ck_assert_int_eq(n, 2);
        ck_assert_int_eq(out[0].next_seq, 11);
        ck_assert_int_eq(out[0].next_offset, 100);
        ck_assert_int_eq(out[0].expect_seq, 9);
        ck_assert_int_eq(out[1].next_offset, -1);
        free(out);
}
END_TEST

START_TEST(test_failed_forgiven_once)
{
        struct kx_err err;

        ck_assert_int_eq(kx_probe_failed_add(&st, "t", 0, 5, &err), 0);
        ck_assert_int_eq(kx_probe_failed_add(&st, "t", 0, 6, &err), 0);
        ck_assert_int_eq(kx_probe_failed_add(&st, "t", 0, 6, &err), 0);   /* once */
        ck_assert_int_eq(kx_probe_failed_add(&st, "t", 1, 5, &err), 0);
        ck_assert_int_eq(kx_probe_failed_add(&st, "t", 0, 20, &err), 0);
        /* a gap over 4..9: 5 and 6 were never written */
        ck_assert_int_eq(kx_probe_failed_take(&st, "t", 0, 4, 10, &err), 2);
        ck_assert_int_eq(kx_probe_failed_take(&st, "t", 0, 4, 10, &err), 0);
        /* other partitions and later numbers stay */
        ck_assert_int_eq(kx_probe_failed_take(&st, "t", 1, 0, 10, &err), 1);
        ck_assert_int_eq(kx_probe_failed_take(&st, "t", 0, 10, 30, &err), 1);
}
END_TEST

START_TEST(test_probe_id_and_meta)
{
        char a[32], b[32], v[64];
        struct kx_err err;

        ck_assert_int_eq(kx_probe_id(&st, a, sizeof(a), &err), 0);
        ck_assert_int_eq(strlen(a), 16);
        ck_assert_int_eq(kx_probe_id(&st, b, sizeof(b), &err), 0);
        ck_assert_str_eq(a, b);
        ck_assert_int_eq(kx_probe_meta_get(&st, "last_error", v, sizeof(v), &err), 0);
        ck_assert_str_eq(v, "");
        ck_assert_int_eq(kx_probe_meta_set(&st, "last_error", "not authorized", &err), 0);
        ck_assert_int_eq(kx_probe_meta_get(&st, "last_error", v, sizeof(v), &err), 0);
        ck_assert_str_eq(v, "not authorized");
}
END_TEST

/* Processes that open a fresh database at the same time (a probe and `slo
 * status`) must not both run the migrations. */
static char fresh[64];

static void *open_fresh(void *arg)
{
        struct kx_store other;
        struct kx_err err;
        int *rc = arg;

        *rc = kx_store_open_path(fresh, &other, &err);
        if (!*rc)
                kx_store_close(&other);
        else
                fprintf(stderr, "open: %s\n", err.msg);
        return NULL;
}

START_TEST(test_concurrent_first_open)
{
        pthread_t t[4];
        int rc[4], status;
        char *out;

        kx_test_temp_file("", fresh, sizeof(fresh));
        unlink(fresh);
        for (int i = 0; i < 4; i++)
                pthread_create(&t[i], NULL, open_fresh, &rc[i]);
        for (int i = 0; i < 4; i++)
                pthread_join(t[i], NULL);
        out = kx_test_sh(&status, "rm -f '%s' '%s-wal' '%s-shm'", fresh, fresh, fresh);
        free(out);
        for (int i = 0; i < 4; i++)
                ck_assert_int_eq(rc[i], 0);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("probe_store");
        TCase *tc = tcase_create("sqlite");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_buckets_add_up);
        tcase_add_test(tc, test_state_round_trip);
        tcase_add_test(tc, test_failed_forgiven_once);
        tcase_add_test(tc, test_probe_id_and_meta);
        tcase_add_test(tc, test_concurrent_first_open);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
