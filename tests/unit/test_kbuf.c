/* test_kbuf.c - the Kafka wire primitives: byte-exact encodings, decoding
 * hand-built vectors, and every truncation or hostile length failing the
 * decoder instead of reading past the buffer. */
#include "../../core/kbuf.h"
#include "../../core/kproto.h"

#include "../lib/testlib.h"

#include <check.h>
#include <string.h>

static void assert_bytes(const struct kx_kenc *e, const unsigned char *want, size_t n)
{
        ck_assert_uint_eq(e->len, n);
        ck_assert_int_eq(memcmp(e->buf, want, n), 0);
}

START_TEST(test_encode_ints_and_varints)
{
        struct kx_kenc e;
        static const unsigned char want[] = {
                0xfe,                               /* i8 -2 */
                0x12, 0x34,                         /* i16 */
                0xff, 0xff, 0xff, 0xfe,             /* i32 -2 */
                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, /* i64 */
                0x96, 0x01,                         /* uvarint 150 */
                0x03,                               /* varint -2 (zig-zag 3) */
                0x3f, 0xf8, 0, 0, 0, 0, 0, 0,       /* f64 1.5 */
        };

        kx_kenc_init(&e);
        kx_kenc_i8(&e, -2);
        kx_kenc_i16(&e, 0x1234);
        kx_kenc_i32(&e, -2);
        kx_kenc_i64(&e, 0x0000000100000002LL);
        kx_kenc_uvarint(&e, 150);
        kx_kenc_varint(&e, -2);
        kx_kenc_f64(&e, 1.5);
        assert_bytes(&e, want, sizeof(want));
        kx_kenc_done(&e);
}
END_TEST

START_TEST(test_encode_strings_arrays_tags)
{
        struct kx_kenc e;
        static const unsigned char want[] = {
                0x00, 0x02, 'h', 'i',               /* classic string */
                0xff, 0xff,                         /* classic null */
                0x03, 'h', 'i',                     /* compact string: len+1 */
                0x00,                               /* compact null */
                0x00, 0x00, 0x00, 0x02,             /* classic array count */
                0xff, 0xff, 0xff, 0xff,             /* classic null array */
                0x03,                               /* compact array of 2 */
                0x00,                               /* compact null array */
                0x00,                               /* empty tagged fields */
                0x00, 0x00, 0x00, 0x01, 'x',        /* classic bytes */
                0x02, 'y',                          /* compact bytes */
        };

        kx_kenc_init(&e);
        kx_kenc_str(&e, "hi", false);
        kx_kenc_str(&e, NULL, false);
        kx_kenc_str(&e, "hi", true);
        kx_kenc_str(&e, NULL, true);
        kx_kenc_array(&e, 2, false);
        kx_kenc_array(&e, -1, false);
        kx_kenc_array(&e, 2, true);
        kx_kenc_array(&e, -1, true);
        kx_kenc_tags(&e, true);
        kx_kenc_tags(&e, false);                    /* nothing when not flexible */
        kx_kenc_bytes(&e, "x", 1, false);
        kx_kenc_bytes(&e, "y", 1, true);
        assert_bytes(&e, want, sizeof(want));
        kx_kenc_done(&e);
}
END_TEST

START_TEST(test_decode_roundtrip)
{
        struct kx_kenc e;
        struct kx_kdec d;
        struct kx_arena a;

        kx_kenc_init(&e);
        kx_arena_init(&a);
        kx_kenc_i8(&e, -7);
        kx_kenc_i16(&e, -300);
        kx_kenc_i32(&e, 123456789);
        kx_kenc_i64(&e, -5000000000LL);
        kx_kenc_uvarint(&e, UINT64_MAX);
        kx_kenc_varint(&e, INT64_MIN);
        kx_kenc_f64(&e, 1048576.25);
        kx_kenc_str(&e, "topic", true);
        kx_kenc_str(&e, NULL, true);
        kx_kenc_str(&e, "x", false);
        kx_kenc_i8(&e, 1);
        kx_kdec_init(&d, e.buf, e.len);
        ck_assert_int_eq(kx_kdec_i8(&d), -7);
        ck_assert_int_eq(kx_kdec_i16(&d), -300);
        ck_assert_int_eq(kx_kdec_i32(&d), 123456789);
        ck_assert(kx_kdec_i64(&d) == -5000000000LL);
        ck_assert(kx_kdec_uvarint(&d) == UINT64_MAX);
        ck_assert(kx_kdec_varint(&d) == INT64_MIN);
        ck_assert(kx_kdec_f64(&d) == 1048576.25);
        ck_assert_str_eq(kx_kdec_str(&d, &a, true, false), "topic");
        ck_assert_ptr_null(kx_kdec_str(&d, &a, true, true));
        ck_assert_str_eq(kx_kdec_str(&d, &a, false, false), "x");
        ck_assert(kx_kdec_bool(&d));
        ck_assert(kx_kdec_ok(&d));
        ck_assert_uint_eq(kx_kdec_left(&d), 0);
        ck_assert_int_eq(kx_kdec_i8(&d), 0);        /* past the end: fails, returns 0 */
        ck_assert(!kx_kdec_ok(&d));
        ck_assert_str_eq(d.why, "truncated");
        kx_arena_done(&a);
        kx_kenc_done(&e);
}
END_TEST

