/* table.c - sortable, filterable table with a stable selection. */
#include "table.h"
#include "../core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void tui_table_init(struct tui_table *t, const struct tui_col *cols, int ncols)
{
        memset(t, 0, sizeof(*t));
        t->cols = cols;
        t->ncols = ncols;
        t->sort_col = -1;
}

static void free_rows(struct tui_table *t)
{
        for (int r = 0; r < t->nrows; r++) {
                for (int c = 0; c < t->ncols; c++)
                        free(t->rows[r].cells[c].text);
                free(t->rows[r].cells);
        }
        t->nrows = 0;
}

void tui_table_done(struct tui_table *t)
{
        free_rows(t);
        free(t->rows);
        free(t->visible);
        free(t->sel_key);
        memset(t, 0, sizeof(*t));
}

/* Keep the selected row's key, so a rebuild or re-sort selects it again. */
static void remember_selection(struct tui_table *t)
{
        const char *key = tui_table_selected(t);

        if (key) {
                char *copy = kx_xstrdup(key);

                free(t->sel_key);
                t->sel_key = copy;
        }
}

void tui_table_reset(struct tui_table *t)
{
        remember_selection(t);
        free_rows(t);
        t->nvisible = 0;
}

int tui_table_add(struct tui_table *t, enum tui_color color)
{
        if (t->nrows == t->cap) {
                t->cap = t->cap ? t->cap * 2 : 64;
                t->rows = kx_xrealloc(t->rows, (size_t)t->cap * sizeof(*t->rows));
        }
        t->rows[t->nrows].cells = kx_xcalloc((size_t)t->ncols, sizeof(struct tui_cell));
        t->rows[t->nrows].color = color;
        return t->nrows++;
}

