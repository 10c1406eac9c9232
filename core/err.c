/* err.c - error codes and the caller-owned error buffer. */
#include "err.h"

#include <stdio.h>
#include <string.h>

void kx_err_clear(struct kx_err *err)
{
        if (!err)
                return;
        err->code = KX_OK;
        err->msg[0] = '\0';
}

int kx_err_vset(struct kx_err *err, int code, const char *fmt, va_list ap)
{
        if (!err)
                return code;
        err->code = code;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        return code;
}

int kx_err_set(struct kx_err *err, int code, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        kx_err_vset(err, code, fmt, ap);
        va_end(ap);
        return code;
}

const char *kx_code_name(int code)
{
        switch (code) {
#define KX_ERR_NAME(id, val, name) \
        case val:                  \
                return name;
                KX_ERR_CODES(KX_ERR_NAME)
#undef KX_ERR_NAME
        }
        return "unknown";
}
