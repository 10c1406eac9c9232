/* test_kmsg.c - request bodies and response decoders of the admin messages
 * klaxon speaks itself (ApiVersions, SASL, client quotas, log dirs, leader
 * election, topic metadata), on hand-built byte vectors laid out as Kafka's schemas say.
 * Every proper prefix of a valid response (a truncation) must fail with an
 * error, never read past the end. */
#include "../../core/kmsg_elect.h"
#include "../../core/kmsg_logdirs.h"
#include "../../core/kmsg_metadata.h"
#include "../../core/kmsg_quotas.h"
#include "../../core/kproto.h"
#include "../../core/ksasl.h"

#include "../lib/testlib.h"

#include <check.h>
#include <string.h>

/* Big-endian helpers for building vectors. */
#define I16(v) (unsigned char)((v) >> 8), (unsigned char)(v)
#define I32(v) (unsigned char)((uint32_t)(v) >> 24), (unsigned char)((uint32_t)(v) >> 16), \
               (unsigned char)((uint32_t)(v) >> 8), (unsigned char)(v)
#define I64(v) I32((uint64_t)(v) >> 32), I32(v)

typedef int (*decode_fn)(const void *body, size_t len, int16_t version, struct kx_arena *a, void *out,
                         struct kx_err *err);

/* Decode every proper prefix of v: each must fail with KX_ERR_KAFKA. */
static void assert_truncations_fail(decode_fn fn, const unsigned char *v, size_t n, int16_t version,
                                    void *out)
{
        for (size_t cut = 0; cut < n; cut++) {
                struct kx_arena a;
                struct kx_err err;

                kx_arena_init(&a);
                kx_err_clear(&err);
                ck_assert_msg(fn(v, cut, version, &a, out, &err) == KX_ERR_KAFKA, "prefix %zu of %zu decoded",
                              cut, n);
                ck_assert(strstr(err.msg, "malformed"));
                kx_arena_done(&a);
        }
}

/* ---- ApiVersions ---- */

static const unsigned char apiv3[] = {
        I16(0),                       /* error */
        0x03,                         /* compact array of 2 */
        I16(35), I16(1), I16(4), 0x00,
        I16(43), I16(0), I16(2), 0x00,
        I32(0),                       /* throttle */
        0x01, 0x00, 0x01, 0x07,       /* one tagged field (tag 0, 1 byte) */
};

static int apiv_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        (void)a;
        return kx_kproto_apiversions_decode(b, n, v, out, err);
}

START_TEST(test_apiversions_v3)
{
        struct kx_kapis apis;
        struct kx_err err;

        ck_assert_int_eq(kx_kproto_apiversions_decode(apiv3, sizeof(apiv3), 3, &apis, &err), 0);
        ck_assert_int_eq(apis.error, 0);
        ck_assert(apis.has[35] && apis.has[43] && !apis.has[48]);
        ck_assert_int_eq(kx_kapis_pick(&apis, 35, 1, 4), 4);
        ck_assert_int_eq(kx_kapis_pick(&apis, 35, 1, 3), 3);
        ck_assert_int_eq(kx_kapis_pick(&apis, 43, 1, 2), 2);
        ck_assert_int_eq(kx_kapis_pick(&apis, 48, 0, 1), -1);     /* not offered */
        ck_assert_int_eq(kx_kapis_pick(&apis, 35, 5, 6), -1);     /* no common version */
        assert_truncations_fail(apiv_decode, apiv3, sizeof(apiv3), 3, &apis);
}
END_TEST

START_TEST(test_apiversions_v0_unsupported)
{
        /* The v0 layout a broker uses to answer an unknown ApiVersions version. */
        static const unsigned char v0[] = {I16(35), I32(1), I16(18), I16(0), I16(4)};
        struct kx_kapis apis;
        struct kx_err err;
        struct kx_kenc e;

        ck_assert_int_eq(kx_kproto_apiversions_decode(v0, sizeof(v0), 0, &apis, &err), 0);
        ck_assert_int_eq(apis.error, KX_KERR_UNSUPPORTED_VERSION);
        ck_assert_int_eq(apis.max[18], 4);
        kx_kenc_init(&e);
        kx_kproto_apiversions_body(&e, 0);
        ck_assert_uint_eq(e.len, 0);                /* v0 has no body */
        kx_kproto_apiversions_body(&e, 3);
        ck_assert_int_eq(e.buf[0], 7);              /* compact "klaxon" */
        ck_assert_int_eq(memcmp(e.buf + 1, "klaxon", 6), 0);
        kx_kenc_done(&e);
}
END_TEST

