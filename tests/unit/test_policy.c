/* test_policy.c - config/policy.yaml loading, errors with file and line,
 * topic-name rules (core/policy.c, core/units.c). */
#include "../lib/testlib.h"
#include "../../core/policy.h"
#include "../../core/units.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

START_TEST(test_builtin_policy_has_the_plans_rules)
{
        struct kx_policy pol;
        struct kx_err err;
        const struct kx_policy_type *t;

        unsetenv("XDG_CONFIG_HOME");
        setenv("HOME", "/nonexistent", 1);
        ck_assert_int_eq(kx_policy_load(NULL, &pol, &err), 0);
        ck_assert_ptr_nonnull(strstr(pol.origin, "built in"));
        t = kx_policy_type(&pol, "events");
        ck_assert_ptr_nonnull(t);
        ck_assert_int_eq(t->min_partitions, 12);
        ck_assert_int_eq(t->max_partitions, 24);
        ck_assert_int_eq(t->min_retention_ms, 7LL * 86400000);
        ck_assert_int_eq(t->max_retention_ms, 30LL * 86400000);
        ck_assert(!t->compaction);
        t = kx_policy_type(&pol, "cdc");
        ck_assert(t->compaction);
        ck_assert_int_eq(t->max_retention_ms, KX_FOREVER);
        ck_assert_int_eq(kx_policy_type(&pol, "dlq")->max_partitions, 3);
        ck_assert_int_eq(kx_policy_type(&pol, "logs")->max_retention_ms, 3650LL * 86400000);
        ck_assert_int_eq(pol.limits.min_partitions, 3);
        ck_assert_int_eq(pol.limits.max_partitions, 50);
        ck_assert_int_eq(pol.limits.max_cluster_partitions, 10000);
        ck_assert_int_eq(pol.limits.justification_above, 24);
        ck_assert_str_eq(kx_policy_team_for(&pol, "payments.events.transaction.v1")->name, "payments-team");
        ck_assert_int_eq(kx_policy_team_for(&pol, "payments.events.transaction.v1")->max_retention_bytes,
                         1LL << 40);
        ck_assert_ptr_null(kx_policy_team_for(&pol, "paymentsx.events.a.v1"));
        ck_assert_str_eq(kx_policy_lifecycle_for(&pol, "payments.events.transaction.v1")->prefix,
                         "payments.events");
        ck_assert_int_eq(kx_policy_lifecycle_for(&pol, "payments.events.transaction.v1")->tier_after_ms,
                         7LL * 86400000);
        ck_assert_int_eq(kx_policy_lifecycle_for(&pol, "audit.logs.compliance.v1")->delete_after_ms,
                         KX_FOREVER);
        ck_assert_ptr_null(kx_policy_lifecycle_for(&pol, "payments.eventsx.a.v1"));
        kx_policy_free(&pol);
}
END_TEST

/* Each bad document and the "LINE: field" its error must name. */
static const struct {
        const char *text, *expect;
} bad[] = {
        {"types:\n  events:\n    partitions: {min: 12, max: 24}\n    retention: {min: 7d, max: 30d}\n"
         "limits:\n  max-partitons: 50\n",
         "p.yaml:6: field \"limits.max-partitons\": unknown field"},
        {"types:\n  events:\n    partitions: {min: 12, max: lots}\n    retention: {min: 7d, max: 30d}\n",
         "p.yaml:3: field \"types.events.partitions.max\": must be a whole number"},
        {"types:\n  events:\n    partitions: {min: 24, max: 12}\n    retention: {min: 7d, max: 30d}\n",
         "p.yaml:3: field \"types.events.partitions\": min is above max"},
        {"types:\n  events:\n    partitions: {min: 12, max: 24}\n    retention: {min: 7d, max: 30 days}\n",
         "p.yaml:4: field \"types.events.retention.max\": must be a duration"},
        {"types:\n  events:\n    partitions: {min: 12, max: 24}\n    retention: {min: 7d, max: 30d}\n"
         "teams:\n  pay:\n    domains: [payments]\n    cost-centre: x\n    quotas: {max-message-size: big}\n",
         "p.yaml:9: field \"teams.pay.quotas.max-message-size\": must be a size"},
        {"types:\n  events:\n    partitions: {min: 12, max: 24}\n    retention: {min: 7d, max: 30d}\n"
         "teams:\n  pay:\n    cost-centre: x\n",
         "p.yaml:7: field \"teams.pay.domains\": must be a non-empty list"},
        {"types:\n  events:\n    partitions: {min: 12, max: 24}\n    retention: {min: 7d, max: 30d}\n"
         "lifecycle:\n  payments.events:\n    retention: 7d\n    tier-after: 30d\n",
         "p.yaml:7: field \"lifecycle.payments.events.tier-after\": is longer than retention"},
        {"types:\n  events:\n    partitions: {min: 12, max: 24}\n    retention: {min: 7d, max: 30d}\n"
         "guardian:\n  dry-run: maybe\n",
         "p.yaml:6: field \"guardian.dry-run\": must be true or false"},
        {"types: [oops\n", "p.yaml:2:"},
        {"limits: {}\n", "p.yaml:1: field \"types\": missing"},
};

