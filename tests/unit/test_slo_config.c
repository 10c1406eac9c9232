/* test_slo_config.c - config/slo.yaml loading and its errors (core/slo_config.c). */
#include "../lib/testlib.h"
#include "../../core/slo_config.h"

#include <check.h>
#include <string.h>

static int parse(struct kx_slo_config *cfg, const char *text, struct kx_err *err)
{
        kx_slo_config_default(cfg);
        return kx_slo_config_parse(cfg, text, strlen(text), "slo.yaml", err);
}

/* The shipped file and the built-in defaults must say the same thing. */
START_TEST(test_shipped_file_equals_defaults)
{
        struct kx_slo_config file, def;
        struct kx_err err;

        ck_assert_msg(kx_slo_config_load(&file, "config/slo.yaml", &err) == 0, "%s", err.msg);
        kx_slo_config_default(&def);
        snprintf(def.source, sizeof(def.source), "config/slo.yaml");
        ck_assert_str_eq(file.source, "config/slo.yaml");
        ck_assert(memcmp(&file, &def, sizeof(def)) == 0);
        ck_assert_int_eq(file.window_ms, 30LL * 86400000);
        ck_assert_int_eq(file.alert_cnt, 4);
        ck_assert(file.alerts[0].severity == KX_SLO_SEV_PAGE);
        ck_assert_int_eq(file.alerts[0].long_ms, 3600000);
        ck_assert_int_eq(file.alerts[0].short_ms, 300000);
        ck_assert(file.alerts[0].burn == 14.4);
        ck_assert(file.sli[KX_SLI_PRODUCE].objective == 99.99);
        ck_assert(file.sli[KX_SLI_LATENCY].threshold == 500);
        ck_assert(file.sli[KX_SLI_REPLAG].threshold == 1000);
        ck_assert(file.halt_pct == 20 && file.incident_pct == 10 && file.lockdown_pct == 5);
}
END_TEST

START_TEST(test_overrides_only_what_is_named)
{
        struct kx_slo_config cfg;
        struct kx_err err;

        ck_assert_int_eq(parse(&cfg, "window: 7d\nslis:\n  produce_success: {objective: 99.9}\n"
                               "alerts:\n  - {severity: page, long: 20s, short: 5s, burn: 2}\n",
                               &err), 0);
        ck_assert_int_eq(cfg.window_ms, 7LL * 86400000);
        ck_assert(cfg.sli[KX_SLI_PRODUCE].objective == 99.9);
        ck_assert(cfg.sli[KX_SLI_BROKERS].objective == 99.95);
        ck_assert_int_eq(cfg.alert_cnt, 1);
        ck_assert_int_eq(cfg.alerts[0].short_ms, 5000);
        ck_assert_str_eq(cfg.source, "slo.yaml");
}
END_TEST

static void expect_error(const char *text, const char *want)
{
        struct kx_slo_config cfg;
        struct kx_err err;

        ck_assert_int_eq(parse(&cfg, text, &err), KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, want), "got \"%s\", want \"%s\"", err.msg, want);
        /* the config is unchanged on error */
        ck_assert_int_eq(cfg.window_ms, 30LL * 86400000);
}

START_TEST(test_errors_name_file_line_and_field)
{
        expect_error("window: 30d\nslis:\n  produce_sucess:\n    objective: 99\n",
                     "slo.yaml:3: field \"slis.produce_sucess\": unknown field");
        expect_error("window: 30d\nslis:\n  durability:\n    objective: 101\n",
                     "slo.yaml:4: field \"slis.durability.objective\": must be a number from 0 to 100");
        expect_error("window: 30d\nslis:\n  durability:\n    objective: 0\n",
                     "slo.yaml:4: field \"slis.durability.objective\": must be above 0");
        expect_error("window: soon\n", "slo.yaml:1: field \"window\": must be a duration");
        expect_error("policy:\n  halt: lots\n", "slo.yaml:2: field \"policy.halt\": must be a number");
        expect_error("policy:\n  halt: 5\n  lockdown: 10\n", "field \"policy\": must hold lockdown <= incident <= halt");
        expect_error("alerts:\n  - {severity: pager, long: 1h, short: 5m, burn: 14.4}\n",
                     "slo.yaml:2: field \"alerts[0].severity\": must be page or ticket");
        expect_error("alerts:\n  - {severity: page, long: 5m, short: 1h, burn: 14.4}\n",
                     "field \"alerts[0]\": short window must be shorter than long");
        expect_error("alerts:\n  - {severity: page, long: 1h, burn: 14.4}\n",
                     "field \"alerts[0]\": needs severity, long, short and burn");
        expect_error("window: 1h\n", "field \"alerts\": a long window is longer than the budget window");
        expect_error("burn_windows: 5m\n", "field \"burn_windows\": must be a list");
        expect_error("prometheus:\n  url: localhost:9090\n",
                     "slo.yaml:2: field \"prometheus.url\": must be an http:// or https:// URL");
        expect_error("slis:\n  produce_success: {threshold: 5}\n",
                     "field \"slis.produce_success.threshold\": this SLI has no threshold");
        expect_error("slis: [1, 2]\n", "slo.yaml:1: field \"slis\": must be a mapping");
        expect_error("window: 30d\n  bad: [\n", "slo.yaml:2:");
}
END_TEST

START_TEST(test_missing_file_is_an_error)
{
        struct kx_slo_config cfg;
        struct kx_err err;

        ck_assert_int_eq(kx_slo_config_load(&cfg, "/nonexistent/slo.yaml", &err), KX_ERR_CONFIG);
        ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/slo.yaml"));
}
END_TEST

START_TEST(test_duration_names)
{
        char b[16];

        ck_assert_str_eq(kx_slo_duration_str(300000, b, sizeof(b)), "5m");
        ck_assert_str_eq(kx_slo_duration_str(86400000, b, sizeof(b)), "1d");
        ck_assert_str_eq(kx_slo_duration_str(90000, b, sizeof(b)), "90s");
        ck_assert_str_eq(kx_slo_duration_str(1500, b, sizeof(b)), "1500ms");
}
END_TEST

int main(void)
{
        Suite *s = suite_create("slo_config");
        TCase *tc = tcase_create("yaml");

        tcase_add_test(tc, test_shipped_file_equals_defaults);
        tcase_add_test(tc, test_overrides_only_what_is_named);
        tcase_add_test(tc, test_errors_name_file_line_and_field);
        tcase_add_test(tc, test_missing_file_is_an_error);
        tcase_add_test(tc, test_duration_names);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
