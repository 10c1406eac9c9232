/* test_javahash.c - Java String.hashCode() and the coordinator partition,
 * against values printed by a real JVM (java.lang.String.hashCode). */
#include "../../core/javahash.h"

#include "../lib/testlib.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

struct known {
        const char *s;
        int32_t hash;
        int32_t partition50;
};

/* Computed with OpenJDK 17: h = s.hashCode(); abs(h) % 50, abs(MIN) = 0. */
static const struct known known[] = {
        {"", 0, 0},
        {"a", 97, 47},
        {"hello", 99162322, 22},
        {"console-consumer-42", 1109249087, 37},
        {"payments-service", 332086293, 43},
        {"polygenelubricants", INT32_MIN, 0},
        {"gr\xc3\xbc\xc3\x9f" "e", 98768023, 23},
        {"emoji-\xf0\x9f\x98\x80", 1164511306, 6},
        {"klaxon-replay-7", 1347093415, 15},
};

START_TEST(test_hash_matches_java)
{
        const struct known *k = &known[_i];

        ck_assert_int_eq(kx_java_string_hash(k->s, strlen(k->s)), k->hash);
        ck_assert_int_eq(kx_group_offsets_partition(k->s, 50), k->partition50);
}
END_TEST

START_TEST(test_malformed_utf8_is_replacement_char)
{
        /* new String({'a', 0xff, 'b'}, UTF_8).hashCode() == 2124838 */
        ck_assert_int_eq(kx_java_string_hash("a\xff" "b", 3), 2124838);
}
END_TEST

START_TEST(test_partition_count_guard)
{
        ck_assert_int_eq(kx_group_offsets_partition("g", 0), -1);
        ck_assert_int_eq(kx_group_offsets_partition("g", -3), -1);
        ck_assert_int_eq(kx_group_offsets_partition("polygenelubricants", 7), 0);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("javahash");
        TCase *tc = tcase_create("core");

        tcase_add_loop_test(tc, test_hash_matches_java, 0, sizeof(known) / sizeof(known[0]));
        tcase_add_test(tc, test_malformed_utf8_is_replacement_char);
        tcase_add_test(tc, test_partition_count_guard);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