START_TEST(test_bad_policy_names_file_line_field)
{
        struct kx_policy pol;
        struct kx_err err;

        ck_assert_int_eq(kx_policy_parse(bad[_i].text, strlen(bad[_i].text), "p.yaml", &pol, &err),
                         KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, bad[_i].expect), "case %d: got \"%s\"", _i, err.msg);
        ck_assert_ptr_null(pol.types);
}
END_TEST

START_TEST(test_policy_file_from_disk)
{
        struct kx_policy pol;
        struct kx_err err;
        char path[64];

        kx_test_temp_file("types:\n  events:\n    partitions: {min: 1, max: 2}\n"
                          "    retention: {min: 1h, max: 1d}\n"
                          "limits: {replication-factor: 1, min-insync-replicas: 1}\n",
                          path, sizeof(path));
        ck_assert_int_eq(kx_policy_load(path, &pol, &err), 0);
        ck_assert_str_eq(pol.origin, path);
        ck_assert_int_eq(pol.limits.replication_factor, 1);
        ck_assert_int_eq(pol.limits.max_partitions, 50); /* default kept */
        kx_policy_free(&pol);
        unlink(path);
        ck_assert_int_eq(kx_policy_load(path, &pol, &err), KX_ERR_IO);
        ck_assert_ptr_nonnull(strstr(err.msg, path));
}
END_TEST

START_TEST(test_plan_names)
{
        static const char *const good[] = {"payments.events.transaction.v1", "ledger.commands.posting.v2",
                                           "audit.logs.compliance.v1"};
        static const char *const badn[] = {"my-topic", "test123", "payments_data",
                                           "payments.events.transaction", "Payments.events.x.v1",
                                           "a.b.c.d.v1", "payments.events.transaction.1",
                                           "payments..transaction.v1"};
        struct kx_topic_name n;
        char why[200];

        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
                ck_assert_msg(kx_policy_parse_name(good[i], &n, why, sizeof(why)), "%s: %s", good[i], why);
        ck_assert(kx_policy_parse_name("ledger.commands.posting.v2", &n, why, sizeof(why)));
        ck_assert_str_eq(n.domain, "ledger");
        ck_assert_str_eq(n.type, "commands");
        ck_assert_str_eq(n.entity, "posting");
        ck_assert_str_eq(n.version, "v2");
        for (size_t i = 0; i < sizeof(badn) / sizeof(badn[0]); i++) {
                why[0] = '\0';
                ck_assert_msg(!kx_policy_parse_name(badn[i], &n, why, sizeof(why)), "%s accepted", badn[i]);
                ck_assert(why[0]);
        }
        ck_assert(kx_policy_internal("__consumer_offsets"));
        ck_assert(kx_policy_internal("_schemas"));
        ck_assert(!kx_policy_internal("my-topic"));
}
END_TEST

START_TEST(test_units)
{
        int64_t v;
        char buf[32];

        ck_assert_int_eq(kx_parse_retention("10y", &v, NULL), 0);
        ck_assert_int_eq(v, 3650LL * 86400000);
        ck_assert_int_eq(kx_parse_retention("never", &v, NULL), 0);
        ck_assert_int_eq(v, KX_FOREVER);
        ck_assert_int_ne(kx_parse_retention("soon", &v, NULL), 0);
        ck_assert_int_eq(kx_parse_bytes("1TB", &v, NULL), 0);
        ck_assert_int_eq(v, 1LL << 40);
        ck_assert_int_ne(kx_parse_bytes("1 TB", &v, NULL), 0);
        ck_assert_str_eq(kx_format_retention(30LL * 86400000, buf, sizeof(buf)), "30d");
        ck_assert_str_eq(kx_format_retention(-1, buf, sizeof(buf)), "infinite");
        ck_assert_str_eq(kx_format_bytes(1536, buf, sizeof(buf)), "1.5 KB");
}
END_TEST

static Suite *suite(void)
{
        Suite *s = suite_create("policy");
        TCase *tc = tcase_create("policy");

        tcase_add_test(tc, test_builtin_policy_has_the_plans_rules);
        tcase_add_loop_test(tc, test_bad_policy_names_file_line_field, 0, (int)(sizeof(bad) / sizeof(bad[0])));
        tcase_add_test(tc, test_policy_file_from_disk);
        tcase_add_test(tc, test_plan_names);
        tcase_add_test(tc, test_units);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(suite());
}
