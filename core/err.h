/* err.h - klaxon's error codes and the caller-owned error buffer.
 *
 * Every fallible core function returns 0 on success or a negative kx code,
 * and fills a caller-owned struct kx_err with a one-line, human message.
 * There are no static message buffers: the collector runs in other threads.
 */
#ifndef KX_ERR_H
#define KX_ERR_H

#include <stdarg.h>

/* X(ID, value, "short name") - one table for codes and their names. */
#define KX_ERR_CODES(X)                                  \
        X(KX_OK, 0, "ok")                                \
        X(KX_ERR_USAGE, -1, "usage")                     \
        X(KX_ERR_CONFIG, -2, "config")                   \
        X(KX_ERR_UNREACHABLE, -3, "cluster unreachable") \
        X(KX_ERR_KAFKA, -4, "kafka")                     \
        X(KX_ERR_PARTIAL, -5, "partial")                 \
        X(KX_ERR_NOMEM, -6, "out of memory")             \
        X(KX_ERR_IO, -7, "i/o")                          \
        X(KX_ERR_READ_ONLY, -8, "read-only")             \
        X(KX_ERR_NOT_FOUND, -9, "not found")             \
        X(KX_ERR_TIMEOUT, -10, "timed out")              \
        X(KX_ERR_STATE, -11, "state store")              \
        X(KX_ERR_PEER, -12, "peer")                      \
        X(KX_ERR_REFUSED, -13, "refused")

enum kx_code {
#define KX_ERR_ENUM(id, val, name) id = val,
        KX_ERR_CODES(KX_ERR_ENUM)
#undef KX_ERR_ENUM
};

struct kx_err {
        int code;       /* 0 or a negative enum kx_code */
        char msg[256];  /* one line, no trailing newline; "" when code is 0 */
};

/* Reset err to "no error". err may be NULL. */
void kx_err_clear(struct kx_err *err);

/* Set err->code and format err->msg (truncated to fit). Returns code, so a
 * caller can write `return kx_err_set(err, KX_ERR_IO, "...")`. err may be
 * NULL, in which case only code is returned. */
int kx_err_set(struct kx_err *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Same as kx_err_set with a va_list. */
int kx_err_vset(struct kx_err *err, int code, const char *fmt, va_list ap);

/* Static name of a code ("config", "kafka", ...); "unknown" if not in the
 * table. Never NULL. */
const char *kx_code_name(int code);

#endif