/* ---- DescribeClientQuotas ---- */

static const unsigned char quotas_v1[] = {
        I32(0), I16(0), 0x00,                   /* throttle, error, null message */
        0x03,                                   /* 2 entries */
        /* entry 1: user=alice, producer_byte_rate=1048576 */
        0x02, 0x05, 'u', 's', 'e', 'r', 0x06, 'a', 'l', 'i', 'c', 'e', 0x00,
        0x02, 0x13, 'p', 'r', 'o', 'd', 'u', 'c', 'e', 'r', '_', 'b', 'y', 't', 'e', '_', 'r', 'a', 't', 'e',
        0x41, 0x30, 0, 0, 0, 0, 0, 0, 0x00,
        0x00,
        /* entry 2: client-id=<default>, request_percentage=25.5 */
        0x02, 0x0a, 'c', 'l', 'i', 'e', 'n', 't', '-', 'i', 'd', 0x00, 0x00,
        0x02, 0x13, 'r', 'e', 'q', 'u', 'e', 's', 't', '_', 'p', 'e', 'r', 'c', 'e', 'n', 't', 'a', 'g', 'e',
        0x40, 0x39, 0x80, 0, 0, 0, 0, 0, 0x00,
        0x00,
        0x00,                                   /* top-level tags */
};

static int quotas_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        return kx_kmsg_describe_quotas_decode(b, n, v, a, out, err);
}

START_TEST(test_describe_quotas_v1)
{
        struct kx_quotas_desc q;
        struct kx_arena a;
        struct kx_err err;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_describe_quotas_decode(quotas_v1, sizeof(quotas_v1), 1, &a, &q, &err), 0);
        ck_assert_int_eq(q.entry_cnt, 2);
        ck_assert_str_eq(q.entries[0].entity[0].type, "user");
        ck_assert_str_eq(q.entries[0].entity[0].name, "alice");
        ck_assert_str_eq(q.entries[0].values[0].key, "producer_byte_rate");
        ck_assert(q.entries[0].values[0].value == 1048576.0);
        ck_assert_str_eq(q.entries[1].entity[0].type, "client-id");
        ck_assert_ptr_null(q.entries[1].entity[0].name);          /* default entity */
        ck_assert(q.entries[1].values[0].value == 25.5);
        kx_arena_done(&a);
        assert_truncations_fail(quotas_decode, quotas_v1, sizeof(quotas_v1), 1, &q);
}
END_TEST

START_TEST(test_describe_quotas_error_and_request)
{
        /* v0 (classic): error 31 with a message and null entries. */
        static const unsigned char v0[] = {I32(0), I16(31), I16(4), 'd', 'e', 'n', 'y', I32(-1)};
        static const unsigned char want_req[] = {0x02, 0x05, 'u', 's', 'e', 'r', 0x00, 0x02, 'b', 0x00, 0x01, 0x00};
        struct kx_quotas_desc q;
        struct kx_quota_filter f = {"user", 0, "b"};
        struct kx_arena a;
        struct kx_err err;
        struct kx_kenc e;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_describe_quotas_decode(v0, sizeof(v0), 0, &a, &q, &err), 0);
        ck_assert_int_eq(q.error, 31);
        ck_assert_str_eq(q.error_message, "deny");
        ck_assert_int_eq(q.entry_cnt, 0);
        kx_arena_done(&a);
        kx_kenc_init(&e);
        kx_kmsg_describe_quotas_body(&e, 1, &f, 1, true);
        ck_assert_uint_eq(e.len, sizeof(want_req));
        ck_assert_int_eq(memcmp(e.buf, want_req, sizeof(want_req)), 0);
        kx_kenc_done(&e);
}
END_TEST

