/* screen.h - the terminal: set-up, colours, and drawing untrusted text.
 *
 * Only the UI thread calls these (ncurses is not thread-safe). Every string
 * drawn goes through tui_text(), which runs the display sanitizer and clips
 * by display width (wcwidth), so nothing from Kafka can reach the terminal
 * raw and wide characters never overflow a column.
 */
#ifndef TUI_SCREEN_H
#define TUI_SCREEN_H

#include "../core/err.h"

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

enum tui_color {
        TUI_C_NORMAL,
        TUI_C_HEADER,   /* title bar, column headers */
        TUI_C_OK,
        TUI_C_WARN,
        TUI_C_BAD,
        TUI_C_DIM,
        TUI_C_SELECT,   /* the selected row */
        TUI_C_BANNER,   /* red alert banner */
        TUI_C_COUNT
};

struct tui_screen {
        bool color;     /* false under NO_COLOR or without colours */
        bool utf8;      /* false: ASCII line drawing and sparklines */
        SCREEN *term;
};

/* Start curses on the controlling terminal: newterm (an unknown TERM gives
 * KX_ERR_USAGE with a hint instead of exiting), cbreak, noecho, keypad,
 * ESCDELAY 25 ms unless set, colours unless NO_COLOR. */
int tui_screen_init(struct tui_screen *scr, struct kx_err *err);

/* End curses. Safe to call twice. */
void tui_screen_done(struct tui_screen *scr);

/* The attribute for a colour role (bold/reverse/underline in monochrome). */
attr_t tui_attr(const struct tui_screen *scr, enum tui_color c);

/* Draw raw (untrusted) text at y,x clipped to width columns, padded with
 * spaces to width when pad is true. right aligns it right. Returns the
 * columns used. */
int tui_text(const struct tui_screen *scr, int y, int x, int width, const char *raw,
             enum tui_color c, bool pad, bool right);

/* printf into a buffer, then tui_text. */
int tui_textf(const struct tui_screen *scr, int y, int x, int width, enum tui_color c,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Display width in columns of raw once sanitized. */
int tui_text_width(const char *raw);

/* A sparkline of values[0..n) (oldest first, negatives skipped) scaled to
 * its own max, written into buf as UTF-8 blocks, or ASCII ("_.-^") when
 * !utf8; at most width characters (the newest). Returns buf. */
char *tui_sparkline(const int64_t *values, int n, int width, bool utf8, char *buf, size_t size);

/* Human numbers: 1234567 -> "1.2M"; durations: 3725 s -> "1h02m". */
char *tui_human_count(int64_t v, char *buf, size_t size);
char *tui_human_secs(double s, char *buf, size_t size);

#endif
