/* test_sanitize.c - the display sanitizer (core/sanitize.c): nothing a
 * terminal would interpret survives, and printable text is untouched. */
#include "../lib/testlib.h"
#include "../../core/sanitize.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static void assert_sanitized(const char *in, size_t len, const char *want)
{
        char out[256];
        size_t need = kx_sanitize(out, sizeof(out), in, len);

        ck_assert_str_eq(out, want);
        ck_assert_uint_eq(need, strlen(want));
}

START_TEST(test_printable_passes)
{
        assert_sanitized("payments.events.v1", 18, "payments.events.v1");
        assert_sanitized("gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5", 11, "gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5");
        ck_assert(kx_is_display_safe("plain", 5));
}
END_TEST

START_TEST(test_osc_title_and_csi_are_escaped)
{
        /* ESC ] 0 ; title BEL and a CSI colour sequence. */
        const char *hostile = "g\x1b]0;pwned\x07" "x\x1b[31mred";

        assert_sanitized(hostile, strlen(hostile), "g\\e]0;pwned\\x07x\\e[31mred");
        ck_assert(!kx_is_display_safe(hostile, strlen(hostile)));
}
END_TEST

START_TEST(test_c1_del_and_bidi)
{
        /* U+009B is an 8-bit CSI; U+202E reverses text direction. */
        assert_sanitized("a\xc2\x9b" "b\x7f" "c\xe2\x80\xae" "d", 10, "a\\u009bb\\x7fc\\u202ed");
}
END_TEST

START_TEST(test_invalid_utf8_and_nul)
{
        assert_sanitized("a\xff\xc3(b\0c", 7, "a\\xff\\xc3(b\\x00c");
        assert_sanitized("\xed\xa0\x80", 3, "\\xed\\xa0\\x80"); /* surrogate */
        assert_sanitized("\xc0\xaf", 2, "\\xc0\\xaf");         /* overlong '/' */
}
END_TEST

START_TEST(test_backslash_is_unambiguous)
{
        assert_sanitized("a\\e", 3, "a\\\\e");
        assert_sanitized("tab\tnl\n", 7, "tab\\tnl\\n");
}
END_TEST

START_TEST(test_truncation_keeps_whole_pieces)
{
        char out[6];
        size_t need = kx_sanitize(out, sizeof(out), "ab\x1b" "cd", 5);

        /* "ab\e" is 4 bytes and fits; "c" fits too; "d" would need the 6th. */
        ck_assert_str_eq(out, "ab\\ec");
        ck_assert_uint_eq(need, 6);
        need = kx_sanitize(out, 4, "ab\xe6\x97\xa5", 5);
        ck_assert_str_eq(out, "ab"); /* never half a UTF-8 character */
        ck_assert_uint_eq(need, 5);
}
END_TEST

START_TEST(test_dup)
{
        char *s = kx_sanitize_dup("x\x1b");

        ck_assert_str_eq(s, "x\\e");
        free(s);
        ck_assert_ptr_null(kx_sanitize_dup(NULL));
}
END_TEST

int main(void)
{
        Suite *s = suite_create("sanitize");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, test_printable_passes);
        tcase_add_test(tc, test_osc_title_and_csi_are_escaped);
        tcase_add_test(tc, test_c1_del_and_bidi);
        tcase_add_test(tc, test_invalid_utf8_and_nul);
        tcase_add_test(tc, test_backslash_is_unambiguous);
        tcase_add_test(tc, test_truncation_keeps_whole_pieces);
        tcase_add_test(tc, test_dup);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
