/* keymap.h - key bindings: compiled-in defaults, then the user's file.
 *
 * Lookup goes: the view's own section, then "generic". A user file
 * ($XDG_CONFIG_HOME/klaxon/keymap.yaml) overrides bindings per view; a bad
 * binding is an error naming the file and line, and nothing is half-loaded.
 */
#ifndef TUI_KEYMAP_H
#define TUI_KEYMAP_H

#include "../core/err.h"
#include "request.h"

#include <stddef.h>

struct keymap;

/* Load the defaults (keymaps/default.yaml, built in), then user_path if it
 * exists (NULL: the XDG default). On error returns NULL and err names the
 * file, line and binding. Free with keymap_free(). */
struct keymap *keymap_load(const char *user_path, struct kx_err *err);

/* Parse YAML text from origin (a file name for messages) into km, adding
 * or replacing bindings. Returns 0 or KX_ERR_CONFIG. */
int keymap_parse(struct keymap *km, const char *text, size_t len, const char *origin,
                 struct kx_err *err);

void keymap_free(struct keymap *km);

/* The request bound to key in view (a section name), else in "generic",
 * else REQ_NONE. */
enum request keymap_lookup(const struct keymap *km, const char *view, int key);

/* Parse a key name ("q", "C-l", "PgDown", "F1") into a curses key code;
 * -1 if unknown. */
int keymap_key_code(const char *name);

/* Write the key name for code into buf ("C-l", "Up", "q"). Returns buf. */
char *keymap_key_name(int code, char *buf, size_t size);

/* Keys bound to req in view or generic, comma-separated, into buf. */
char *keymap_keys_for(const struct keymap *km, const char *view, enum request req, char *buf,
                      size_t size);

#endif
