/* request.h - everything a key can ask for, in one table.
 *
 * X(ID, "name", flags, "help"). The keymap parser, the help screen and the
 * read-only check are all generated from this table. Requests start past
 * KEY_MAX so they never collide with curses keys.
 */
#ifndef TUI_REQUEST_H
#define TUI_REQUEST_H

#include <curses.h>

#define REQ_F_NONE    0u
#define REQ_F_MUTATES 1u  /* changes the cluster: refused in read-only mode */

#define TUI_REQUESTS(X)                                                              \
        X(REQ_MOVE_UP, "move-up", REQ_F_NONE, "Move the selection up")               \
        X(REQ_MOVE_DOWN, "move-down", REQ_F_NONE, "Move the selection down")         \
        X(REQ_PAGE_UP, "page-up", REQ_F_NONE, "Scroll a page up")                    \
        X(REQ_PAGE_DOWN, "page-down", REQ_F_NONE, "Scroll a page down")              \
        X(REQ_HOME, "home", REQ_F_NONE, "Go to the first row")                       \
        X(REQ_END, "end", REQ_F_NONE, "Go to the last row")                          \
        X(REQ_ENTER, "enter", REQ_F_NONE, "Drill down into the selected row")        \
        X(REQ_BACK, "back", REQ_F_NONE, "Go back / close")                           \
        X(REQ_FILTER, "filter", REQ_F_NONE, "Filter rows by name")                   \
        X(REQ_SORT, "sort", REQ_F_NONE, "Cycle the sort column")                     \
        X(REQ_VIEW_OVERVIEW, "view-overview", REQ_F_NONE, "Show the overview")       \
        X(REQ_VIEW_BROKERS, "view-brokers", REQ_F_NONE, "Show brokers")              \
        X(REQ_VIEW_TOPICS, "view-topics", REQ_F_NONE, "Show topics")                 \
        X(REQ_VIEW_GROUPS, "view-groups", REQ_F_NONE, "Show consumer groups")        \
        X(REQ_VIEW_LOG, "view-log", REQ_F_NONE, "Show the log")                      \
        X(REQ_VIEW_RUNBOOK, "view-runbook", REQ_F_NONE, "Show playbooks / the open runbook") \
        X(REQ_VIEW_JOBS, "view-jobs", REQ_F_NONE, "Show replay jobs")                \
        X(REQ_VIEW_BUDGETS, "view-budgets", REQ_F_NONE, "Show SLO error budgets")  \
        X(REQ_VIEW_QUOTAS, "view-quotas", REQ_F_NONE, "Show client quotas")          \
        X(REQ_VIEW_SCHEMAS, "view-schemas", REQ_F_NONE, "Show the schema registry's subjects") \
        X(REQ_VIEW_MM2, "view-mm2", REQ_F_NONE, "Show MirrorMaker 2 replication")       \
        X(REQ_PLAYBOOK, "playbook", REQ_F_NONE, "Open the playbook the banner suggests") \
        X(REQ_NOTE, "note", REQ_F_NONE, "Add a note to the incident timeline")        \
        X(REQ_RUN_ACTION, "run-action", REQ_F_MUTATES,                                 \
          "Run the selected runbook step's action (plan, confirm, audit)")               \
        X(REQ_REFRESH, "refresh", REQ_F_NONE, "Refresh from the cluster now")        \
        X(REQ_REDRAW, "redraw", REQ_F_NONE, "Redraw the screen")                     \
        X(REQ_HELP, "help", REQ_F_NONE, "Show this help")                            \
        X(REQ_QUIT, "quit", REQ_F_NONE, "Quit klaxon")                               \
        X(REQ_GROUP_RESET, "group-reset", REQ_F_MUTATES,                             \
          "Reset the selected group's offsets (plan, dry-run, confirm)")              \
        X(REQ_VIEW_GOVERNANCE, "view-governance", REQ_F_NONE,                         \
          "Show governance: requests, quotas, findings, idle topics, cost")             \
        X(REQ_REQUEST_APPROVE, "request-approve", REQ_F_MUTATES,                     \
          "Approve the selected topic request (another operator; creates the topic)")  \
        X(REQ_REQUEST_REJECT, "request-reject", REQ_F_MUTATES,                       \
          "Reject the selected topic request (another operator)")                    \
        X(REQ_JOB_CANCEL, "job-cancel", REQ_F_MUTATES,                               \
          "Cancel the selected replay job (plan, confirm, audit)")                   \
        X(REQ_JOB_RESUME, "job-resume", REQ_F_MUTATES,                               \
          "Resume the selected interrupted or stopped replay job, detached")

enum request {
        REQ_NONE = KEY_MAX + 1,
#define TUI_REQ_ENUM(id, name, flags, help) id,
        TUI_REQUESTS(TUI_REQ_ENUM)
#undef TUI_REQ_ENUM
        REQ_UNKNOWN
};

struct request_info {
        enum request request;
        const char *name;
        unsigned flags;
        const char *help;
};

/* The table as an array, for help and parsing. Sets *count. */
const struct request_info *tui_requests(int *count);

/* Look up by name ("move-up"); NULL if unknown. */
const struct request_info *tui_request_by_name(const char *name);

/* Look up by id; NULL if not a request. */
const struct request_info *tui_request_info(enum request req);

#endif
