/* parallel.h - run independent work items on a few threads.
 *
 * Items are handed out through an atomic counter, so a slow item (a chunk
 * whose leader is down) does not hold up the others.
 */
#ifndef KX_PARALLEL_H
#define KX_PARALLEL_H

#include <stddef.h>

/* Called once per item, from any of the worker threads. */
typedef void (*kx_parallel_fn)(size_t item, void *ctx);

/* Run fn(i, ctx) for every i in [0, n) on up to threads threads (the calling
 * thread is one of them) and return when all are done. fn must be
 * thread-safe for distinct items. If a thread cannot be created the work
 * still completes on the threads that exist. */
void kx_parallel_for(size_t n, int threads, kx_parallel_fn fn, void *ctx);

#endif