/* ---- AlterClientQuotas ---- */

static const unsigned char alter_v1[] = {
        I32(0), 0x02,                           /* 1 entry */
        I16(42), 0x05, 'b', 'a', 'd', '!',      /* INVALID_REQUEST "bad!" */
        0x02, 0x05, 'u', 's', 'e', 'r', 0x02, 'x', 0x00,
        0x00, 0x00,
};

static int alter_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        return kx_kmsg_alter_quotas_decode(b, n, v, a, out, err);
}

START_TEST(test_alter_quotas_v1)
{
        static const unsigned char want_req[] = {
                0x02,                                   /* 1 entry */
                0x02, 0x05, 'u', 's', 'e', 'r', 0x00, 0x00, /* user=<default> */
                0x03,                                   /* 2 ops */
                0x02, 'a', 0x40, 0x24, 0, 0, 0, 0, 0, 0, 0x00, 0x00,   /* a=10 */
                0x02, 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,          /* remove b */
                0x00,
                0x01, 0x00,                             /* validate_only, tags */
        };
        struct kx_quota_entity ent = {"user", NULL};
        struct kx_quota_op ops[2] = {{"a", 10.0, false}, {"b", 3.0, true}};
        struct kx_quotas_alter r;
        struct kx_arena a;
        struct kx_err err;
        struct kx_kenc e;

        kx_kenc_init(&e);
        kx_kmsg_alter_quotas_body(&e, 1, &ent, 1, ops, 2, true);
        ck_assert_uint_eq(e.len, sizeof(want_req));
        ck_assert_int_eq(memcmp(e.buf, want_req, sizeof(want_req)), 0);
        kx_kenc_done(&e);
        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_alter_quotas_decode(alter_v1, sizeof(alter_v1), 1, &a, &r, &err), 0);
        ck_assert_int_eq(r.entry_cnt, 1);
        ck_assert_int_eq(r.entries[0].error, 42);
        ck_assert_str_eq(r.entries[0].error_message, "bad!");
        ck_assert_str_eq(r.entries[0].entity[0].name, "x");
        kx_arena_done(&a);
        assert_truncations_fail(alter_decode, alter_v1, sizeof(alter_v1), 1, &r);
}
END_TEST

/* ---- DescribeLogDirs ---- */

static const unsigned char logdirs_v4[] = {
        I32(0), I16(0),
        0x02,                                           /* 1 dir */
        I16(0), 0x05, '/', 'd', '/', '0',
        0x03,                                           /* 2 topics */
        0x02, 't',
        0x03,                                           /* 2 partitions */
        I32(0), I64(4096), I64(0), 0x00, 0x00,
        I32(1), I64(123), I64(2), 0x01, 0x00,
        0x00,
        0x03, 'u', 'v', 0x02, I32(7), I64(9000000000LL), I64(0), 0x00, 0x00, 0x00,
        I64(100000), I64(50000), 0x00,                  /* total, usable, tags */
        0x00,
};

static int logdirs_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        return kx_kmsg_logdirs_decode(b, n, v, a, out, err);
}

START_TEST(test_logdirs_v4)
{
        struct kx_logdirs_desc l;
        struct kx_arena a;
        struct kx_err err;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_logdirs_decode(logdirs_v4, sizeof(logdirs_v4), 4, &a, &l, &err), 0);
        ck_assert_int_eq(l.dir_cnt, 1);
        ck_assert_str_eq(l.dirs[0].path, "/d/0");
        ck_assert_int_eq(l.dirs[0].part_cnt, 3);
        ck_assert_str_eq(l.dirs[0].parts[0].topic, "t");
        ck_assert(l.dirs[0].parts[0].size == 4096);
        ck_assert(l.dirs[0].parts[1].is_future);
        ck_assert_str_eq(l.dirs[0].parts[2].topic, "uv");
        ck_assert_int_eq(l.dirs[0].parts[2].partition, 7);
        ck_assert(l.dirs[0].parts[2].size == 9000000000LL);
        ck_assert(l.dirs[0].total_bytes == 100000 && l.dirs[0].usable_bytes == 50000);
        kx_arena_done(&a);
        assert_truncations_fail(logdirs_decode, logdirs_v4, sizeof(logdirs_v4), 4, &l);
}
END_TEST

