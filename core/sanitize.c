/* sanitize.c - display sanitizer for untrusted strings. */
#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool is_bidi_control(uint32_t cp)
{
        return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
               cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* Escape text for one input unit, or NULL-length 0 when it passes as is. */
static size_t escape_for(const unsigned char *s, size_t n, size_t *consumed,
                         char esc[16])
{
        uint32_t cp;
        size_t len = kx_utf8_decode(s, n, &cp);

        if (len == 0) {
                *consumed = 1;
                return (size_t)snprintf(esc, 16, "\\x%02x", s[0]);
        }
        *consumed = len;
        if (cp == '\\')
                return (size_t)snprintf(esc, 16, "\\\\");
        if (cp == 0x1b)
                return (size_t)snprintf(esc, 16, "\\e");
        if (cp == '\n')
                return (size_t)snprintf(esc, 16, "\\n");
        if (cp == '\r')
                return (size_t)snprintf(esc, 16, "\\r");
        if (cp == '\t')
                return (size_t)snprintf(esc, 16, "\\t");
        if (cp < 0x20 || cp == 0x7f)
                return (size_t)snprintf(esc, 16, "\\x%02x", (unsigned)cp);
        if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp))
                return (size_t)snprintf(esc, 16, "\\u%04x", (unsigned)cp);
        return 0;
}

size_t kx_sanitize(char *dst, size_t dstsize, const char *src, size_t srclen)
{
        const unsigned char *s = (const unsigned char *)src;
        size_t in = 0, out = 0, written = 0;
        bool full = dstsize == 0;

        while (in < srclen) {
                char esc[16];
                size_t consumed;
                size_t elen = escape_for(s + in, srclen - in, &consumed, esc);
                const char *piece = elen ? esc : (const char *)s + in;
                size_t plen = elen ? elen : consumed;

                /* Only whole pieces are written, so a cut never splits a
                 * UTF-8 sequence or an escape. */
                if (!full && written + plen < dstsize) {
                        memcpy(dst + written, piece, plen);
                        written += plen;
                } else {
                        full = true;
                }
                out += plen;
                in += consumed;
        }
        if (dstsize > 0)
                dst[written] = '\0';
        return out;
}

char *kx_sanitize_dup(const char *src)
{
        size_t len, need;
        char *dst;

        if (!src)
                return NULL;
        len = strlen(src);
        need = kx_sanitize(NULL, 0, src, len);
        dst = kx_xmalloc(need + 1);
        kx_sanitize(dst, need + 1, src, len);
        return dst;
}

bool kx_is_display_safe(const char *s, size_t len)
{
        size_t in = 0;

        while (in < len) {
                char esc[16];
                size_t consumed;

                if (escape_for((const unsigned char *)s + in, len - in, &consumed, esc))
                        return false;
                in += consumed;
        }
        return true;
}
