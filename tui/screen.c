/* screen.c - terminal set-up and safe text drawing. */
#include "screen.h"
#include "../core/sanitize.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int tui_screen_init(struct tui_screen *scr, struct kx_err *err)
{
        const char *term = getenv("TERM");

        memset(scr, 0, sizeof(*scr));
        scr->term = newterm(NULL, stdout, stdin);
        if (!scr->term)
                return kx_err_set(err, KX_ERR_USAGE,
                                  "cannot use terminal type \"%s\": try TERM=xterm-256color "
                                  "(or TERM=vt100) klaxon",
                                  term ? term : "(unset)");
        set_term(scr->term);
        if (!getenv("ESCDELAY"))
                set_escdelay(25);
        cbreak();
        noecho();
        nonl();
        keypad(stdscr, TRUE);
        nodelay(stdscr, TRUE);
        curs_set(0);
        scr->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
        scr->color = has_colors() && !getenv("NO_COLOR");
        if (scr->color) {
                start_color();
                use_default_colors();
                init_pair(TUI_C_HEADER, COLOR_BLACK, COLOR_CYAN);
                init_pair(TUI_C_OK, COLOR_GREEN, -1);
                init_pair(TUI_C_WARN, COLOR_YELLOW, -1);
                init_pair(TUI_C_BAD, COLOR_RED, -1);
                init_pair(TUI_C_DIM, COLORS >= 256 ? 244 : COLOR_BLUE, -1);
                init_pair(TUI_C_SELECT, COLOR_BLACK, COLOR_WHITE);
                init_pair(TUI_C_BANNER, COLOR_WHITE, COLOR_RED);
        }
        return 0;
}

void tui_screen_done(struct tui_screen *scr)
{
        if (!scr->term)
                return;
        endwin();
        delscreen(scr->term);
        scr->term = NULL;
}

attr_t tui_attr(const struct tui_screen *scr, enum tui_color c)
{
        static const attr_t mono[TUI_C_COUNT] = {
                [TUI_C_HEADER] = A_REVERSE, [TUI_C_BAD] = A_BOLD, [TUI_C_WARN] = A_UNDERLINE,
                [TUI_C_SELECT] = A_REVERSE, [TUI_C_BANNER] = A_REVERSE | A_BOLD,
                [TUI_C_DIM] = A_DIM,
        };

        if (!scr->color)
                return mono[c];
        if (c == TUI_C_NORMAL)
                return A_NORMAL;
        return COLOR_PAIR(c) | (c == TUI_C_BAD || c == TUI_C_BANNER ? A_BOLD : 0);
}

/* Sanitize and widen raw; returns a heap wide string. */
static wchar_t *to_wide(const char *raw)
{
        char *clean = kx_sanitize_dup(raw ? raw : "");
        size_t n = strlen(clean) + 1;
        wchar_t *w = malloc(n * sizeof(wchar_t));
        mbstate_t st;
        const char *src = clean;
        size_t got;

        memset(&st, 0, sizeof(st));
        got = w ? mbsrtowcs(w, &src, n, &st) : (size_t)-1;
        if (got == (size_t)-1 && w) {
                /* Not a UTF-8 locale: keep ASCII, mark the rest. */
                size_t i;

                for (i = 0; clean[i]; i++)
                        w[i] = (unsigned char)clean[i] < 128 ? (wchar_t)clean[i] : L'?';
                w[i] = 0;
        }
        free(clean);
        return w;
}

int tui_text_width(const char *raw)
{
        wchar_t *w = to_wide(raw);
        int width = 0;

        for (size_t i = 0; w && w[i]; i++) {
                int cw = wcwidth(w[i]);

                width += cw > 0 ? cw : 0;
        }
        free(w);
        return width;
}

int tui_text(const struct tui_screen *scr, int y, int x, int width, const char *raw,
             enum tui_color c, bool pad, bool right)
{
        wchar_t *w;
        int used = 0, total = 0, start;
        size_t n = 0;

        if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
                return 0;
        if (x + width > COLS)
                width = COLS - x;
        w = to_wide(raw);
        if (!w)
                return 0;
        for (n = 0; w[n]; n++) {
                int cw = wcwidth(w[n]);

                cw = cw > 0 ? cw : 0;
                if (used + cw > width)
                        break;
                used += cw;
        }
        total = used;
        start = right && pad ? x + (width - used) : x;
        attrset(tui_attr(scr, c));
        if (right && pad && start > x)
                mvhline(y, x, ' ', start - x);
        mvaddnwstr(y, start, w, (int)n);
        if (pad && !right && used < width)
                mvhline(y, x + used, ' ', width - used);
        attrset(A_NORMAL);
        free(w);
        return pad ? width : total;
}

int tui_textf(const struct tui_screen *scr, int y, int x, int width, enum tui_color c,
              const char *fmt, ...)
{
        char buf[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        return tui_text(scr, y, x, width, buf, c, false, false);
}

char *tui_sparkline(const int64_t *values, int n, int width, bool utf8, char *buf, size_t size)
{
        static const char *const blocks[] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                             "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                             "\xe2\x96\x87", "\xe2\x96\x88"};
        static const char ascii[] = "_.-=^";
        int first = n > width ? n - width : 0;
        int64_t max = 0;
        size_t used = 0;

        buf[0] = '\0';
        for (int i = first; i < n; i++)
                if (values[i] > max)
                        max = values[i];
        for (int i = first; i < n && used + 4 < size; i++) {
                int64_t v = values[i] < 0 ? 0 : values[i];

                if (utf8) {
                        int level = max ? (int)((v * 7) / max) : 0;

                        memcpy(buf + used, blocks[level], 3);
                        used += 3;
                } else {
                        buf[used++] = ascii[max ? (int)((v * 4) / max) : 0];
                }
        }
        buf[used] = '\0';
        return buf;
}

char *tui_human_count(int64_t v, char *buf, size_t size)
{
        double d = (double)v;

        if (v < 0)
                snprintf(buf, size, "-");
        else if (v < 10000)
                snprintf(buf, size, "%lld", (long long)v);
        else if (v < 1000000)
                snprintf(buf, size, "%.1fk", d / 1e3);
        else if (v < 1000000000)
                snprintf(buf, size, "%.1fM", d / 1e6);
        else
                snprintf(buf, size, "%.1fG", d / 1e9);
        return buf;
}

char *tui_human_secs(double s, char *buf, size_t size)
{
        long long t = (long long)(s + 0.5);

        if (s < 0)
                snprintf(buf, size, "-");
        else if (t < 60)
                snprintf(buf, size, "%llds", t);
        else if (t < 3600)
                snprintf(buf, size, "%lldm%02llds", t / 60, t % 60);
        else if (t < 86400)
                snprintf(buf, size, "%lldh%02lldm", t / 3600, (t % 3600) / 60);
        else
                snprintf(buf, size, "%lldd%02lldh", t / 86400, (t % 86400) / 3600);
        return buf;
}