START_TEST(test_logdirs_v1_classic)
{
        static const unsigned char v1[] = {
                I32(0), I32(1), I16(0), I16(2), '/', 'x', I32(1), I16(1), 't', I32(1),
                I32(3), I64(77), I64(0), 0x00,
        };
        static const unsigned char want_req4[] = {0x00, 0x00};      /* null topics, tags */
        static const unsigned char want_req1[] = {0xff, 0xff, 0xff, 0xff};
        struct kx_logdirs_desc l;
        struct kx_arena a;
        struct kx_err err;
        struct kx_kenc e;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_logdirs_decode(v1, sizeof(v1), 1, &a, &l, &err), 0);
        ck_assert_int_eq(l.dirs[0].parts[0].partition, 3);
        ck_assert(l.dirs[0].parts[0].size == 77);
        ck_assert(l.dirs[0].total_bytes == -1);
        kx_arena_done(&a);
        assert_truncations_fail(logdirs_decode, v1, sizeof(v1), 1, &l);
        kx_kenc_init(&e);
        kx_kmsg_logdirs_body(&e, 4);
        ck_assert_int_eq(memcmp(e.buf, want_req4, 2), 0);
        kx_kenc_done(&e);
        kx_kenc_init(&e);
        kx_kmsg_logdirs_body(&e, 1);
        ck_assert_uint_eq(e.len, 4);
        ck_assert_int_eq(memcmp(e.buf, want_req1, 4), 0);
        kx_kenc_done(&e);
}
END_TEST

/* ---- ElectLeaders ---- */

static const unsigned char elect_v2[] = {
        I32(0), I16(0),
        0x02, 0x02, 't', 0x03,
        I32(0), I16(0), 0x00, 0x00,
        I32(1), I16(84), 0x05, 'n', 'o', 'p', 'e', 0x00,
        0x00, 0x00,
};

static int elect_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        return kx_kmsg_elect_decode(b, n, v, a, out, err);
}

START_TEST(test_elect_v2)
{
        static const int32_t parts[] = {0, 1};
        static const struct kx_elect_topic topics[] = {{"t", parts, 2}};
        static const unsigned char want_req[] = {0x00, 0x02, 0x02, 't', 0x03, I32(0), I32(1), 0x00,
                                                 I32(5000), 0x00};
        static const unsigned char want_all[] = {0x01, 0x00, I32(5000), 0x00};
        struct kx_elect_result r;
        struct kx_arena a;
        struct kx_err err;
        struct kx_kenc e;

        kx_kenc_init(&e);
        kx_kmsg_elect_body(&e, 2, KX_ELECT_PREFERRED, topics, 1, 5000);
        ck_assert_uint_eq(e.len, sizeof(want_req));
        ck_assert_int_eq(memcmp(e.buf, want_req, sizeof(want_req)), 0);
        kx_kenc_done(&e);
        kx_kenc_init(&e);
        kx_kmsg_elect_body(&e, 2, KX_ELECT_UNCLEAN, NULL, 0, 5000);
        ck_assert_uint_eq(e.len, sizeof(want_all));
        ck_assert_int_eq(memcmp(e.buf, want_all, sizeof(want_all)), 0);
        kx_kenc_done(&e);
        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_elect_decode(elect_v2, sizeof(elect_v2), 2, &a, &r, &err), 0);
        ck_assert_int_eq(r.part_cnt, 2);
        ck_assert_int_eq(r.parts[1].partition, 1);
        ck_assert_int_eq(r.parts[1].error, 84);
        ck_assert_str_eq(r.parts[1].message, "nope");
        kx_arena_done(&a);
        assert_truncations_fail(elect_decode, elect_v2, sizeof(elect_v2), 2, &r);
}
END_TEST

/* ---- Metadata (topic authorized operations) ---- */

