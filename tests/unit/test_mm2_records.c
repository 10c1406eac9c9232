/* test_mm2_records.c - MirrorMaker 2's checkpoint and heartbeat records,
 * from bytes as Kafka 4.1.1's connect-mirror wrote them, and truncated or
 * foreign bytes refused. */
#include "../lib/testlib.h"
#include "../../core/mm2_records.h"

#include <check.h>
#include <string.h>

/* group "mm2grp", topic "source.mm2.orders", partition 0; version 0,
 * upstream 5, downstream 5, metadata "" (seen on source.checkpoints.internal). */
static const unsigned char cp_key[] = {0, 6, 'm', 'm', '2', 'g', 'r', 'p', 0, 17, 's', 'o', 'u', 'r', 'c',
                                       'e', '.', 'm', 'm', '2', '.', 'o', 'r', 'd', 'e', 'r', 's', 0, 0, 0, 0};
static const unsigned char cp_val[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0};

START_TEST(test_checkpoint)
{
        struct kx_mm2_checkpoint cp;

        ck_assert_int_eq(kx_mm2_checkpoint_decode(cp_key, sizeof(cp_key), cp_val, sizeof(cp_val), &cp), 0);
        ck_assert_str_eq(cp.group, "mm2grp");
        ck_assert_str_eq(cp.topic, "source.mm2.orders");
        ck_assert_int_eq(cp.partition, 0);
        ck_assert_int_eq(cp.upstream, 5);
        ck_assert_int_eq(cp.downstream, 5);
}
END_TEST

START_TEST(test_checkpoint_refused)
{
        struct kx_mm2_checkpoint cp;
        unsigned char v1[sizeof(cp_val)];

        ck_assert_int_eq(kx_mm2_checkpoint_decode(cp_key, sizeof(cp_key) - 1, cp_val, sizeof(cp_val), &cp), -1);
        ck_assert_int_eq(kx_mm2_checkpoint_decode(cp_key, sizeof(cp_key), cp_val, 10, &cp), -1);
        memcpy(v1, cp_val, sizeof(v1));
        v1[1] = 1; /* a version this decoder does not know */
        ck_assert_int_eq(kx_mm2_checkpoint_decode(cp_key, sizeof(cp_key), v1, sizeof(v1), &cp), -1);
        ck_assert_int_eq(kx_mm2_checkpoint_decode(NULL, 0, cp_val, sizeof(cp_val), &cp), -1);
        ck_assert_int_eq(kx_mm2_checkpoint_decode("\x7f\xff", 2, cp_val, sizeof(cp_val), &cp), -1);
}
END_TEST

START_TEST(test_heartbeat)
{
        static const unsigned char key[] = {0, 6, 's', 'o', 'u', 'r', 'c', 'e', 0, 6, 't', 'a', 'r', 'g', 'e', 't'};
        static const unsigned char val[] = {0, 0, 0, 0, 1, 0xa2, 0x0a, 0xf3, 0xc3, 0x0f};
        struct kx_mm2_heartbeat hb;

        ck_assert_int_eq(kx_mm2_heartbeat_decode(key, sizeof(key), val, sizeof(val), &hb), 0);
        ck_assert_str_eq(hb.source, "source");
        ck_assert_str_eq(hb.target, "target");
        ck_assert_int_eq(hb.ts_ms, 1795480077071LL);
        ck_assert_int_eq(kx_mm2_heartbeat_decode(key, sizeof(key), val, 9, &hb), -1);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("mm2_records");
        TCase *tc = tcase_create("decode");

        tcase_add_test(tc, test_checkpoint);
        tcase_add_test(tc, test_checkpoint_refused);
        tcase_add_test(tc, test_heartbeat);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
