/* fuzz_responses.c - libFuzzer target over every response decoder of
 * klaxon's protocol module: the response header, ApiVersions (v0-v3),
 * SaslHandshake, SaslAuthenticate (v0-v2), DescribeClientQuotas (v0-v1),
 * AlterClientQuotas (v0-v1), DescribeLogDirs (v1-v4), ElectLeaders (v1-v2),
 * Metadata (v10-v12) and the SCRAM server messages. The first input byte picks the decoder
 * and version; the rest is the response. A decoder must return 0 or an
 * error, never crash, leak or read out of bounds (ASan/UBSan).
 * Build and run: make fuzz (clang). */
#include "../../core/kmsg_elect.h"
#include "../../core/kmsg_logdirs.h"
#include "../../core/kmsg_metadata.h"
#include "../../core/kmsg_quotas.h"
#include "../../core/kproto.h"
#include "../../core/ksasl.h"
#include "../../core/kscram.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_scram(const uint8_t *p, size_t n)
{
        struct kx_scram s;
        struct kx_err err;
        char out[1200];
        size_t cut = n ? p[0] % (n + 1) : 0;

        /* server-first = p[1..cut), server-final = p[cut..n). */
        if (kx_scram_start(&s, "SCRAM-SHA-256", "user", "fuzznonce", out, sizeof(out), &err))
                return;
        if (!kx_scram_final(&s, (const char *)p + (cut ? 1 : 0), cut ? cut - 1 : 0, "pw", out, sizeof(out), &err))
                kx_scram_verify(&s, (const char *)p + cut, n - cut, &err);
        kx_scram_done(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct kx_arena a;
        struct kx_err err;
        const uint8_t *p = data + 1;
        size_t n;
        int16_t v;

        if (size < 1)
                return 0;
        n = size - 1;
        v = (int16_t)(data[0] >> 4);
        kx_arena_init(&a);
        switch (data[0] & 0x0f) {
        case 0: {
                struct kx_kdec d;

                kx_kdec_init(&d, p, n);
                kx_kproto_response_header(&d, (v & 1) ? KX_KAPI_API_VERSIONS : KX_KAPI_ELECT_LEADERS, 2, 1, &err);
                break;
        }
        case 1: {
                struct kx_kapis apis;

                kx_kproto_apiversions_decode(p, n, v % 4, &apis, &err);
                break;
        }
        case 2: {
                struct kx_sasl_handshake h;

                kx_ksasl_handshake_decode(p, n, &a, &h, &err);
                break;
        }
        case 3: {
                struct kx_sasl_auth s;

                kx_ksasl_auth_decode(p, n, v % 3, &a, &s, &err);
                break;
        }
        case 4: {
                struct kx_quotas_desc q;

                kx_kmsg_describe_quotas_decode(p, n, v % 2, &a, &q, &err);
                break;
        }
        case 5: {
                struct kx_quotas_alter q;

                kx_kmsg_alter_quotas_decode(p, n, v % 2, &a, &q, &err);
                break;
        }
        case 6: {
                struct kx_logdirs_desc l;

                kx_kmsg_logdirs_decode(p, n, 1 + v % 4, &a, &l, &err);
                break;
        }
        case 7: {
                struct kx_elect_result r;

                kx_kmsg_elect_decode(p, n, 1 + v % 2, &a, &r, &err);
                break;
        }
        case 8:
                fuzz_scram(p, n);
                break;
        case 9: {
                struct kx_metadata m;

                kx_kmsg_metadata_decode(p, n, 10 + v % 3, &a, &m, &err);
                break;
        }
        default:
                break;
        }
        kx_arena_done(&a);
        return 0;
}
