/* javahash.c - Java String.hashCode() over UTF-8 input. */
#include "javahash.h"
#include "utf8.h"

#include <string.h>

int32_t kx_java_string_hash(const char *s, size_t len)
{
        const unsigned char *p = (const unsigned char *)s;
        uint32_t h = 0; /* unsigned: Java's int overflow wraps */
        size_t i = 0;

        while (i < len) {
                uint32_t cp;
                size_t used = kx_utf8_decode(p + i, len - i, &cp);

                if (used == 0) { /* Java's decoder substitutes U+FFFD */
                        cp = 0xfffd;
                        used = 1;
                }

                if (cp >= 0x10000) { /* a surrogate pair in UTF-16 */
                        cp -= 0x10000;
                        h = 31 * h + (0xd800 + (cp >> 10));
                        h = 31 * h + (0xdc00 + (cp & 0x3ff));
                } else {
                        h = 31 * h + cp;
                }
                i += used;
        }
        return (int32_t)h;
}

int32_t kx_group_offsets_partition(const char *group_id, int32_t partition_count)
{
        int32_t h;

        if (partition_count <= 0)
                return -1;
        h = kx_java_string_hash(group_id, strlen(group_id));
        h = h == INT32_MIN ? 0 : (h < 0 ? -h : h);
        return h % partition_count;
}
