/* test_replay_spec.c - a replay request before any cluster: keys inline and
 * from a file, partition lists, the bad-input checks, the key filter and the
 * JSON round trip kept with the job (core/replay_spec.c). */
#include "../lib/testlib.h"
#include "../../core/replay_spec.h"

#include <check.h>
#include <string.h>
#include <unistd.h>

static void base(struct kx_replay_spec *s)
{
        kx_replay_spec_init(s);
        s->topic = strdup("orders");
        s->target_topic = strdup("orders.repair");
        s->from_ms = 1000;
        s->to_ms = 2000;
}

START_TEST(test_keys_inline_and_file)
{
        struct kx_replay_spec s;
        struct kx_err err;
        char path[64];

        base(&s);
        kx_replay_spec_add_keys(&s, "a,,b,");
        kx_test_temp_file("c\r\n\nd e\n", path, sizeof(path));
        ck_assert_int_eq(kx_replay_spec_keys_file(&s, path, &err), 0);
        unlink(path);
        ck_assert_uint_eq(s.key_cnt, 4);
        ck_assert_str_eq(s.keys[0], "a");
        ck_assert_str_eq(s.keys[1], "b");
        ck_assert_str_eq(s.keys[2], "c");
        ck_assert_str_eq(s.keys[3], "d e");
        ck_assert_int_eq(kx_replay_spec_keys_file(&s, "/nonexistent/keys.txt", &err), KX_ERR_IO);
        ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/keys.txt"));
        kx_replay_spec_done(&s);
}
END_TEST

START_TEST(test_partition_list)
{
        struct kx_replay_spec s;
        struct kx_err err;

        base(&s);
        ck_assert_int_eq(kx_replay_spec_partitions(&s, "0,3", &err), 0);
        ck_assert_int_eq(s.partition_cnt, 2);
        ck_assert_int_eq(s.partitions[1], 3);
        ck_assert_int_eq(kx_replay_spec_partitions(&s, "1,x", &err), KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "\"x\""));
        ck_assert_int_eq(kx_replay_spec_partitions(&s, "-1", &err), KX_ERR_USAGE);
        kx_replay_spec_done(&s);
}
END_TEST

START_TEST(test_bad_input_named)
{
        struct kx_replay_spec s;
        struct kx_err err;

        base(&s);
        ck_assert_int_eq(kx_replay_spec_check(&s, false, false, &err), 0);
        s.to_ms = s.from_ms;
        ck_assert_int_eq(kx_replay_spec_check(&s, false, false, &err), KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "--from must be before --to"));
        s.to_ms = 2000;
        free(s.target_topic);
        s.target_topic = strdup("orders");
        ck_assert_int_eq(kx_replay_spec_check(&s, false, false, &err), KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "is the source topic"));
        free(s.target_topic);
        s.target_topic = strdup("other");
        s.rate = 0;
        ck_assert_int_eq(kx_replay_spec_check(&s, true, false, &err), KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "--rate must be > 0"));
        s.bytes_rate = -5;
        ck_assert_int_eq(kx_replay_spec_check(&s, false, true, &err), KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "--bytes-rate"));
        s.bytes_rate = 0;
        s.target_group = strdup("g");
        ck_assert_int_eq(kx_replay_spec_check(&s, false, false, &err), KX_ERR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.msg, "exactly one of --target-topic and --target-group"));
        kx_replay_spec_done(&s);
}
END_TEST

START_TEST(test_key_filter)
{
        struct kx_replay_spec s;
        struct kx_strmap set;

        base(&s);
        kx_replay_key_set(&s, &set);
        ck_assert(kx_replay_key_match(&set, NULL, 0)); /* no filter: everything */
        kx_strmap_done(&set);
        kx_replay_spec_add_keys(&s, "p-1,p-2");
        kx_replay_key_set(&s, &set);
        ck_assert(kx_replay_key_match(&set, "p-2", 3));
        ck_assert(!kx_replay_key_match(&set, "p-22", 4));
        ck_assert(!kx_replay_key_match(&set, "p-", 2));
        ck_assert(!kx_replay_key_match(&set, NULL, 0));
        kx_strmap_done(&set);
        kx_replay_spec_done(&s);
}
END_TEST

START_TEST(test_json_round_trip)
{
        struct kx_replay_spec s, back;
        struct kx_err err;
        json_t *j;

        base(&s);
        kx_replay_spec_add_keys(&s, "k1,k2");
        kx_replay_spec_partitions(&s, "2", &err);
        s.rate = 250;
        s.keep_timestamps = true;
        j = kx_replay_spec_to_json(&s);
        kx_replay_spec_init(&back);
        ck_assert_int_eq(kx_replay_spec_from_json(&back, j, &err), 0);
        ck_assert_str_eq(back.topic, "orders");
        ck_assert_str_eq(back.target_topic, "orders.repair");
        ck_assert_ptr_null(back.target_group);
        ck_assert_int_eq(back.from_ms, 1000);
        ck_assert_int_eq(back.to_ms, 2000);
        ck_assert_uint_eq(back.key_cnt, 2);
        ck_assert_str_eq(back.keys[1], "k2");
        ck_assert_int_eq(back.partition_cnt, 1);
        ck_assert_int_eq(back.partitions[0], 2);
        ck_assert_double_eq(back.rate, 250);
        ck_assert(back.keep_timestamps);
        ck_assert(!back.clamp);
        json_decref(j);
        kx_replay_spec_done(&back);
        kx_replay_spec_done(&s);
        j = json_pack("{s:s}", "topic", "x");
        kx_replay_spec_init(&back);
        ck_assert_int_eq(kx_replay_spec_from_json(&back, j, &err), KX_ERR_STATE);
        json_decref(j);
        kx_replay_spec_done(&back);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("replay_spec");
        TCase *tc = tcase_create("spec");

        tcase_add_test(tc, test_keys_inline_and_file);
        tcase_add_test(tc, test_partition_list);
        tcase_add_test(tc, test_bad_input_named);
        tcase_add_test(tc, test_key_filter);
        tcase_add_test(tc, test_json_round_trip);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