#define UUID16 I64(0x0102030405060708LL), I64(0x090a0b0c0d0e0f10LL)

/* v12: one broker, topic "src" READ|DESCRIBE with one partition, topic
 * "dst" TOPIC_AUTHORIZATION_FAILED with no partitions and no bits. */
static const unsigned char meta_v12[] = {
        I32(0),                                            /* throttle */
        0x02, I32(1), 0x02, 'h', I32(9092), 0x00, 0x00,    /* brokers */
        0x03, 'c', 'x',                                    /* cluster_id */
        I32(1),                                            /* controller */
        0x03,                                              /* 2 topics */
        I16(0), 0x04, 's', 'r', 'c', UUID16, 0x00,
        0x02, I16(0), I32(0), I32(1), I32(0), 0x02, I32(1), 0x02, I32(1), 0x01, 0x00,
        I32(0x108), 0x00,
        I16(29), 0x04, 'd', 's', 't', UUID16, 0x00, 0x01, I32(INT32_MIN), 0x00,
        0x00,
};

/* v10: a name is never null, cluster_authorized_operations follows the topics. */
static const unsigned char meta_v10[] = {
        I32(0), 0x01, 0x00, I32(-1),
        0x02, I16(0), 0x02, 't', UUID16, 0x01, 0x01, I32(INT32_MIN), 0x00,
        I32(INT32_MIN), 0x00,
};

static int meta_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        return kx_kmsg_metadata_decode(b, n, v, a, out, err);
}

START_TEST(test_metadata_v12_and_v10)
{
        static const char *const names[] = {"src", "dst"};
        static const unsigned char want_v12[] = {0x03, I64(0), I64(0), 0x04, 's', 'r', 'c', 0x00,
                                                 I64(0), I64(0), 0x04, 'd', 's', 't', 0x00,
                                                 0x00, 0x01, 0x00};
        static const unsigned char want_v10[] = {0x01, 0x00, 0x00, 0x01, 0x00};
        struct kx_metadata md;
        struct kx_arena a;
        struct kx_err err;
        struct kx_kenc e;
        char buf[32];

        kx_kenc_init(&e);
        kx_kmsg_metadata_body(&e, 12, names, 2);
        ck_assert_uint_eq(e.len, sizeof(want_v12));
        ck_assert_int_eq(memcmp(e.buf, want_v12, sizeof(want_v12)), 0);
        kx_kenc_done(&e);
        kx_kenc_init(&e);
        kx_kmsg_metadata_body(&e, 10, names, 0);   /* v10 also sends include_cluster_authorized_operations */
        ck_assert_uint_eq(e.len, sizeof(want_v10));
        ck_assert_int_eq(memcmp(e.buf, want_v10, sizeof(want_v10)), 0);
        kx_kenc_done(&e);

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_metadata_decode(meta_v12, sizeof(meta_v12), 12, &a, &md, &err), 0);
        ck_assert_int_eq(md.topic_cnt, 2);
        ck_assert_str_eq(md.topics[0].name, "src");
        ck_assert_int_eq(md.topics[0].error, 0);
        ck_assert_int_eq(md.topics[0].partition_cnt, 1);
        ck_assert(kx_kops_allows(md.topics[0].authorized_ops, KX_ACL_OP_READ));
        ck_assert(kx_kops_allows(md.topics[0].authorized_ops, KX_ACL_OP_DESCRIBE));
        ck_assert(!kx_kops_allows(md.topics[0].authorized_ops, KX_ACL_OP_WRITE));
        ck_assert_str_eq(md.topics[1].name, "dst");
        ck_assert_int_eq(md.topics[1].error, KX_KERR_TOPIC_AUTHORIZATION_FAILED);
        ck_assert(md.topics[1].authorized_ops == KX_KOPS_UNKNOWN);
        /* "not computed" is no reason to refuse */
        ck_assert(kx_kops_allows(KX_KOPS_UNKNOWN, KX_ACL_OP_WRITE));
        ck_assert_int_eq(kx_kmsg_metadata_decode(meta_v10, sizeof(meta_v10), 10, &a, &md, &err), 0);
        ck_assert_int_eq(md.topic_cnt, 1);
        ck_assert(md.topics[0].is_internal);
        /* v10 bytes read as v12 leave the cluster bitfield unread: malformed */
        ck_assert_int_eq(kx_kmsg_metadata_decode(meta_v10, sizeof(meta_v10), 12, &a, &md, &err), KX_ERR_KAFKA);
        kx_arena_done(&a);
        ck_assert_str_eq(kx_acl_op_name(KX_ACL_OP_WRITE, buf, sizeof(buf)), "WRITE");
        ck_assert_str_eq(kx_acl_op_name(99, buf, sizeof(buf)), "operation 99");
        assert_truncations_fail(meta_decode, meta_v12, sizeof(meta_v12), 12, &md);
        assert_truncations_fail(meta_decode, meta_v10, sizeof(meta_v10), 10, &md);
}
END_TEST

