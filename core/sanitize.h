/* sanitize.h - the one display sanitizer for strings from Kafka and peers.
 *
 * Kafka accepts any bytes in group ids, client ids, keys and headers, and a
 * REST peer can return anything in JSON. Before such a string reaches a
 * terminal it goes through here:
 *   - printable UTF-8 passes unchanged;
 *   - C0 controls, DEL and C1 controls become visible escapes
 *     (\e for ESC, \t \n \r, otherwise \xHH or \u0080..\u009f);
 *   - bidirectional overrides and isolates (U+202A-E, U+2066-9) become \uXXXX;
 *   - bytes that are not valid UTF-8 become \xHH;
 *   - a backslash becomes "\\", so an escape on screen is unambiguous.
 * The result never holds a byte that a terminal interprets as a control.
 */
#ifndef KX_SANITIZE_H
#define KX_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

/* Write the sanitized form of src[0..srclen) into dst (dstsize bytes, always
 * NUL-terminated when dstsize > 0). Output is cut at a character boundary if
 * it does not fit; the return value is the full length the sanitized string
 * needs (excluding the NUL), like snprintf, so callers can detect truncation.
 * src may hold NULs (shown as \x00). */
size_t kx_sanitize(char *dst, size_t dstsize, const char *src, size_t srclen);

/* Sanitize a NUL-terminated string into a new heap string the caller frees.
 * NULL in gives NULL out. */
char *kx_sanitize_dup(const char *src);

/* True if s[0..len) would pass through kx_sanitize unchanged. */
bool kx_is_display_safe(const char *s, size_t len);

#endif
