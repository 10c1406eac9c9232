/* test_probe_store.c - the probe's sqlite tables (core/probe_store.c):
 * buckets add up, resume state round-trips, failed sequence numbers are
 * forgiven once, the probe id is stable; compacting old buckets into hourly
 * rows keeps every budget and burn rate the same. */
#include "../lib/testlib.h"
#include "../../core/probe_store.h"
#include "../../core/slo_report.h"

#include <check.h>
#include <math.h>
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

#define MINUTE 60000LL
#define HOUR (60 * MINUTE)

/* 4 days of 1-minute buckets ending at now, with failures, loss, slow
 * messages and broker downs sprinkled in (some minutes missing). */
static void fill_days(const char *topic, int64_t now, int salt)
{
        struct kx_err err;

        ck_assert_int_eq(kx_store_exec(&st, "BEGIN", &err), 0);   /* one commit, not 5760 */
        for (int64_t t = now - 4 * 24 * HOUR; t < now; t += MINUTE) {
                int64_t m = t / MINUTE + salt;
                struct kx_probe_bucket b = {.start_ms = t, .width_ms = MINUTE};

                if (m % 97 == 5)
                        continue;       /* the probe was down */
                b.attempts = 180;
                b.failures = m % 61 == 0 ? 7 : m % 13 == 0 ? 1 : 0;
                b.successes = b.attempts - b.failures;
                b.received = b.successes - (m % 1440 == 17 ? 2 : 0);
                b.lost = m % 1440 == 17 ? 2 : 0;
                b.delivered = b.received;
                b.slow = m % 7 == 0 ? 3 : 0;
                b.broker_up = 60 - (m % 240 == 3 ? 2 : 0);
                b.broker_down = 60 - b.broker_up;
                for (int i = 0; i < 6; i++)
                        kx_hist_add(&b.hist, (double)(5 + (m * 37 + i * 101) % (b.slow ? 900 : 400)));
                ck_assert_msg(kx_probe_store_add(&st, topic, &b, &err) == 0, "%s", err.msg);
        }
        ck_assert_int_eq(kx_store_exec(&st, "COMMIT", &err), 0);
}

static void expect_same_report(const struct kx_slo_report *a, const struct kx_slo_report *b)
{
        static const enum kx_sli probe_slis[] = {KX_SLI_PRODUCE, KX_SLI_LATENCY, KX_SLI_DURABILITY,
                                                 KX_SLI_BROKERS};

        for (size_t i = 0; i < sizeof(probe_slis) / sizeof(probe_slis[0]); i++) {
                const struct kx_slo_result *x = &a->sli[probe_slis[i]], *y = &b->sli[probe_slis[i]];

                ck_assert(x->has_data && y->has_data);
                ck_assert_msg(x->window.good == y->window.good && x->window.bad == y->window.bad,
                              "%s: good/bad %g/%g before, %g/%g after", kx_sli_key(probe_slis[i]),
                              x->window.good, x->window.bad, y->window.good, y->window.bad);
                ck_assert(x->remaining == y->remaining);
                ck_assert_int_eq(x->burn_cnt, y->burn_cnt);
                for (int k = 0; k < x->burn_cnt; k++)
                        ck_assert_msg(x->burn[k].rate == y->burn[k].rate ||
                                              (isinf(x->burn[k].rate) && isinf(y->burn[k].rate)),
                                      "%s burn[%d] %g vs %g", kx_sli_key(probe_slis[i]), k,
                                      x->burn[k].rate, y->burn[k].rate);
                ck_assert_int_eq(x->alert, y->alert);
                ck_assert_int_eq(x->policy, y->policy);
        }
        ck_assert_int_eq(a->attempts, b->attempts);
        ck_assert_int_eq(a->failures, b->failures);
        ck_assert_int_eq(a->lost, b->lost);
        ck_assert_int_eq(a->broker_down, b->broker_down);
        ck_assert(a->p50_ms == b->p50_ms && a->p99_ms == b->p99_ms && a->p999_ms == b->p999_ms);
}

