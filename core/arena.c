/* arena.c - bump allocator for snapshots. */
#include "arena.h"
#include "xalloc.h"

#include <stdint.h>
#include <string.h>

#define KX_ARENA_BLOCK_MIN (64 * 1024)
#define KX_ARENA_ALIGN     16

struct kx_arena_block {
        struct kx_arena_block *next;
        size_t size;  /* usable bytes in data[] */
        size_t used;
        _Alignas(KX_ARENA_ALIGN) unsigned char data[];
};

void kx_arena_init(struct kx_arena *arena)
{
        arena->head = NULL;
        arena->used_bytes = 0;
}

void kx_arena_done(struct kx_arena *arena)
{
        struct kx_arena_block *b = arena->head;

        while (b) {
                struct kx_arena_block *next = b->next;
                free(b);
                b = next;
        }
        arena->head = NULL;
        arena->used_bytes = 0;
}

void *kx_arena_alloc(struct kx_arena *arena, size_t size)
{
        size_t need = (size + KX_ARENA_ALIGN - 1) & ~(size_t)(KX_ARENA_ALIGN - 1);
        struct kx_arena_block *b = arena->head;
        void *p;

        if (need == 0)
                need = KX_ARENA_ALIGN;
        if (!b || b->size - b->used < need) {
                size_t bsize = need > KX_ARENA_BLOCK_MIN ? need : KX_ARENA_BLOCK_MIN;
                b = kx_xmalloc(sizeof(*b) + bsize);
                b->size = bsize;
                b->used = 0;
                b->next = arena->head;
                arena->head = b;
        }
        p = b->data + b->used;
        b->used += need;
        arena->used_bytes += need;
        memset(p, 0, need);
        return p;
}

char *kx_arena_strndup(struct kx_arena *arena, const char *s, size_t len)
{
        char *p;

        if (!s)
                return NULL;
        p = kx_arena_alloc(arena, len + 1);
        memcpy(p, s, len);
        p[len] = '\0';
        return p;
}

char *kx_arena_strdup(struct kx_arena *arena, const char *s)
{
        return s ? kx_arena_strndup(arena, s, strlen(s)) : NULL;
}

void *kx_arena_memdup(struct kx_arena *arena, const void *src, size_t n)
{
        void *p;

        if (n == 0)
                return NULL;
        p = kx_arena_alloc(arena, n);
        memcpy(p, src, n);
        return p;
}
