/* utf8.h - strict UTF-8 decoding shared by the sanitizer and the hash. */
#ifndef KX_UTF8_H
#define KX_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 sequence at s (n > 0 bytes available). Returns its length
 * (1-4) and stores the code point in *cp, or returns 0 when the bytes are not
 * a valid shortest-form Unicode scalar value (overlong, surrogate, too large,
 * truncated or a stray continuation byte). */
size_t kx_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
