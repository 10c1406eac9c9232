/* console_prompt.c - the one-line prompt at the bottom: filter, notes,
 * reset targets and typed confirmations all go through it. */
#include "console_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void console_prompt(struct console *c, enum prompt_kind kind, const char *initial,
                    const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(c->prompt_label, sizeof(c->prompt_label), fmt, ap);
        va_end(ap);
        c->prompt = kind;
        snprintf(c->input, sizeof(c->input), "%s", initial ? initial : "");
        c->input_len = strlen(c->input);
        c->mode = MODE_PROMPT;
        c->dirty = true;
}

static void apply_filter(struct console *c)
{
        struct view *v = console_view(c);

        if (v->ops->table)
                tui_table_set_filter(v->ops->table(v), c->input);
}

static void finish(struct console *c, bool accepted)
{
        c->mode = MODE_NORMAL;
        switch (c->prompt) {
        case PROMPT_FILTER:
                break; /* applied as typed; Esc keeps it too, as in less */
        case PROMPT_NOTE:
                if (accepted && c->input_len)
                        console_incident_note(c, c->input);
                break;
        case PROMPT_RESET_TO:
        case PROMPT_SKIP_TO:
        case PROMPT_RETENTION:
                if (accepted)
                        console_reset_answer(c, c->prompt, c->input);
                break;
        case PROMPT_REPLAY:
                if (accepted)
                        console_replay_answer(c, c->input);
                break;
        case PROMPT_CONFIRM:
                /* Confirmation defaults to no: Esc or a wrong name aborts. */
                console_confirm_answer(c, accepted ? c->input : NULL);
                break;
        }
}

void console_prompt_key(struct console *c, int key)
{
        /* A reversible action is confirmed with one key: y, else no. */
        if (c->prompt == PROMPT_CONFIRM && c->pending && !c->plan.destructive) {
                c->mode = MODE_NORMAL;
                console_confirm_answer(c, key == 'y' ? "y" : NULL);
                c->dirty = true;
                return;
        }
        if (key == 27) {
                finish(c, false);
        } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
                finish(c, true);
        } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
                if (c->input_len)
                        c->input[--c->input_len] = '\0';
        } else if (key >= ' ' && key < 127 && c->input_len + 1 < sizeof(c->input)) {
                c->input[c->input_len++] = (char)key;
                c->input[c->input_len] = '\0';
        }
        if (c->mode == MODE_PROMPT && c->prompt == PROMPT_FILTER)
                apply_filter(c);
        c->dirty = true;
}

void console_prompt_draw(struct console *c)
{
        int used = tui_textf(&c->scr, LINES - 1, 0, COLS, TUI_C_WARN, "%s", c->prompt_label);

        tui_text(&c->scr, LINES - 1, used, COLS - used, c->input, TUI_C_NORMAL, true, false);
        curs_set(1);
        move(LINES - 1, used + tui_text_width(c->input));
}
