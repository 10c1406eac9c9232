/* kbuf.c - Kafka wire-format primitives. */
#include "kbuf.h"
#include "xalloc.h"

#include <string.h>

void kx_kenc_init(struct kx_kenc *e)
{
        memset(e, 0, sizeof(*e));
}

void kx_kenc_done(struct kx_kenc *e)
{
        free(e->buf);
        memset(e, 0, sizeof(*e));
}

void kx_kenc_raw(struct kx_kenc *e, const void *p, size_t n)
{
        if (e->len + n > e->cap) {
                size_t cap = e->cap ? e->cap : 256;

                while (cap < e->len + n)
                        cap *= 2;
                e->buf = kx_xrealloc(e->buf, cap);
                e->cap = cap;
        }
        if (n)
                memcpy(e->buf + e->len, p, n);
        e->len += n;
}

static void put_be(struct kx_kenc *e, uint64_t v, int bytes)
{
        unsigned char b[8];

        for (int i = 0; i < bytes; i++)
                b[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
        kx_kenc_raw(e, b, (size_t)bytes);
}

void kx_kenc_i8(struct kx_kenc *e, int8_t v) { put_be(e, (uint8_t)v, 1); }
void kx_kenc_i16(struct kx_kenc *e, int16_t v) { put_be(e, (uint16_t)v, 2); }
void kx_kenc_i32(struct kx_kenc *e, int32_t v) { put_be(e, (uint32_t)v, 4); }
void kx_kenc_i64(struct kx_kenc *e, int64_t v) { put_be(e, (uint64_t)v, 8); }

void kx_kenc_f64(struct kx_kenc *e, double v)
{
        uint64_t u;

        memcpy(&u, &v, sizeof(u));
        put_be(e, u, 8);
}

void kx_kenc_uvarint(struct kx_kenc *e, uint64_t v)
{
        unsigned char b;

        while (v >= 0x80) {
                b = (unsigned char)(v | 0x80);
                kx_kenc_raw(e, &b, 1);
                v >>= 7;
        }
        b = (unsigned char)v;
        kx_kenc_raw(e, &b, 1);
}

void kx_kenc_varint(struct kx_kenc *e, int64_t v)
{
        kx_kenc_uvarint(e, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void kx_kenc_str(struct kx_kenc *e, const char *s, bool flexible)
{
        size_t n = s ? strlen(s) : 0;

        if (flexible)
                kx_kenc_uvarint(e, s ? n + 1 : 0);
        else
                kx_kenc_i16(e, s ? (int16_t)n : -1);
        kx_kenc_raw(e, s, n);
}

void kx_kenc_bytes(struct kx_kenc *e, const void *p, size_t n, bool flexible)
{
        if (flexible)
                kx_kenc_uvarint(e, n + 1);
        else
                kx_kenc_i32(e, (int32_t)n);
        kx_kenc_raw(e, p, n);
}

void kx_kenc_array(struct kx_kenc *e, int32_t count, bool flexible)
{
        if (flexible)
                kx_kenc_uvarint(e, count < 0 ? 0 : (uint64_t)count + 1);
        else
                kx_kenc_i32(e, count);
}

void kx_kenc_tags(struct kx_kenc *e, bool flexible)
{
        if (flexible)
                kx_kenc_uvarint(e, 0);
}

void kx_kenc_put_i32_at(struct kx_kenc *e, size_t off, int32_t v)
{
        uint32_t u = (uint32_t)v;

        if (off + 4 > e->len)
                return;
        for (int i = 0; i < 4; i++)
                e->buf[off + (size_t)i] = (unsigned char)(u >> (24 - 8 * i));
}

void kx_kdec_init(struct kx_kdec *d, const void *p, size_t len)
{
        memset(d, 0, sizeof(*d));
        d->p = p;
        d->len = p ? len : 0;
}

bool kx_kdec_ok(const struct kx_kdec *d)
{
        return !d->failed;
}

size_t kx_kdec_left(const struct kx_kdec *d)
{
        return d->failed ? 0 : d->len - d->pos;
}

void kx_kdec_fail(struct kx_kdec *d, const char *why)
{
        if (!d->failed)
                d->why = why;
        d->failed = true;
}

/* Take n bytes, or fail. */
static const unsigned char *take(struct kx_kdec *d, size_t n)
{
        const unsigned char *p;

        if (d->failed)
                return NULL;
        if (n > d->len - d->pos) {
                kx_kdec_fail(d, "truncated");
                return NULL;
        }
        p = d->p + d->pos;
        d->pos += n;
        return p;
}

static uint64_t get_be(struct kx_kdec *d, int bytes)
{
        const unsigned char *p = take(d, (size_t)bytes);
        uint64_t v = 0;

        if (!p)
                return 0;
        for (int i = 0; i < bytes; i++)
                v = (v << 8) | p[i];
        return v;
}

int8_t kx_kdec_i8(struct kx_kdec *d) { return (int8_t)(uint8_t)get_be(d, 1); }
int16_t kx_kdec_i16(struct kx_kdec *d) { return (int16_t)(uint16_t)get_be(d, 2); }
int32_t kx_kdec_i32(struct kx_kdec *d) { return (int32_t)(uint32_t)get_be(d, 4); }
int64_t kx_kdec_i64(struct kx_kdec *d) { return (int64_t)get_be(d, 8); }

double kx_kdec_f64(struct kx_kdec *d)
{
        uint64_t u = get_be(d, 8);
        double v;

        memcpy(&v, &u, sizeof(v));
        return v;
}

bool kx_kdec_bool(struct kx_kdec *d)
{
        return get_be(d, 1) != 0;
}

uint64_t kx_kdec_uvarint(struct kx_kdec *d)
{
        uint64_t v = 0;

        for (int shift = 0; shift < 70; shift += 7) {
                const unsigned char *p = take(d, 1);

                if (!p)
                        return 0;
                v |= (uint64_t)(*p & 0x7f) << shift;
                if (!(*p & 0x80))
                        return v;
        }
        kx_kdec_fail(d, "varint longer than 10 bytes");
        return 0;
}

int64_t kx_kdec_varint(struct kx_kdec *d)
{
        uint64_t u = kx_kdec_uvarint(d);

        return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A length: -1 for null, else the byte count. */
static int64_t get_len(struct kx_kdec *d, bool flexible, bool wide)
{
        if (flexible) {
                uint64_t u = kx_kdec_uvarint(d);

                if (u > (uint64_t)INT32_MAX + 1) {
                        kx_kdec_fail(d, "length out of range");
                        return 0;
                }
                return (int64_t)u - 1;
        }
        return wide ? kx_kdec_i32(d) : kx_kdec_i16(d);
}

char *kx_kdec_str(struct kx_kdec *d, struct kx_arena *a, bool flexible, bool nullable)
{
        int64_t n = get_len(d, flexible, false);
        const unsigned char *p;

        if (d->failed)
                return NULL;
        if (n < 0) {
                if (n != -1 || !nullable)
                        kx_kdec_fail(d, n == -1 ? "null where a string is required" : "negative length");
                return NULL;
        }
        p = take(d, (size_t)n);
        return p ? kx_arena_strndup(a, (const char *)p, (size_t)n) : NULL;
}

const unsigned char *kx_kdec_bytes(struct kx_kdec *d, bool flexible, size_t *n)
{
        int64_t len = get_len(d, flexible, true);
        const unsigned char *p;

        *n = 0;
        if (d->failed || len < 0) {
                if (len < -1)
                        kx_kdec_fail(d, "negative length");
                return NULL;
        }
        p = take(d, (size_t)len);
        if (p)
                *n = (size_t)len;
        return p;
}

int32_t kx_kdec_array(struct kx_kdec *d, bool flexible, bool nullable, size_t min_elem_size)
{
        int64_t n = get_len(d, flexible, true);

        if (d->failed)
                return 0;
        if (n < 0) {
                if (n != -1 || !nullable) {
                        kx_kdec_fail(d, n == -1 ? "null where an array is required" : "negative count");
                        return 0;
                }
                return -1;
        }
        if (min_elem_size && (uint64_t)n > (d->len - d->pos) / min_elem_size) {
                kx_kdec_fail(d, "array count larger than the data");
                return 0;
        }
        return (int32_t)n;
}

void kx_kdec_tags(struct kx_kdec *d, bool flexible)
{
        uint64_t cnt;

        if (!flexible)
                return;
        cnt = kx_kdec_uvarint(d);
        if (cnt > kx_kdec_left(d) / 2) {
                kx_kdec_fail(d, "tagged-field count larger than the data");
                return;
        }
        for (uint64_t i = 0; i < cnt && !d->failed; i++) {
                uint64_t size;

                (void)kx_kdec_uvarint(d);          /* tag */
                size = kx_kdec_uvarint(d);
                if (size > kx_kdec_left(d))
                        kx_kdec_fail(d, "truncated tagged field");
                else
                        (void)take(d, (size_t)size);
        }
}
