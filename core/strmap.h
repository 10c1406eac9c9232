/* strmap.h - a string-keyed hash map (open addressing, linear probing).
 *
 * Keys are copied (byte strings with explicit length, so they may hold
 * NULs as separators); values are borrowed pointers the caller owns.
 * Not thread-safe.
 */
#ifndef KX_STRMAP_H
#define KX_STRMAP_H

#include <stddef.h>

struct kx_strmap_entry {
        char *key;       /* NULL: empty slot */
        size_t key_len;
        void *value;
};

struct kx_strmap {
        struct kx_strmap_entry *slots;
        size_t cap;      /* power of two */
        size_t count;
};

void kx_strmap_init(struct kx_strmap *m);

/* Free the keys and the table; values are not touched (free them first,
 * e.g. with kx_strmap_foreach). */
void kx_strmap_done(struct kx_strmap *m);

/* Value for key, or NULL. */
void *kx_strmap_get(const struct kx_strmap *m, const char *key, size_t key_len);

/* Insert or replace. Returns the previous value, or NULL. */
void *kx_strmap_put(struct kx_strmap *m, const char *key, size_t key_len, void *value);

/* Remove every entry for which keep(value, ctx) is false, calling drop(value)
 * for each removed one. */
void kx_strmap_filter(struct kx_strmap *m, int (*keep)(void *value, void *ctx), void *ctx,
                      void (*drop)(void *value));

#endif