START_TEST(test_decode_hostile_lengths)
{
        struct kx_kdec d;
        struct kx_arena a;
        static const unsigned char huge_array[] = {0x7f, 0xff, 0xff, 0xff, 0, 0};
        static const unsigned char neg_string[] = {0xff, 0xfe, 'a'};
        static const unsigned char null_required[] = {0x00};
        static const unsigned char long_varint[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                    0xff, 0x01};
        static const unsigned char string_past_end[] = {0x00, 0x09, 'a', 'b'};
        static const unsigned char tags_past_end[] = {0x01, 0x00, 0x05, 'a'};

        kx_arena_init(&a);
        kx_kdec_init(&d, huge_array, sizeof(huge_array));
        ck_assert_int_eq(kx_kdec_array(&d, false, false, 4), 0);
        ck_assert(!kx_kdec_ok(&d));
        kx_kdec_init(&d, neg_string, sizeof(neg_string));
        ck_assert_ptr_null(kx_kdec_str(&d, &a, false, true));
        ck_assert(!kx_kdec_ok(&d));
        kx_kdec_init(&d, null_required, sizeof(null_required));
        ck_assert_ptr_null(kx_kdec_str(&d, &a, true, false));
        ck_assert(!kx_kdec_ok(&d));
        kx_kdec_init(&d, long_varint, sizeof(long_varint));
        (void)kx_kdec_uvarint(&d);
        ck_assert(!kx_kdec_ok(&d));
        kx_kdec_init(&d, string_past_end, sizeof(string_past_end));
        ck_assert_ptr_null(kx_kdec_str(&d, &a, false, false));
        ck_assert(!kx_kdec_ok(&d));
        kx_kdec_init(&d, tags_past_end, sizeof(tags_past_end));
        kx_kdec_tags(&d, true);
        ck_assert(!kx_kdec_ok(&d));
        kx_kdec_init(&d, NULL, 0);
        ck_assert_int_eq(kx_kdec_i32(&d), 0);
        ck_assert(!kx_kdec_ok(&d));
        kx_arena_done(&a);
}
END_TEST

START_TEST(test_tagged_fields_skipped)
{
        /* two tagged fields (tag 0 with 2 bytes, tag 5 with 1), then an i16 */
        static const unsigned char v[] = {0x02, 0x00, 0x02, 0xaa, 0xbb, 0x05, 0x01, 0xcc, 0x00, 0x2a};
        struct kx_kdec d;

        kx_kdec_init(&d, v, sizeof(v));
        kx_kdec_tags(&d, true);
        ck_assert_int_eq(kx_kdec_i16(&d), 42);
        ck_assert(kx_kdec_ok(&d));
}
END_TEST

START_TEST(test_request_header_v1_and_v2)
{
        struct kx_kenc e;
        /* DescribeLogDirs v1 (not flexible): header v1, no tag byte */
        static const unsigned char v1[] = {0, 0, 0, 12, 0, 35, 0, 1, 0, 0, 0, 7, 0, 2, 'k', 'x'};
        /* DescribeLogDirs v4 (flexible): header v2 = v1 + empty tags */
        static const unsigned char v2[] = {0, 0, 0, 13, 0, 35, 0, 4, 0, 0, 0, 7, 0, 2, 'k', 'x', 0};

        kx_kenc_init(&e);
        kx_kproto_begin(&e, KX_KAPI_DESCRIBE_LOG_DIRS, 1, 7, "kx");
        kx_kproto_end(&e);
        assert_bytes(&e, v1, sizeof(v1));
        kx_kenc_done(&e);
        kx_kenc_init(&e);
        kx_kproto_begin(&e, KX_KAPI_DESCRIBE_LOG_DIRS, 4, 7, "kx");
        kx_kproto_end(&e);
        assert_bytes(&e, v2, sizeof(v2));
        kx_kenc_done(&e);
}
END_TEST

START_TEST(test_response_header)
{
        static const unsigned char flex[] = {0, 0, 0, 9, 0, 0x2a};      /* corr 9, no tags, body */
        static const unsigned char apiv[] = {0, 0, 0, 9, 0x00, 0x23};   /* ApiVersions: header v0 */
        struct kx_kdec d;
        struct kx_err err;

        kx_kdec_init(&d, flex, sizeof(flex));
        ck_assert_int_eq(kx_kproto_response_header(&d, KX_KAPI_ELECT_LEADERS, 2, 9, &err), 0);
        ck_assert_int_eq(kx_kdec_i8(&d), 0x2a);
        kx_kdec_init(&d, apiv, sizeof(apiv));
        ck_assert_int_eq(kx_kproto_response_header(&d, KX_KAPI_API_VERSIONS, 3, 9, &err), 0);
        ck_assert_int_eq(kx_kdec_i16(&d), 35);      /* tag byte not consumed */
        kx_kdec_init(&d, flex, sizeof(flex));
        ck_assert_int_eq(kx_kproto_response_header(&d, KX_KAPI_ELECT_LEADERS, 2, 10, &err), KX_ERR_KAFKA);
        ck_assert(strstr(err.msg, "correlation id 9, expected 10"));
        kx_kdec_init(&d, flex, 3);
        ck_assert_int_eq(kx_kproto_response_header(&d, KX_KAPI_ELECT_LEADERS, 2, 9, &err), KX_ERR_KAFKA);
}
END_TEST

static Suite *kbuf_suite(void)
{
        Suite *s = suite_create("kbuf");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, test_encode_ints_and_varints);
        tcase_add_test(tc, test_encode_strings_arrays_tags);
        tcase_add_test(tc, test_decode_roundtrip);
        tcase_add_test(tc, test_decode_hostile_lengths);
        tcase_add_test(tc, test_tagged_fields_skipped);
        tcase_add_test(tc, test_request_header_v1_and_v2);
        tcase_add_test(tc, test_response_header);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(kbuf_suite());
}
