/* console.h - the interactive console: main loop, views, keys. */
#ifndef TUI_CONSOLE_H
#define TUI_CONSOLE_H

#include "../core/config.h"

struct console_opts {
        int refresh_s;     /* --refresh, default 5 */
        bool kiosk;        /* --kiosk: rotate views, read-only */
        int rotate_s;      /* --rotate, default 15 */
        const char *keymap_path;  /* NULL: XDG default */
};

/* Run the console for cfg until the user quits, the terminal goes away or a
 * signal arrives. Returns a process exit code (0, or 2 for a bad keymap,
 * config or terminal, with the reason printed after the screen is restored). */
int console_run(const struct kx_config *cfg, const struct console_opts *opts);

#endif