/* Captured from Kafka 4.1.1 (checksec, StandardAuthorizer) answering v12 for
 * User:app: cap.src has no ACL (allow.everyone.if.no.acl.found: every topic
 * operation, 0xdf8), cap.dst has ALLOW READ and DESCRIBE only (0x108). */
static const unsigned char meta_real_v12[] = {
        0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x31, 0x32,
        0x37, 0x2e, 0x30, 0x2e, 0x30, 0x2e, 0x31, 0x00, 0x00, 0x73, 0x74, 0x00,
        0x00, 0x17, 0x35, 0x43, 0x41, 0x67, 0x46, 0x7a, 0x30, 0x53, 0x69, 0x68,
        0x67, 0x42, 0x44, 0x6a, 0x67, 0x62, 0x63, 0x5a, 0x35, 0x56, 0x72, 0x77,
        0x00, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x08, 0x63, 0x61, 0x70, 0x2e,
        0x73, 0x72, 0x63, 0xd3, 0xa8, 0x4f, 0x37, 0x15, 0x5f, 0x4e, 0x08, 0x8f,
        0x4c, 0xba, 0x7f, 0xde, 0x7c, 0x8d, 0x2d, 0x00, 0x02, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00,
        0x00, 0x0d, 0xf8, 0x00, 0x00, 0x00, 0x08, 0x63, 0x61, 0x70, 0x2e, 0x64,
        0x73, 0x74, 0xf0, 0x9e, 0x94, 0xcc, 0x58, 0x2b, 0x49, 0xcf, 0x8b, 0xd7,
        0xc0, 0xca, 0xa4, 0x5c, 0x7e, 0x25, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
        0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x08, 0x00, 0x00
};

START_TEST(test_metadata_real_broker_bytes)
{
        struct kx_metadata md;
        struct kx_arena a;
        struct kx_err err;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_metadata_decode(meta_real_v12, sizeof(meta_real_v12), 12, &a, &md, &err), 0);
        ck_assert_int_eq(md.topic_cnt, 2);
        ck_assert_str_eq(md.topics[0].name, "cap.src");
        ck_assert_int_eq(md.topics[0].authorized_ops, 0xdf8);
        ck_assert(kx_kops_allows(md.topics[0].authorized_ops, KX_ACL_OP_WRITE));
        ck_assert_str_eq(md.topics[1].name, "cap.dst");
        ck_assert_int_eq(md.topics[1].error, 0);
        ck_assert_int_eq(md.topics[1].partition_cnt, 1);
        ck_assert_int_eq(md.topics[1].authorized_ops, 0x108);
        ck_assert(kx_kops_allows(md.topics[1].authorized_ops, KX_ACL_OP_READ));
        ck_assert(!kx_kops_allows(md.topics[1].authorized_ops, KX_ACL_OP_WRITE));
        kx_arena_done(&a);
        assert_truncations_fail(meta_decode, meta_real_v12, sizeof(meta_real_v12), 12, &md);
}
END_TEST

