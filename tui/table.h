/* table.h - the one table widget every list view uses.
 *
 * A view rebuilds the rows from each snapshot (tui_table_reset, add rows,
 * tui_table_finish); the table keeps the sort column, the filter and the
 * selection (by the first cell's text) across rebuilds. Cell text is raw:
 * it is sanitized when drawn. The flex column (else the first) takes the
 * spare width; columns that do not fit are dropped from the right.
 */
#ifndef TUI_TABLE_H
#define TUI_TABLE_H

#include "request.h"
#include "screen.h"

#include <stdbool.h>

struct tui_col {
        const char *title;
        int width;       /* minimum (first column) or fixed width */
        bool right;      /* right-aligned (numbers) */
        bool numeric;    /* sort by the cell's number, largest first */
        bool flex;       /* takes the spare width (default: the first column) */
};

struct tui_cell {
        char *text;
        double num;
        enum tui_color color;  /* TUI_C_NORMAL: the row's colour */
};

struct tui_row {
        struct tui_cell *cells;
        enum tui_color color;
};

struct tui_table {
        const struct tui_col *cols;
        int ncols;
        struct tui_row *rows;
        int nrows, cap;
        int *visible;          /* indexes of rows passing the filter, sorted */
        int nvisible;
        int sort_col;          /* -1: the order rows were added */
        char filter[128];
        int sel, top;          /* in visible[] */
        char *sel_key;         /* first cell of the selected row */
};

/* Set up an empty table over cols (borrowed, must outlive it). */
void tui_table_init(struct tui_table *t, const struct tui_col *cols, int ncols);

/* Free rows and state. */
void tui_table_done(struct tui_table *t);

/* Drop all rows, keeping sort, filter and selection key. */
void tui_table_reset(struct tui_table *t);

/* Append a row; returns its index. */
int tui_table_add(struct tui_table *t, enum tui_color color);

/* Set a cell's text (printf) and, for sorting, its number. */
void tui_table_set(struct tui_table *t, int row, int col, double num, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

/* Set a cell's colour. */
void tui_table_color(struct tui_table *t, int row, int col, enum tui_color color);

/* Apply filter and sort, and restore the selection. Call after adding rows. */
void tui_table_finish(struct tui_table *t);

/* Draw at y,x in h rows (the first is the header) and w columns. */
void tui_table_draw(struct tui_table *t, const struct tui_screen *scr, int y, int x, int h, int w);

/* Handle movement and sort requests (page = rows per page). Returns true if
 * the request was the table's. */
bool tui_table_request(struct tui_table *t, enum request req, int page);

/* The selected row's first cell, or NULL when empty. */
const char *tui_table_selected(const struct tui_table *t);

/* Set the filter ("" clears) and re-apply it. */
void tui_table_set_filter(struct tui_table *t, const char *filter);

#endif
