/* test_cost.c - cost per team (core/cost.c): rows add up to the cluster
 * totals, monthly cost from the policy's rates, bytes labelled as an
 * estimate, and a real size source plugs in. */
#include "../lib/testlib.h"
#include "../../core/cost.h"

#include <check.h>
#include <string.h>

static struct kx_snapshot *snap3(void)
{
        static const char *const names[] = {"__consumer_offsets", "my-topic", "payments.events.a.v1",
                                            "payments.events.b.v1", "ledger.commands.c.v1"};
        static const int parts[] = {50, 1, 12, 3, 6};
        struct kx_snapshot *s = kx_snapshot_new();

        s->topic_cnt = 5;
        s->topics = kx_arena_alloc(&s->arena, 5 * sizeof(*s->topics));
        for (int i = 0; i < 5; i++) {
                struct kx_topic *t = &s->topics[i];

                memset(t, 0, sizeof(*t));
                t->name = names[i];
                t->internal = i == 0;
                t->partition_cnt = parts[i];
                t->partitions = kx_arena_alloc(&s->arena, (size_t)parts[i] * sizeof(struct kx_partition));
                memset(t->partitions, 0, (size_t)parts[i] * sizeof(struct kx_partition));
                for (int p = 0; p < parts[i]; p++) {
                        t->partitions[p].log_start_offset = 10;
                        t->partitions[p].high_watermark = 10 + 100 * (i + 1);
                }
        }
        return s;
}

static bool fixed_bytes(void *ctx, const struct kx_topic *t, double *bytes)
{
        (void)ctx;
        *bytes = 1024.0 * 1024 * 1024 * t->partition_cnt; /* 1 GB per partition */
        return true;
}

START_TEST(test_rows_add_up_to_cluster_totals)
{
        struct kx_policy pol;
        struct kx_err err;
        struct kx_snapshot *s = snap3();
        struct kx_cost_report r;
        struct kx_size_source src;
        char label[200];
        json_t *rates = json_pack("{s:f, s:f}", "payments.events.a.v1", 120.0, "my-topic", 3.0);
        int topics = 0, parts = 0;
        int64_t msgs = 0;
        double bytes = 0, rate = 0, monthly = 0;

        unsetenv("XDG_CONFIG_HOME");
        setenv("HOME", "/nonexistent", 1);
        ck_assert_int_eq(kx_policy_load(NULL, &pol, &err), 0);
        src = kx_size_estimate(&pol, label, sizeof(label));
        kx_cost_compute(&pol, s, rates, &src, &r);
        for (int i = 0; i < r.cnt; i++) {
                topics += r.rows[i].topics;
                parts += r.rows[i].partitions;
                msgs += r.rows[i].messages;
                bytes += r.rows[i].bytes;
                rate += r.rows[i].msgs_per_s;
                monthly += r.rows[i].monthly;
        }
        ck_assert_int_eq(topics, 5);
        ck_assert_int_eq(parts, 72);
        ck_assert_int_eq(topics, r.total.topics);
        ck_assert_int_eq(parts, r.total.partitions);
        ck_assert_int_eq(msgs, r.total.messages);
        ck_assert_double_eq_tol(bytes, r.total.bytes, 1e-6);
        ck_assert_double_eq_tol(rate, 123.0, 1e-9);
        ck_assert_double_eq_tol(monthly, r.total.monthly, 1e-9);
        ck_assert(r.estimated);
        ck_assert_ptr_nonnull(strstr(r.bytes_source, "estimate"));
        /* payments-team: 2 topics, 15 partitions, (12*300 + 3*400) messages x 1 KB. */
        ck_assert_str_eq(r.rows[0].team, "payments-team");
        ck_assert_int_eq(r.rows[0].partitions, 15);
        ck_assert_int_eq(r.rows[0].messages, 12 * 300 + 3 * 400);
        ck_assert_double_eq_tol(r.rows[0].bytes, (12 * 300 + 3 * 400) * 1024.0, 1e-6);
        ck_assert_double_eq_tol(r.rows[0].monthly,
                                15 * 2.5 + (12 * 300 + 3 * 400) * 1024.0 / (1024.0 * 1024 * 1024) * 0.10, 1e-9);
        ck_assert_str_eq(r.rows[r.cnt - 1].team, "(internal)");
        ck_assert_int_eq(r.rows[r.cnt - 1].partitions, 50);
        ck_assert_str_eq(r.rows[r.cnt - 2].team, "(unowned)");
        ck_assert_double_eq_tol(r.rows[r.cnt - 2].monthly, 0, 1e-12);
        kx_cost_report_free(&r);
        /* A real size source (log-dir sizes, later) replaces the estimate. */
        src = (struct kx_size_source){.label = "log-dir sizes", .estimate = false, .topic_bytes = fixed_bytes};
        kx_cost_compute(&pol, s, NULL, &src, &r);
        ck_assert(!r.estimated);
        ck_assert_double_eq_tol(r.rows[0].monthly, 15 * 2.5 + 15 * 0.10, 1e-9);
        kx_cost_report_free(&r);
        json_decref(rates);
        kx_snapshot_unref(s);
        kx_policy_free(&pol);
}
END_TEST

static Suite *suite(void)
{
        Suite *s = suite_create("cost");
        TCase *tc = tcase_create("cost");

        tcase_add_test(tc, test_rows_add_up_to_cluster_totals);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(suite());
}