void tui_table_set(struct tui_table *t, int row, int col, double num, const char *fmt, ...)
{
        struct tui_cell *cell = &t->rows[row].cells[col];
        char buf[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        free(cell->text);
        cell->text = kx_xstrdup(buf);
        cell->num = num;
}

void tui_table_color(struct tui_table *t, int row, int col, enum tui_color color)
{
        t->rows[row].cells[col].color = color;
}

static const struct tui_table *sort_table; /* qsort has no context argument */

static int row_cmp(const void *a, const void *b)
{
        const struct tui_table *t = sort_table;
        const struct tui_cell *x = &t->rows[*(const int *)a].cells[t->sort_col];
        const struct tui_cell *y = &t->rows[*(const int *)b].cells[t->sort_col];

        if (t->cols[t->sort_col].numeric && x->num != y->num)
                return x->num < y->num ? 1 : -1;
        return strcmp(x->text ? x->text : "", y->text ? y->text : "");
}

void tui_table_finish(struct tui_table *t)
{
        free(t->visible);
        t->visible = kx_xmalloc(sizeof(int) * (size_t)(t->nrows + 1));
        t->nvisible = 0;
        for (int r = 0; r < t->nrows; r++) {
                const char *name = t->rows[r].cells[0].text;

                if (t->filter[0] && !(name && strcasestr(name, t->filter)))
                        continue;
                t->visible[t->nvisible++] = r;
        }
        if (t->sort_col >= 0 && t->nvisible > 1) {
                sort_table = t;
                qsort(t->visible, (size_t)t->nvisible, sizeof(int), row_cmp);
        }
        t->sel = 0;
        for (int i = 0; t->sel_key && i < t->nvisible; i++) {
                const char *name = t->rows[t->visible[i]].cells[0].text;

                if (name && !strcmp(name, t->sel_key)) {
                        t->sel = i;
                        break;
                }
        }
}

const char *tui_table_selected(const struct tui_table *t)
{
        if (t->sel < 0 || t->sel >= t->nvisible)
                return NULL;
        return t->rows[t->visible[t->sel]].cells[0].text;
}

void tui_table_set_filter(struct tui_table *t, const char *filter)
{
        snprintf(t->filter, sizeof(t->filter), "%s", filter);
        tui_table_finish(t);
}

/* Widths that fit w: fixed columns as given, the flex one (else the first)
 * takes the rest; columns that do not fit are hidden (width 0). */
static void layout(const struct tui_table *t, int w, int *widths)
{
        int used = t->cols[0].width, flex = 0;

        widths[0] = t->cols[0].width;
        for (int c = 1; c < t->ncols; c++) {
                if (used + 1 + t->cols[c].width <= w) {
                        widths[c] = t->cols[c].width;
                        used += 1 + widths[c];
                } else {
                        widths[c] = 0;
                        for (int k = c + 1; k < t->ncols; k++)
                                widths[k] = 0;
                        break;
                }
        }
        for (int c = 1; c < t->ncols; c++)
                if (t->cols[c].flex && widths[c])
                        flex = c;
        widths[flex] += w - used > 0 ? w - used : 0;
        if (widths[0] > w)
                widths[0] = w;
}

void tui_table_draw(struct tui_table *t, const struct tui_screen *scr, int y, int x, int h, int w)
{
        int widths[32], body = h - 1;

        if (h < 1 || w < 1)
                return;
        layout(t, w, widths);
        move(y, x);
        attrset(tui_attr(scr, TUI_C_HEADER));
        mvhline(y, x, ' ', w);
        for (int c = 0, cx = x; c < t->ncols && widths[c]; c++) {
                char title[64];

                snprintf(title, sizeof(title), "%s%s", t->cols[c].title, c == t->sort_col ? "*" : "");
                tui_text(scr, y, cx, widths[c], title, TUI_C_HEADER, true, t->cols[c].right);
                cx += widths[c] + 1;
        }
        if (t->sel >= t->nvisible)
                t->sel = t->nvisible ? t->nvisible - 1 : 0;
        if (t->sel < t->top)
                t->top = t->sel;
        if (body > 0 && t->sel >= t->top + body)
                t->top = t->sel - body + 1;
        for (int i = 0; i < body; i++) {
                int vi = t->top + i, cx = x;
                const struct tui_row *row;

                move(y + 1 + i, x);
                if (vi >= t->nvisible) {
                        attrset(A_NORMAL);
                        mvhline(y + 1 + i, x, ' ', w);
                        continue;
                }
                row = &t->rows[t->visible[vi]];
                for (int c = 0; c < t->ncols && widths[c]; c++) {
                        enum tui_color color = vi == t->sel ? TUI_C_SELECT
                                               : row->cells[c].color ? row->cells[c].color
                                                                     : row->color;

                        tui_text(scr, y + 1 + i, cx, widths[c], row->cells[c].text, color, true,
                                 t->cols[c].right);
                        if (c + 1 < t->ncols && widths[c + 1])
                                tui_text(scr, y + 1 + i, cx + widths[c], 1, " ",
                                         vi == t->sel ? TUI_C_SELECT : TUI_C_NORMAL, true, false);
                        cx += widths[c] + 1;
                }
                if (cx - 1 < x + w)
                        tui_text(scr, y + 1 + i, cx - 1, x + w - cx + 1, "",
                                 vi == t->sel ? TUI_C_SELECT : TUI_C_NORMAL, true, false);
        }
}

bool tui_table_request(struct tui_table *t, enum request req, int page)
{
        int last = t->nvisible ? t->nvisible - 1 : 0;

        switch (req) {
        case REQ_MOVE_UP:
                t->sel = t->sel > 0 ? t->sel - 1 : 0;
                break;
        case REQ_MOVE_DOWN:
                t->sel = t->sel < last ? t->sel + 1 : last;
                break;
        case REQ_PAGE_UP:
                t->sel = t->sel > page ? t->sel - page : 0;
                break;
        case REQ_PAGE_DOWN:
                t->sel = t->sel + page < last ? t->sel + page : last;
                break;
        case REQ_HOME:
                t->sel = 0;
                break;
        case REQ_END:
                t->sel = last;
                break;
        case REQ_SORT:
                t->sort_col = t->sort_col + 1 < t->ncols ? t->sort_col + 1 : -1;
                remember_selection(t);
                tui_table_finish(t);
                break;
        default:
                return false;
        }
        return true;
}