START_TEST(test_compaction_keeps_budgets)
{
        const int64_t now = 1700000000000LL / HOUR * HOUR;   /* an hour boundary */
        struct kx_slo_config cfg;
        struct kx_slo_report before, after, before_mid, after_mid, before30;
        struct kx_probe_bucket *out;
        struct kx_err err;
        int removed, n_before, n_after;
        int64_t first_hour = 0, attempts = 0;

        kx_slo_config_default(&cfg);
        cfg.window_ms = 3 * 24 * HOUR;    /* the window reaches into the compacted days */
        fill_days("t", now, 0);
        fill_days("u", now, 11);
        ck_assert_int_eq(kx_probe_store_buckets(&st, "t", 0, &out, &n_before, &err), 0);
        for (int i = 0; i < n_before; i++) {
                attempts += out[i].attempts;
                if (out[i].start_ms < now - 4 * 24 * HOUR + HOUR)
                        first_hour += out[i].attempts;
        }
        free(out);
        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now, &before, &err), 0);
        cfg.window_ms = 30 * 24 * HOUR;
        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now, &before30, &err), 0);
        cfg.window_ms = 3 * 24 * HOUR;
        /* mid-hour: windows shorter than the kept 2 days are unchanged too */
        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now - 23 * MINUTE,
                                             &before_mid, &err), 0);

        ck_assert_msg(kx_probe_store_compact(&st, now - 2 * 24 * HOUR, HOUR, &removed, &err) == 0, "%s",
                      err.msg);
        ck_assert_int_gt(removed, 0);
        ck_assert_int_eq(kx_probe_store_buckets(&st, "t", 0, &out, &n_after, &err), 0);
        /* two days of minutes became 48 hourly rows; the last two days stay */
        ck_assert_int_lt(n_after, n_before);
        ck_assert_int_eq(out[0].start_ms, now - 4 * 24 * HOUR);
        ck_assert_int_eq(out[0].width_ms, HOUR);
        ck_assert_int_eq(out[0].attempts, first_hour);
        for (int i = 0; i < n_after; i++)
                attempts -= out[i].attempts;
        ck_assert_int_eq(attempts, 0);
        ck_assert_int_eq(out[47].width_ms, HOUR);
        ck_assert_int_eq(out[47].start_ms, now - 2 * 24 * HOUR - HOUR);
        ck_assert_int_eq(out[48].width_ms, MINUTE);
        ck_assert_int_ge(out[48].start_ms, now - 2 * 24 * HOUR);
        ck_assert_int_eq(n_after, 48 + (n_before - 48 * 60 + 30));  /* 30 missing minutes in days 3-4 */
        free(out);

        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now, &after, &err), 0);
        expect_same_report(&before, &after);
        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now - 23 * MINUTE,
                                             &after_mid, &err), 0);
        for (int k = 0; k < before_mid.sli[KX_SLI_PRODUCE].burn_cnt; k++)
                ck_assert(before_mid.sli[KX_SLI_PRODUCE].burn[k].rate ==
                          after_mid.sli[KX_SLI_PRODUCE].burn[k].rate);
        /* the other topic was compacted on its own, and again is a no-op */
        ck_assert_int_eq(kx_probe_store_buckets(&st, "u", 0, &out, &n_after, &err), 0);
        ck_assert_int_eq(out[0].width_ms, HOUR);
        free(out);
        ck_assert_int_eq(kx_probe_store_compact(&st, now - 2 * 24 * HOUR, HOUR, &removed, &err), 0);
        ck_assert_int_eq(removed, 0);
        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now, &after, &err), 0);
        expect_same_report(&before, &after);
        /* the 30-day budget (window edge on an hour) is the same as well */
        cfg.window_ms = 30 * 24 * HOUR;
        ck_assert_int_eq(kx_slo_report_build(&cfg, &st, "t", "http://127.0.0.1:1", now, &after, &err), 0);
        expect_same_report(&before30, &after);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("probe_store");
        TCase *tc = tcase_create("sqlite");

        tcase_set_timeout(tc, 60);

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_buckets_add_up);
        tcase_add_test(tc, test_compaction_keeps_budgets);
        tcase_add_test(tc, test_state_round_trip);
        tcase_add_test(tc, test_failed_forgiven_once);
        tcase_add_test(tc, test_probe_id_and_meta);
        tcase_add_test(tc, test_concurrent_first_open);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
