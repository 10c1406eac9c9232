/* kmsg_elect.c - ElectLeaders body and decoder. */
#include "kmsg_elect.h"
#include "kproto.h"

#include <string.h>

void kx_kmsg_elect_body(struct kx_kenc *e, int16_t version, enum kx_election type,
                        const struct kx_elect_topic *topics, int cnt, int32_t timeout_ms)
{
        bool flex = version >= 2;

        if (version >= 1)
                kx_kenc_i8(e, (int8_t)type);
        kx_kenc_array(e, topics ? cnt : -1, flex);
        for (int i = 0; topics && i < cnt; i++) {
                kx_kenc_str(e, topics[i].topic, flex);
                kx_kenc_array(e, topics[i].partition_cnt, flex);
                for (int j = 0; j < topics[i].partition_cnt; j++)
                        kx_kenc_i32(e, topics[i].partitions[j]);
                kx_kenc_tags(e, flex);
        }
        kx_kenc_i32(e, timeout_ms);
        kx_kenc_tags(e, flex);
}

int kx_kmsg_elect_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                         struct kx_elect_result *out, struct kx_err *err)
{
        bool flex = version >= 2;
        struct kx_kdec d;
        int cap = 0;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        (void)kx_kdec_i32(&d);                      /* throttle_time_ms */
        if (version >= 1)
                out->error = kx_kdec_i16(&d);
        n = kx_kdec_array(&d, flex, false, 2);
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                char *topic = kx_kdec_str(&d, a, flex, false);
                int32_t pn = kx_kdec_array(&d, flex, false, 7);

                for (int32_t j = 0; j < pn && kx_kdec_ok(&d); j++) {
                        struct kx_elect_part *p;

                        if (out->part_cnt == cap) {
                                struct kx_elect_part *grown;

                                cap = cap ? cap * 2 : 16;
                                grown = kx_arena_alloc(a, (size_t)cap * sizeof(*grown));
                                if (out->part_cnt)
                                        memcpy(grown, out->parts, (size_t)out->part_cnt * sizeof(*grown));
                                out->parts = grown;
                        }
                        p = &out->parts[out->part_cnt];
                        p->topic = topic;
                        p->partition = kx_kdec_i32(&d);
                        p->error = kx_kdec_i16(&d);
                        p->message = kx_kdec_str(&d, a, flex, true);
                        kx_kdec_tags(&d, flex);
                        if (kx_kdec_ok(&d))
                                out->part_cnt++;
                }
                kx_kdec_tags(&d, flex);
        }
        kx_kdec_tags(&d, flex);
        return kx_kproto_check(&d, "ElectLeaders", err);
}
