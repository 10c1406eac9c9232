/* utf8.c - strict UTF-8 decoding. */
#include "utf8.h"

size_t kx_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
        uint32_t c;
        size_t len, i;

        if (s[0] < 0x80) {
                *cp = s[0];
                return 1;
        } else if ((s[0] & 0xe0) == 0xc0) {
                len = 2;
                c = s[0] & 0x1f;
        } else if ((s[0] & 0xf0) == 0xe0) {
                len = 3;
                c = s[0] & 0x0f;
        } else if ((s[0] & 0xf8) == 0xf0) {
                len = 4;
                c = s[0] & 0x07;
        } else {
                return 0;
        }
        if (n < len)
                return 0;
        for (i = 1; i < len; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                c = (c << 6) | (s[i] & 0x3f);
        }
        if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
            (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
            (c >= 0xd800 && c <= 0xdfff))
                return 0;
        *cp = c;
        return len;
}
