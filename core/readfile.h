/* readfile.h - read a whole (configuration) file into memory. */
#ifndef KX_READFILE_H
#define KX_READFILE_H

#include <stddef.h>

/* The contents of path, NUL-terminated (the NUL not counted in *len); the
 * caller frees it. NULL, with errno from fopen, when path cannot be opened. */
char *kx_read_file(const char *path, size_t *len);

#endif
