/* timeparse.h - parse the times operators type. */
#ifndef KX_TIMEPARSE_H
#define KX_TIMEPARSE_H

#include "err.h"

#include <stdint.h>

/* Parse ISO 8601 "2026-11-23T03:12:00Z", with optional seconds, fraction
 * (.sss) and zone (Z, +HH:MM, -HHMM; none means UTC), or a plain integer
 * of ms since the epoch, into *ms. KX_ERR_USAGE naming the text otherwise. */
int kx_parse_time(const char *text, int64_t *ms, struct kx_err *err);

/* Parse a duration "90s", "15m", "7d", "12h", "500ms", or plain ms, into
 * *ms. KX_ERR_USAGE otherwise. */
int kx_parse_duration(const char *text, int64_t *ms, struct kx_err *err);

#endif
