/* mm2_records.c - decode MirrorMaker 2's checkpoints and heartbeats. */
#include "mm2_records.h"

#include <string.h>

struct reader {
        const unsigned char *p;
        size_t left;
        int bad;
};

static uint64_t read_be(struct reader *r, size_t n)
{
        uint64_t v = 0;

        if (r->bad || r->left < n) {
                r->bad = 1;
                return 0;
        }
        for (size_t i = 0; i < n; i++)
                v = v << 8 | r->p[i];
        r->p += n;
        r->left -= n;
        return v;
}

static void read_str(struct reader *r, char *buf, size_t size)
{
        int16_t len = (int16_t)read_be(r, 2);

        if (r->bad || len < 0 || (size_t)len >= size || (size_t)len > r->left) {
                r->bad = 1;
                buf[0] = '\0';
                return;
        }
        memcpy(buf, r->p, (size_t)len);
        buf[len] = '\0';
        r->p += len;
        r->left -= (size_t)len;
}

int kx_mm2_checkpoint_decode(const void *key, size_t key_len, const void *value, size_t value_len,
                             struct kx_mm2_checkpoint *out)
{
        struct reader k = {key, key_len, !key}, v = {value, value_len, !value};
        char meta[1024];

        read_str(&k, out->group, sizeof(out->group));
        read_str(&k, out->topic, sizeof(out->topic));
        out->partition = (int32_t)read_be(&k, 4);
        if (read_be(&v, 2) != 0)
                return -1;
        out->upstream = (int64_t)read_be(&v, 8);
        out->downstream = (int64_t)read_be(&v, 8);
        read_str(&v, meta, sizeof(meta));
        return k.bad || v.bad || k.left || out->partition < 0 ? -1 : 0;
}

int kx_mm2_heartbeat_decode(const void *key, size_t key_len, const void *value, size_t value_len,
                            struct kx_mm2_heartbeat *out)
{
        struct reader k = {key, key_len, !key}, v = {value, value_len, !value};

        read_str(&k, out->source, sizeof(out->source));
        read_str(&k, out->target, sizeof(out->target));
        if (read_be(&v, 2) != 0)
                return -1;
        out->ts_ms = (int64_t)read_be(&v, 8);
        return k.bad || v.bad ? -1 : 0;
}
