/* arena.h - a bump allocator that owns everything a snapshot holds.
 *
 * Strings and arrays copied out of librdkafka results live here, because
 * librdkafka's result events die with rd_kafka_event_destroy(). Freeing the
 * arena frees them all at once. An arena is not thread-safe: one builder
 * thread fills it, readers only read after it is published.
 */
#ifndef KX_ARENA_H
#define KX_ARENA_H

#include <stddef.h>

struct kx_arena_block;

struct kx_arena {
        struct kx_arena_block *head;  /* newest block first */
        size_t used_bytes;            /* bytes handed out, for stats */
};

/* Initialise an empty arena (no allocation yet). */
void kx_arena_init(struct kx_arena *arena);

/* Free every block. Pointers handed out become invalid. Safe to call twice. */
void kx_arena_done(struct kx_arena *arena);

/* Return size zeroed bytes, aligned for any type, owned by the arena.
 * Aborts on out-of-memory (klaxon cannot do anything useful without it). */
void *kx_arena_alloc(struct kx_arena *arena, size_t size);

/* Copy s (NUL-terminated) into the arena. NULL in gives NULL out. */
char *kx_arena_strdup(struct kx_arena *arena, const char *s);

/* Copy len bytes of s and terminate them. s may hold NULs; they are kept. */
char *kx_arena_strndup(struct kx_arena *arena, const char *s, size_t len);

/* Copy n bytes of src into the arena. n == 0 gives NULL. */
void *kx_arena_memdup(struct kx_arena *arena, const void *src, size_t n);

#endif
