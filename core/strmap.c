/* strmap.c - string-keyed hash map. */
#include "strmap.h"
#include "xalloc.h"

#include <stdint.h>
#include <string.h>

static uint64_t hash(const char *key, size_t len)
{
        uint64_t h = 1469598103934665603ull; /* FNV-1a */

        for (size_t i = 0; i < len; i++) {
                h ^= (unsigned char)key[i];
                h *= 1099511628211ull;
        }
        return h;
}

void kx_strmap_init(struct kx_strmap *m)
{
        m->slots = NULL;
        m->cap = 0;
        m->count = 0;
}

void kx_strmap_done(struct kx_strmap *m)
{
        for (size_t i = 0; i < m->cap; i++)
                free(m->slots[i].key);
        free(m->slots);
        kx_strmap_init(m);
}

static struct kx_strmap_entry *find(const struct kx_strmap *m, const char *key, size_t len)
{
        size_t i;

        if (!m->cap)
                return NULL;
        for (i = hash(key, len) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
                struct kx_strmap_entry *e = &m->slots[i];

                if (!e->key || (e->key_len == len && !memcmp(e->key, key, len)))
                        return e;
        }
}

static void grow(struct kx_strmap *m)
{
        struct kx_strmap old = *m;

        m->cap = old.cap ? old.cap * 2 : 64;
        m->slots = kx_xcalloc(m->cap, sizeof(*m->slots));
        for (size_t i = 0; i < old.cap; i++)
                if (old.slots[i].key)
                        *find(m, old.slots[i].key, old.slots[i].key_len) = old.slots[i];
        free(old.slots);
}

void *kx_strmap_get(const struct kx_strmap *m, const char *key, size_t key_len)
{
        struct kx_strmap_entry *e = find(m, key, key_len);

        return e && e->key ? e->value : NULL;
}

void *kx_strmap_put(struct kx_strmap *m, const char *key, size_t key_len, void *value)
{
        struct kx_strmap_entry *e;
        void *prev;

        if ((m->count + 1) * 4 > m->cap * 3)
                grow(m);
        e = find(m, key, key_len);
        if (e->key) {
                prev = e->value;
                e->value = value;
                return prev;
        }
        e->key = kx_xmalloc(key_len + 1);
        memcpy(e->key, key, key_len);
        e->key[key_len] = '\0';
        e->key_len = key_len;
        e->value = value;
        m->count++;
        return NULL;
}

void kx_strmap_filter(struct kx_strmap *m, int (*keep)(void *value, void *ctx), void *ctx,
                      void (*drop)(void *value))
{
        struct kx_strmap old = *m;

        /* Rebuild rather than delete in place: linear probing needs it. */
        kx_strmap_init(m);
        for (size_t i = 0; i < old.cap; i++) {
                struct kx_strmap_entry *e = &old.slots[i];

                if (!e->key)
                        continue;
                if (keep(e->value, ctx))
                        kx_strmap_put(m, e->key, e->key_len, e->value);
                else if (drop)
                        drop(e->value);
                free(e->key);
        }
        free(old.slots);
}
