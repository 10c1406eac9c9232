/* readfile.c - slurp a file. */
#include "readfile.h"
#include "xalloc.h"

#include <stdio.h>

char *kx_read_file(const char *path, size_t *len)
{
        FILE *fp = fopen(path, "rb");
        char *buf = NULL;
        size_t cap = 0, n = 0, got;

        if (!fp)
                return NULL;
        do {
                if (n == cap)
                        buf = kx_xrealloc(buf, (cap = cap ? cap * 2 : 4096) + 1);
                got = fread(buf + n, 1, cap - n, fp);
                n += got;
        } while (got > 0);
        fclose(fp);
        buf[n] = '\0';
        *len = n;
        return buf;
}
