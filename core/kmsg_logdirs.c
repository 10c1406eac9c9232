/* kmsg_logdirs.c - DescribeLogDirs body and decoder. */
#include "kmsg_logdirs.h"
#include "kproto.h"

#include <string.h>

void kx_kmsg_logdirs_body(struct kx_kenc *e, int16_t version)
{
        bool flex = version >= 2;

        kx_kenc_array(e, -1, flex);
        kx_kenc_tags(e, flex);
}

static void decode_topic(struct kx_kdec *d, bool flex, struct kx_arena *a, struct kx_logdir *dir,
                         int *cap)
{
        char *topic = kx_kdec_str(d, a, flex, false);
        int32_t n = kx_kdec_array(d, flex, false, 21);

        for (int32_t i = 0; i < n && kx_kdec_ok(d); i++) {
                struct kx_logdir_part *p;

                if (dir->part_cnt == *cap) {
                        struct kx_logdir_part *grown;

                        *cap = *cap ? *cap * 2 : 16;
                        grown = kx_arena_alloc(a, (size_t)*cap * sizeof(*grown));
                        if (dir->part_cnt)
                                memcpy(grown, dir->parts, (size_t)dir->part_cnt * sizeof(*grown));
                        dir->parts = grown;
                }
                p = &dir->parts[dir->part_cnt];
                p->topic = topic;
                p->partition = kx_kdec_i32(d);
                p->size = kx_kdec_i64(d);
                p->offset_lag = kx_kdec_i64(d);
                p->is_future = kx_kdec_bool(d);
                kx_kdec_tags(d, flex);
                if (kx_kdec_ok(d))
                        dir->part_cnt++;
        }
        kx_kdec_tags(d, flex);
}

int kx_kmsg_logdirs_decode(const void *body, size_t len, int16_t version, struct kx_arena *a,
                           struct kx_logdirs_desc *out, struct kx_err *err)
{
        bool flex = version >= 2;
        struct kx_kdec d;
        int32_t n;

        memset(out, 0, sizeof(*out));
        kx_kdec_init(&d, body, len);
        (void)kx_kdec_i32(&d);                      /* throttle_time_ms */
        if (version >= 3)
                out->error = kx_kdec_i16(&d);
        n = kx_kdec_array(&d, flex, false, 4);
        if (n > 0)
                out->dirs = kx_arena_alloc(a, (size_t)n * sizeof(*out->dirs));
        for (int32_t i = 0; i < n && kx_kdec_ok(&d); i++) {
                struct kx_logdir *dir = &out->dirs[i];
                int cap = 0;
                int32_t tn;

                dir->error = kx_kdec_i16(&d);
                dir->path = kx_kdec_str(&d, a, flex, false);
                tn = kx_kdec_array(&d, flex, false, 2);
                for (int32_t t = 0; t < tn && kx_kdec_ok(&d); t++)
                        decode_topic(&d, flex, a, dir, &cap);
                dir->total_bytes = version >= 4 ? kx_kdec_i64(&d) : -1;
                dir->usable_bytes = version >= 4 ? kx_kdec_i64(&d) : -1;
                kx_kdec_tags(&d, flex);
                out->dir_cnt = i + 1;
        }
        kx_kdec_tags(&d, flex);
        return kx_kproto_check(&d, "DescribeLogDirs", err);
}
