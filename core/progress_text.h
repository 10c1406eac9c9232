/* progress_text.h - a job's progress as text: a bar, a percentage and an
 * ETA, shared by the CLI's progress line and the console's jobs view.
 * Pure; writes into caller buffers. */
#ifndef KX_PROGRESS_TEXT_H
#define KX_PROGRESS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A bar of width cells ("#" done, "." to go) for done of total, into buf
 * (size >= width + 1). total <= 0 shows an empty bar. */
void kx_progress_bar(char *buf, size_t size, int width, int64_t done, int64_t total);

/* The percentage done (0..100), 0 when total <= 0. */
int kx_progress_pct(int64_t done, int64_t total);

/* Time to go for remaining units at rate units/s: "1:02:03", "4:05", or
 * "-" when the rate is not positive. */
void kx_eta_text(char *buf, size_t size, int64_t remaining, double rate);

#endif
