/* test_config.c - YAML contexts, overrides and errors (core/config.c). */
#include "../lib/testlib.h"
#include "../../core/config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void write_config(const char *text)
{
        kx_test_temp_file(text, path, sizeof(path));
}

static const char *prop(const struct kx_config *cfg, const char *key)
{
        for (size_t i = 0; i < cfg->prop_cnt; i++)
                if (!strcmp(cfg->props[i].key, key))
                        return cfg->props[i].value;
        return NULL;
}

static const char good[] =
        "current-context: prod\n"
        "contexts:\n"
        "  prod:\n"
        "    bootstrap: k1:9092,k2:9092\n"
        "    read-only: true\n"
        "    properties:\n"
        "      security.protocol: SASL_SSL\n"
        "      sasl.password: hunter2\n"
        "  dev:\n"
        "    bootstrap: localhost:9092\n";

START_TEST(test_current_context)
{
        struct kx_config cfg;
        struct kx_err err;

        write_config(good);
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, NULL, true, &err), 0);
        ck_assert_str_eq(cfg.context, "prod");
        ck_assert_str_eq(cfg.bootstrap, "k1:9092,k2:9092");
        ck_assert(cfg.read_only);
        ck_assert_str_eq(prop(&cfg, "security.protocol"), "SASL_SSL");
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

START_TEST(test_named_context_and_overrides)
{
        struct kx_config cfg;
        struct kx_err err;

        write_config(good);
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, "dev", true, &err), 0);
        ck_assert_str_eq(cfg.bootstrap, "localhost:9092");
        ck_assert(!cfg.read_only);
        /* -X after the file wins; bootstrap.servers is the bootstrap. */
        ck_assert_int_eq(kx_config_set_prop_arg(&cfg, "bootstrap.servers=b:1", &err), 0);
        ck_assert_int_eq(kx_config_set_prop_arg(&cfg, "client.rack=r1", &err), 0);
        ck_assert_str_eq(cfg.bootstrap, "b:1");
        ck_assert_str_eq(prop(&cfg, "client.rack"), "r1");
        ck_assert_int_eq(kx_config_set_prop_arg(&cfg, "novalue", &err), KX_ERR_USAGE);
        ck_assert_msg(strstr(err.msg, "key=value"), "%s", err.msg);
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

START_TEST(test_missing_context_names_it)
{
        struct kx_config cfg;
        struct kx_err err;

        write_config(good);
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, "staging", true, &err), KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, "staging") && strstr(err.msg, path), "%s", err.msg);
        ck_assert_ptr_null(cfg.bootstrap); /* untouched on error */
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

START_TEST(test_broken_yaml_names_file_and_line)
{
        struct kx_config cfg;
        struct kx_err err;
        char want[128];

        write_config("contexts:\n  prod:\n    bootstrap: [unclosed\n    x: y\n");
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, NULL, true, &err), KX_ERR_CONFIG);
        snprintf(want, sizeof(want), "%s:", path);
        ck_assert_msg(strstr(err.msg, want), "%s", err.msg);
        ck_assert_msg(strstr(err.msg, ":4:") || strstr(err.msg, ":5:"), "no line: %s", err.msg);
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

START_TEST(test_unknown_field_names_line_and_field)
{
        struct kx_config cfg;
        struct kx_err err;
        char want[128];

        write_config("contexts:\n  prod:\n    bootstrap: a:1\n    bootstarp: b:2\n");
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, NULL, true, &err), KX_ERR_CONFIG);
        snprintf(want, sizeof(want), "%s:4:", path);
        ck_assert_msg(strstr(err.msg, want) && strstr(err.msg, "bootstarp"), "%s", err.msg);
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

START_TEST(test_bad_bool)
{
        struct kx_config cfg;
        struct kx_err err;

        write_config("contexts:\n  p:\n    read-only: maybe\n");
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, NULL, true, &err), KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, ":3:") && strstr(err.msg, "read-only"), "%s", err.msg);
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

START_TEST(test_missing_file)
{
        struct kx_config cfg;
        struct kx_err err;

        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, "/nonexistent/k.yaml", NULL, false, &err), 0);
        ck_assert_int_eq(kx_config_load(&cfg, "/nonexistent/k.yaml", NULL, true, &err),
                         KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, "/nonexistent/k.yaml"), "%s", err.msg);
        kx_config_done(&cfg);
}
END_TEST

START_TEST(test_secret_keys)
{
        ck_assert(kx_config_key_is_secret("sasl.password"));
        ck_assert(kx_config_key_is_secret("ssl.key.password"));
        ck_assert(kx_config_key_is_secret("sasl.oauthbearer.client.secret"));
        ck_assert(!kx_config_key_is_secret("security.protocol"));
}
END_TEST

START_TEST(test_registry_and_mm2_source)
{
        struct kx_config cfg;
        struct kx_err err;

        write_config("contexts:\n"
                     "  dr:\n"
                     "    bootstrap: dc2:9092\n"
                     "    registry: http://registry:8081\n"
                     "    mm2-source: dc1:9092\n"
                     "    connect: http://mm2:8083\n");
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, "dr", true, &err), 0);
        ck_assert_str_eq(cfg.registry_url, "http://registry:8081");
        ck_assert_str_eq(cfg.mm2_source, "dc1:9092");
        ck_assert_str_eq(cfg.connect_url, "http://mm2:8083");
        kx_config_done(&cfg);
        write_config("contexts:\n  dr:\n    registry: [a, b]\n");
        kx_config_init(&cfg);
        ck_assert_int_eq(kx_config_load(&cfg, path, "dr", true, &err), KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, ":3") && strstr(err.msg, "\"registry\" must be a string"), "%s", err.msg);
        kx_config_done(&cfg);
        unlink(path);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("config");
        TCase *tc = tcase_create("yaml");

        tcase_add_test(tc, test_current_context);
        tcase_add_test(tc, test_named_context_and_overrides);
        tcase_add_test(tc, test_missing_context_names_it);
        tcase_add_test(tc, test_broken_yaml_names_file_and_line);
        tcase_add_test(tc, test_unknown_field_names_line_and_field);
        tcase_add_test(tc, test_bad_bool);
        tcase_add_test(tc, test_missing_file);
        tcase_add_test(tc, test_secret_keys);
        tcase_add_test(tc, test_registry_and_mm2_source);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
