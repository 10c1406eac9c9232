/* tmuxtest.h - drive the real console in a real terminal: tmux.
 *
 * Every helper talks to one private tmux server (`tmux -L klaxon-test-PID`,
 * no config file), so tests never touch the user's tmux. Call tt_init() from
 * main before running the suite: forked test processes then share that one
 * server, and tt_cleanup() in main removes it whatever the tests left.
 *
 * Sessions run their command with TERM=tmux-256color and LANG=C.UTF-8 and
 * keep a dead pane on screen (remain-on-exit), so a console that exits early
 * leaves its last words to read. Every helper fails the current test
 * (ck_assert) on a tmux error; the wait helpers never assert on time, they
 * return false and print the last screen to stderr.
 */
#ifndef KX_TMUXTEST_H
#define KX_TMUXTEST_H

#include "testlib.h"

#include <stdbool.h>

/* The limit for screen waits: the generous one for waits on a real cluster
 * (a screen wait returns as soon as the text shows, so only a failing wait
 * takes this long). */
#define TT_WAIT_MS KX_TEST_WAIT_MS

/* Fix the private server's socket name ("klaxon-test-PID" of the caller).
 * Idempotent; every helper calls it. */
void tt_init(void);

/* The private server's socket name (valid for the process's life). */
const char *tt_socket(void);

/* Start a detached session named session, w columns by h rows, running cmd.
 * cmd is one shell command: it is exec'd, so the pane's pid is cmd's pid
 * (wrap anything compound in sh -c yourself). */
void tt_start(const char *session, int w, int h, const char *cmd);

/* Send one key by its tmux name ("4", "R", "Escape", "Enter", "C-l"). */
void tt_key(const char *session, const char *key);

/* Type text literally (send-keys -l). */
void tt_type(const char *session, const char *text);

/* The visible pane, one line per row, trailing blanks trimmed. Returns a
 * new heap string (caller frees). */
char *tt_capture(const char *session);

/* Poll the pane every 200 ms until pred(screen, arg) holds, for at most
 * timeout_ms, or until the pane's command has died. Returns whether pred
 * held; on false the last screen goes to stderr. */
bool tt_wait_until(const char *session, bool (*pred)(const char *screen, void *arg), void *arg,
                   int timeout_ms);

/* tt_wait_until for "the screen contains text" / "no longer contains it". */
bool tt_wait_for(const char *session, const char *text, int timeout_ms);
bool tt_wait_gone(const char *session, const char *text, int timeout_ms);

/* Poll until the pane's command has exited (the pane stays, dead), for at
 * most timeout_ms. Stores its exit status in *status (128+N for signal N;
 * -1 if still running, or if tmux did not record it within 3 s of the pane
 * dying; may be NULL). Returns whether it exited. */
bool tt_wait_exit(const char *session, int timeout_ms, int *status);

/* In an open runbook incident, select the step whose ACTION column offers
 * action ("a: ACTION" on its row): wait for that row, read its step number
 * N, press Home and then j N-1 times (keys are handled in order, so the
 * selection lands on step N however slowly the console redraws), and wait
 * for the step's hint "a: run ACTION". Returns whether the hint showed
 * within timeout_ms; on false the last screen goes to stderr. */
bool tt_runbook_select_action(const char *session, const char *action, int timeout_ms);

/* Resize the session's window to w x h (the pane gets SIGWINCH). */
void tt_resize(const char *session, int w, int h);

/* The pane title (#{pane_title}); new heap string, caller frees. */
char *tt_pane_title(const char *session);

/* Set the pane title as a program would (select-pane -T). */
void tt_set_pane_title(const char *session, const char *title);

/* The pid of the pane's command (#{pane_pid}). */
int tt_pane_pid(const char *session);

/* Kill one session (its pane's terminal closes), or the whole server. */
void tt_kill_session(const char *session);
void tt_kill_server(void);

/* Kill the private server if it runs; never fails and makes no Check
 * calls, so main may call it after the run. */
void tt_cleanup(void);

/* Screen text helpers, on a tt_capture() result.
 * tt_row: row y (0-based) as a new heap string, "" past the end.
 * tt_line_with: the first row containing needle, new heap string, or NULL. */
char *tt_row(const char *screen, int y);
char *tt_line_with(const char *screen, const char *needle);

/* Split line into at most max blank-separated words, in place; returns the
 * count. words[] point into line. */
int tt_words(char *line, char **words, int max);

#endif
