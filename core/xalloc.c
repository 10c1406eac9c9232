/* xalloc.c - allocation wrappers that fail loudly. */
#include "xalloc.h"

#include <stdio.h>
#include <string.h>

static void kx_oom(size_t size)
{
        fprintf(stderr, "klaxon: out of memory allocating %zu bytes\n", size);
        abort();
}

void *kx_xmalloc(size_t size)
{
        void *p = malloc(size ? size : 1);

        if (!p)
                kx_oom(size);
        return p;
}

void *kx_xcalloc(size_t nmemb, size_t size)
{
        void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

        if (!p)
                kx_oom(nmemb * size);
        return p;
}

void *kx_xrealloc(void *ptr, size_t size)
{
        void *p = realloc(ptr, size ? size : 1);

        if (!p)
                kx_oom(size);
        return p;
}

char *kx_xstrdup(const char *s)
{
        char *p;

        if (!s)
                return NULL;
        p = strdup(s);
        if (!p)
                kx_oom(strlen(s) + 1);
        return p;
}
