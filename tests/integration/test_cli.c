/* test_cli.c - the CLI's contract: exit codes, clear errors for bad input,
 * global options anywhere, and no raw control bytes from Kafka on stdout. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *run(int *status, const char *args)
{
        return kx_test_sh(status, "XDG_CONFIG_HOME=/nonexistent %s %s 2>&1", kx_test_klaxon(), args);
}

START_TEST(test_unreachable_exits_3_with_reason)
{
        int status;
        char *out = run(&status, "snapshot -b 127.0.0.1:1");

        ck_assert_int_eq(status, 3);
        ck_assert_msg(strstr(out, "cannot reach 127.0.0.1:1") && strstr(out, "refused"), "%s", out);
        ck_assert_msg(!strchr(out, '\n') || strchr(out, '\n') == out + strlen(out) - 1,
                      "reason is not one line: %s", out);
        free(out);
}
END_TEST

START_TEST(test_unknown_property_exits_2)
{
        int status;
        char *out = run(&status, "snapshot -b 127.0.0.1:1 -X no.such.prop=1");

        ck_assert_int_eq(status, 2);
        ck_assert_msg(strstr(out, "No such configuration property") && strstr(out, "no.such.prop"),
                      "%s", out);
        free(out);
}
END_TEST

START_TEST(test_broken_config_names_file_and_line)
{
        char path[64], args[256];
        int status;
        char *out;

        kx_test_temp_file("contexts:\n  prod:\n    bootstrap: \"unterminated\n", path, sizeof(path));
        snprintf(args, sizeof(args), "snapshot --config %s", path);
        out = run(&status, args);
        ck_assert_int_eq(status, 2);
        ck_assert_msg(strstr(out, path) && strstr(out, ":4:"), "%s", out);
        free(out);
        unlink(path);
}
END_TEST

START_TEST(test_missing_context_exits_2)
{
        char path[64], args[256];
        int status;
        char *out;

        kx_test_temp_file("contexts:\n  prod:\n    bootstrap: a:1\n", path, sizeof(path));
        snprintf(args, sizeof(args), "--config %s snapshot --context nope", path);
        out = run(&status, args);
        ck_assert_int_eq(status, 2);
        ck_assert_msg(strstr(out, "nope") && strstr(out, path), "%s", out);
        free(out);
        unlink(path);
}
END_TEST

START_TEST(test_config_context_supplies_bootstrap)
{
        char path[64], args[256], text[1024];
        int status;
        json_t *doc;
        char *out;

        snprintf(text, sizeof(text),
                 "current-context: local\ncontexts:\n  local:\n    bootstrap: %s\n"
                 "    properties:\n      client.rack: r1\n",
                 kx_test_bootstrap());
        kx_test_temp_file(text, path, sizeof(path));
        /* Global options after the subcommand. */
        snprintf(args, sizeof(args), "snapshot --json --config %s", path);
        out = kx_test_sh(&status, "%s %s", kx_test_klaxon(), args);
        ck_assert_int_eq(status, 0);
        doc = json_loads(out, 0, NULL);
        ck_assert_ptr_nonnull(doc);
        ck_assert(json_is_array(json_object_get(doc, "topics")));
        json_decref(doc);
        free(out);
        unlink(path);
}
END_TEST

START_TEST(test_usage_errors)
{
        int status;
        char *out = run(&status, "snapshot --bogus");

        ck_assert_int_eq(status, 2);
        ck_assert_msg(strstr(out, "--bogus"), "%s", out);
        free(out);
        out = run(&status, "frobnicate");
        ck_assert_int_eq(status, 2);
        free(out);
        out = run(&status, "--version");
        ck_assert_int_eq(status, 0);
        ck_assert_msg(strstr(out, "klaxon ") && strstr(out, "librdkafka 2.0.2"), "%s", out);
        free(out);
        out = run(&status, "--help");
        ck_assert_int_eq(status, 0);
        ck_assert_msg(strstr(out, "snapshot") && strstr(out, "-X KEY=VALUE"), "%s", out);
        free(out);
}
END_TEST

/* Kafka accepts any bytes in a group id: an OSC title sequence and a CSI
 * colour must reach neither the table nor the JSON as raw bytes. */
START_TEST(test_hostile_group_id_is_escaped)
{
        const char *boot = kx_test_bootstrap();
        char topic[128], group[256], args[600];
        int status;
        char *out;
        json_t *doc;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.hostile"));
        snprintf(group, sizeof(group), "evil\x1b]0;pwned\x07-\x1b[31mred-%d", (int)getpid());
        kt_create_topic(boot, topic, 1, 1);
        kt_produce(boot, topic, 0, 3);
        kt_commit(boot, group, topic, 0, 1);

        snprintf(args, sizeof(args), "%s snapshot -b '%s'", kx_test_klaxon(), boot);
        out = kx_test_sh(&status, "%s", args);
        ck_assert_msg(!strchr(out, '\x1b') && !strchr(out, '\x07'), "raw control bytes on stdout");
        ck_assert_msg(strstr(out, "evil\\e]0;pwned\\x07-\\e[31mred"), "escaped form missing");
        free(out);

        snprintf(args, sizeof(args), "%s snapshot --json -b '%s'", kx_test_klaxon(), boot);
        out = kx_test_sh(&status, "%s", args);
        ck_assert_msg(!strchr(out, '\x1b') && !strchr(out, '\x07'), "raw control bytes in JSON");
        doc = json_loads(out, 0, NULL);
        ck_assert_ptr_nonnull(doc);
        /* The JSON still carries the exact id, escaped the JSON way. */
        ck_assert_ptr_nonnull(kx_test_find(doc, "groups", "group", group));
        json_decref(doc);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("cli");
        TCase *tc = tcase_create("contract");

        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_unreachable_exits_3_with_reason);
        tcase_add_test(tc, test_unknown_property_exits_2);
        tcase_add_test(tc, test_broken_config_names_file_and_line);
        tcase_add_test(tc, test_missing_context_exits_2);
        tcase_add_test(tc, test_config_context_supplies_bootstrap);
        tcase_add_test(tc, test_usage_errors);
        tcase_add_test(tc, test_hostile_group_id_is_escaped);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
