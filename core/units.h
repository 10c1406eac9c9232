/* units.h - retention durations and byte sizes as policies write them.
 *
 * Durations extend kx_parse_duration with years ("10y" = 3650 days) and the
 * words "infinite" / "never" (KX_FOREVER, which is Kafka's -1). Sizes are
 * "1TB", "450GB", "1MB", "512KB", "100B" or plain bytes (powers of 1024).
 */
#ifndef KX_UNITS_H
#define KX_UNITS_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define KX_FOREVER ((int64_t)-1)

/* Parse a retention-style duration into *ms (KX_FOREVER for infinite/never).
 * KX_ERR_USAGE naming the text otherwise. */
int kx_parse_retention(const char *text, int64_t *ms, struct kx_err *err);

/* Parse a byte size into *bytes. KX_ERR_USAGE naming the text otherwise. */
int kx_parse_bytes(const char *text, int64_t *bytes, struct kx_err *err);

/* Format ms as the largest whole unit ("30d", "10y", "90m", "infinite")
 * into buf. Returns buf. */
char *kx_format_retention(int64_t ms, char *buf, size_t size);

/* Format bytes with one decimal in the largest unit ("1.5 GB"). Returns buf. */
char *kx_format_bytes(double bytes, char *buf, size_t size);

#endif
