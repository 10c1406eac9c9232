/* test_keymap.c - key bindings: built-in defaults, per-view overrides, and
 * a bad binding named by file and line (tui/keymap.c). */
#include "../lib/testlib.h"
#include "../../tui/keymap.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void write_file(const char *text)
{
        kx_test_temp_file(text, path, sizeof(path));
}

START_TEST(test_defaults)
{
        struct kx_err err;
        struct keymap *km = keymap_load("/nonexistent/keymap.yaml", &err);

        ck_assert_ptr_nonnull(km);
        ck_assert_int_eq(keymap_lookup(km, "groups", 'q'), REQ_QUIT);
        ck_assert_int_eq(keymap_lookup(km, "groups", 'j'), REQ_MOVE_DOWN);
        ck_assert_int_eq(keymap_lookup(km, "groups", KEY_DOWN), REQ_MOVE_DOWN);
        ck_assert_int_eq(keymap_lookup(km, "topics", '/'), REQ_FILTER);
        ck_assert_int_eq(keymap_lookup(km, "topics", 12 /* C-l */), REQ_REDRAW);
        ck_assert_int_eq(keymap_lookup(km, "overview", '4'), REQ_VIEW_GROUPS);
        ck_assert_int_eq(keymap_lookup(km, "groups", 'R'), REQ_GROUP_RESET);
        ck_assert_int_eq(keymap_lookup(km, "topics", 'R'), REQ_NONE); /* groups only */
        keymap_free(km);
}
END_TEST

START_TEST(test_user_override_per_view)
{
        struct kx_err err;
        struct keymap *km;

        write_file("groups:\n  x: quit\ngeneric:\n  Q: quit\n  q: help\n");
        km = keymap_load(path, &err);
        ck_assert_ptr_nonnull(km);
        ck_assert_int_eq(keymap_lookup(km, "groups", 'x'), REQ_QUIT);
        ck_assert_int_eq(keymap_lookup(km, "topics", 'x'), REQ_NONE);
        ck_assert_int_eq(keymap_lookup(km, "topics", 'q'), REQ_HELP);
        ck_assert_int_eq(keymap_lookup(km, "topics", 'Q'), REQ_QUIT);
        keymap_free(km);
        unlink(path);
}
END_TEST

static void assert_bad(const char *text, const char *line, const char *word)
{
        struct kx_err err;
        struct keymap *km;
        char want[128];

        write_file(text);
        km = keymap_load(path, &err);
        ck_assert_ptr_null(km);
        snprintf(want, sizeof(want), "%s:%s:", path, line);
        ck_assert_msg(strstr(err.msg, want) && strstr(err.msg, word), "%s", err.msg);
        unlink(path);
}

START_TEST(test_bad_bindings_name_file_and_line)
{
        assert_bad("generic:\n  q: quit\n  z: explode\n", "3", "explode");
        assert_bad("generic:\n  Hyper-q: quit\n", "2", "Hyper-q");
        assert_bad("sidebar:\n  q: quit\n", "1", "sidebar");
        assert_bad("generic:\n  q: [quit\n", "3", "");
}
END_TEST

START_TEST(test_key_names_round_trip)
{
        static const char *const names[] = {"q", "C-l", "Up", "PgDown", "F1", "Esc", "Enter", "/"};
        char buf[16];

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                ck_assert_str_eq(keymap_key_name(keymap_key_code(names[i]), buf, sizeof(buf)), names[i]);
        ck_assert_int_eq(keymap_key_code("nonsense"), -1);
}
END_TEST

START_TEST(test_help_is_generated_from_the_table)
{
        int count;
        const struct request_info *reqs = tui_requests(&count);
        struct kx_err err;
        struct keymap *km = keymap_load("/nonexistent", &err);
        char keys[64];

        ck_assert_int_gt(count, 10);
        for (int i = 0; i < count; i++)
                ck_assert_ptr_eq(tui_request_by_name(reqs[i].name), &reqs[i]);
        ck_assert(tui_request_info(REQ_GROUP_RESET)->flags & REQ_F_MUTATES);
        ck_assert(!(tui_request_info(REQ_QUIT)->flags & REQ_F_MUTATES));
        keymap_keys_for(km, "groups", REQ_MOVE_DOWN, keys, sizeof(keys));
        ck_assert_msg(strstr(keys, "j") && strstr(keys, "Down"), "%s", keys);
        keymap_free(km);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("keymap");
        TCase *tc = tcase_create("bindings");

        tcase_add_test(tc, test_defaults);
        tcase_add_test(tc, test_user_override_per_view);
        tcase_add_test(tc, test_bad_bindings_name_file_and_line);
        tcase_add_test(tc, test_key_names_round_trip);
        tcase_add_test(tc, test_help_is_generated_from_the_table);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
