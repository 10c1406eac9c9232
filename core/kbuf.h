/* kbuf.h - Kafka wire-format encoder and bounds-checked decoder.
 *
 * Only the primitives klaxon's protocol module needs: big-endian int8..64,
 * float64, bool, unsigned/zig-zag varints, strings and bytes (classic int16 /
 * int32 lengths or "compact" uvarint length+1), arrays (int32 count or compact
 * uvarint count+1, -1/0 meaning null), and tagged-field sections (written
 * empty, skipped when read).
 *
 * The decoder never reads past its buffer: the first failure makes it
 * "failed" (sticky), every later read returns zeros, and the caller checks
 * kx_kdec_ok() once at the end. Array counts are checked against the bytes
 * left before anything is allocated, so a hostile count cannot make a huge
 * allocation.
 */
#ifndef KX_KBUF_H
#define KX_KBUF_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing output buffer. Owns buf (free with kx_kenc_done). */
struct kx_kenc {
        unsigned char *buf;
        size_t len, cap;
};

void kx_kenc_init(struct kx_kenc *e);
void kx_kenc_done(struct kx_kenc *e);
void kx_kenc_i8(struct kx_kenc *e, int8_t v);
void kx_kenc_i16(struct kx_kenc *e, int16_t v);
void kx_kenc_i32(struct kx_kenc *e, int32_t v);
void kx_kenc_i64(struct kx_kenc *e, int64_t v);
void kx_kenc_f64(struct kx_kenc *e, double v);
void kx_kenc_uvarint(struct kx_kenc *e, uint64_t v);
void kx_kenc_varint(struct kx_kenc *e, int64_t v);
void kx_kenc_raw(struct kx_kenc *e, const void *p, size_t n);
/* A string (NULL = null, only valid where the schema says nullable); compact
 * when flexible. */
void kx_kenc_str(struct kx_kenc *e, const char *s, bool flexible);
/* Bytes: int32 length, or compact uvarint length+1 when flexible. */
void kx_kenc_bytes(struct kx_kenc *e, const void *p, size_t n, bool flexible);
/* An array's count (-1 = null); compact when flexible. */
void kx_kenc_array(struct kx_kenc *e, int32_t count, bool flexible);
/* An empty tagged-field section (only when flexible). */
void kx_kenc_tags(struct kx_kenc *e, bool flexible);
/* Overwrite 4 bytes at off with v, big-endian (frame sizes). */
void kx_kenc_put_i32_at(struct kx_kenc *e, size_t off, int32_t v);

/* A read cursor over a buffer it does not own. */
struct kx_kdec {
        const unsigned char *p;
        size_t len, pos;
        bool failed;
        const char *why;     /* static text of the first failure, or NULL */
};

void kx_kdec_init(struct kx_kdec *d, const void *p, size_t len);
/* True while no read has failed. */
bool kx_kdec_ok(const struct kx_kdec *d);
/* Bytes not read yet (0 once failed). */
size_t kx_kdec_left(const struct kx_kdec *d);
/* Mark d failed with a static reason (kept only if it is the first). */
void kx_kdec_fail(struct kx_kdec *d, const char *why);

int8_t kx_kdec_i8(struct kx_kdec *d);
int16_t kx_kdec_i16(struct kx_kdec *d);
int32_t kx_kdec_i32(struct kx_kdec *d);
int64_t kx_kdec_i64(struct kx_kdec *d);
double kx_kdec_f64(struct kx_kdec *d);
bool kx_kdec_bool(struct kx_kdec *d);
uint64_t kx_kdec_uvarint(struct kx_kdec *d);   /* at most 10 bytes */
int64_t kx_kdec_varint(struct kx_kdec *d);     /* zig-zag */
/* A string copied NUL-terminated into arena; NULL for a null string or on
 * failure (nullable false: null fails the decoder). Compact when flexible. */
char *kx_kdec_str(struct kx_kdec *d, struct kx_arena *a, bool flexible, bool nullable);
/* Bytes: a pointer into the decoder's buffer (valid while it is) and *n;
 * NULL with *n = 0 for null or failure. */
const unsigned char *kx_kdec_bytes(struct kx_kdec *d, bool flexible, size_t *n);
/* An array count: -1 for null (fails unless nullable). A count larger than
 * the bytes left divided by min_elem_size fails. Compact when flexible. */
int32_t kx_kdec_array(struct kx_kdec *d, bool flexible, bool nullable, size_t min_elem_size);
/* Skip a tagged-field section (only when flexible). */
void kx_kdec_tags(struct kx_kdec *d, bool flexible);

#endif
