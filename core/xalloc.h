/* xalloc.h - allocation wrappers that fail loudly.
 *
 * klaxon cannot do anything useful once malloc fails, so these print one
 * line to stderr and abort() instead of returning NULL. The caller owns
 * (and frees with free()) whatever they return.
 */
#ifndef KX_XALLOC_H
#define KX_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *kx_xmalloc(size_t size);
void *kx_xcalloc(size_t nmemb, size_t size);
void *kx_xrealloc(void *ptr, size_t size);
/* NULL in gives NULL out. */
char *kx_xstrdup(const char *s);

#endif