START_TEST(test_metadata_garbage)
{
        /* A topic count far beyond the bytes left, and a partition count the
         * same: refused before any allocation or read past the end. */
        static const unsigned char huge_topics[] = {I32(0), 0x01, 0x00, I32(1), 0xff, 0xff, 0xff, 0x7f};
        static const unsigned char huge_parts[] = {I32(0), 0x01, 0x00, I32(1), 0x02, I16(0), 0x02, 't',
                                                   UUID16, 0x00, 0xff, 0xff, 0x03, I32(0), 0x00, 0x00};
        struct kx_metadata md;
        struct kx_arena a;
        struct kx_err err;
        unsigned char noise[512];
        uint32_t x = 2463534242u;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_kmsg_metadata_decode(huge_topics, sizeof(huge_topics), 12, &a, &md, &err),
                         KX_ERR_KAFKA);
        ck_assert_int_eq(kx_kmsg_metadata_decode(huge_parts, sizeof(huge_parts), 12, &a, &md, &err),
                         KX_ERR_KAFKA);
        ck_assert(strstr(err.msg, "Metadata"));
        for (int round = 0; round < 200; round++) {
                for (size_t i = 0; i < sizeof(noise); i++) {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        noise[i] = (unsigned char)x;
                }
                /* must return (0 or an error) without reading out of bounds */
                (void)kx_kmsg_metadata_decode(noise, (size_t)(x % sizeof(noise)), 10 + round % 3, &a, &md, &err);
        }
        kx_arena_done(&a);
}
END_TEST

/* ---- SASL ---- */

static int hs_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        (void)v;
        return kx_ksasl_handshake_decode(b, n, a, out, err);
}

static int auth_decode(const void *b, size_t n, int16_t v, struct kx_arena *a, void *out, struct kx_err *err)
{
        return kx_ksasl_auth_decode(b, n, v, a, out, err);
}

START_TEST(test_sasl_responses)
{
        static const unsigned char hs[] = {I16(33), I32(2), I16(5), 'P', 'L', 'A', 'I', 'N', I16(3), 'X', 'Y', 'Z'};
        static const unsigned char auth2[] = {I16(0), 0x00, 0x04, 'a', 'b', 'c', I64(3600000), 0x00};
        struct kx_sasl_handshake h;
        struct kx_sasl_auth s;
        struct kx_arena a;
        struct kx_err err;

        kx_arena_init(&a);
        ck_assert_int_eq(kx_ksasl_handshake_decode(hs, sizeof(hs), &a, &h, &err), 0);
        ck_assert_int_eq(h.error, 33);
        ck_assert_int_eq(h.mechanism_cnt, 2);
        ck_assert_str_eq(h.mechanisms[1], "XYZ");
        ck_assert_int_eq(kx_ksasl_auth_decode(auth2, sizeof(auth2), 2, &a, &s, &err), 0);
        ck_assert_uint_eq(s.auth_len, 3);
        ck_assert_int_eq(memcmp(s.auth_bytes, "abc", 3), 0);
        ck_assert(s.session_lifetime_ms == 3600000);
        kx_arena_done(&a);
        assert_truncations_fail(hs_decode, hs, sizeof(hs), 1, &h);
        assert_truncations_fail(auth_decode, auth2, sizeof(auth2), 2, &s);
}
END_TEST

static Suite *kmsg_suite(void)
{
        Suite *s = suite_create("kmsg");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, test_apiversions_v3);
        tcase_add_test(tc, test_apiversions_v0_unsupported);
        tcase_add_test(tc, test_describe_quotas_v1);
        tcase_add_test(tc, test_describe_quotas_error_and_request);
        tcase_add_test(tc, test_alter_quotas_v1);
        tcase_add_test(tc, test_logdirs_v4);
        tcase_add_test(tc, test_logdirs_v1_classic);
        tcase_add_test(tc, test_elect_v2);
        tcase_add_test(tc, test_sasl_responses);
        tcase_add_test(tc, test_metadata_v12_and_v10);
        tcase_add_test(tc, test_metadata_real_broker_bytes);
        tcase_add_test(tc, test_metadata_garbage);
        suite_add_tcase(s, tc);
        return s;
}

int main(void)
{
        return kx_test_run(kmsg_suite());
}
