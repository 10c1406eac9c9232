/* parallel.c - a tiny work-sharing loop over pthreads. */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>

struct parallel_run {
        atomic_size_t next;
        size_t n;
        kx_parallel_fn fn;
        void *ctx;
};

static void *parallel_worker(void *arg)
{
        struct parallel_run *run = arg;
        size_t i;

        while ((i = atomic_fetch_add(&run->next, 1)) < run->n)
                run->fn(i, run->ctx);
        return NULL;
}

void kx_parallel_for(size_t n, int threads, kx_parallel_fn fn, void *ctx)
{
        struct parallel_run run = {.n = n, .fn = fn, .ctx = ctx};
        pthread_t tids[64];
        int started = 0;

        atomic_init(&run.next, 0);
        if (threads > 64)
                threads = 64;
        if ((size_t)threads > n)
                threads = (int)n;
        for (int t = 1; t < threads; t++)
                if (pthread_create(&tids[started], NULL, parallel_worker, &run) == 0)
                        started++;
        parallel_worker(&run);
        for (int t = 0; t < started; t++)
                pthread_join(tids[t], NULL);
}
