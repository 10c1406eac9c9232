/* console_internal.h - the console's state, shared by its files:
 * console.c (loop, drawing, requests), console_prompt.c (the one-line
 * prompt), console_incident.c (runbooks, incidents and actions). */
#ifndef TUI_CONSOLE_INTERNAL_H
#define TUI_CONSOLE_INTERNAL_H

#include "../core/action.h"
#include "../core/governance.h"
#include "../core/incident.h"
#include "../core/job_store.h"
#include "../core/monitor.h"
#include "../core/playbook.h"
#include "../core/slo_watch.h"
#include "../core/store.h"
#include "../views/view.h"
#include "console.h"
#include "keymap.h"
#include "screen.h"

#include <pthread.h>
#include <stdatomic.h>

#define CONSOLE_VIEWS 12  /* entries of all_views in console.c */

enum mode { MODE_NORMAL, MODE_HELP, MODE_PROMPT };

/* What the prompt's answer is for. */
enum prompt_kind {
        PROMPT_FILTER,
        PROMPT_NOTE,
        PROMPT_RESET_TO,
        PROMPT_SKIP_TO,
        PROMPT_RETENTION,
        PROMPT_CONFIRM,
        PROMPT_REPLAY,
};

struct console_incident {
        const struct kx_playbook *pb;     /* NULL: none open */
        struct kx_incident_ctx ctx;
        int64_t id;                       /* in the store, 0 if not recorded */
        enum kx_check_result last[64];    /* per step, to record changes */
};

struct console {
        const struct console_opts *opts;
        const struct kx_config *cfg;
        struct tui_screen scr;
        struct keymap *km;
        struct kx_monitor *monitor;
        struct kx_logbuf log;
        struct view views[CONSOLE_VIEWS];
        int cur;
        enum mode mode;
        struct kx_snapshot *snap;
        struct kx_monitor_status status;
        struct view_ctx ctx;
        struct kx_slo_watch *slo_watch;   /* SLO evaluation thread (budgets view) */
        struct kx_slo_report slo_report;
        struct kx_slo_config slo_cfg;
        char slo_error[320];
        bool have_slo;
        char message[256];
        char alerts[512];                 /* built per snapshot: brokers down, offline, URP */
        char suggestion[400];             /* the playbook the snapshot suggests, or "" */
        bool read_only, running, dirty;
        int wake_fd[2];
        int64_t next_rotate_ms;
        int kiosk_pos, help_top;

        /* The one-line prompt. */
        enum prompt_kind prompt;
        char prompt_label[200];
        char input[256];
        size_t input_len;

        /* Runbooks, incidents and the action awaiting confirmation. */
        struct kx_playbook_set playbooks;
        struct kx_store store;
        bool have_store;
        struct console_incident incident;
        struct kx_action *pending;
        struct kx_plan plan;
        char reset_group[256], reset_topic[256];
        char warning[300];                /* audit mirror problems */

        /* The confirmed action runs on its own thread, so the screen stays
         * live while it executes and verifies (a connector restart can take
         * many seconds); the thread wakes the loop when done. */
        pthread_t action_thread;
        bool action_running;
        atomic_bool action_done;
        struct kx_action_ctx action_ctx;
        struct kx_err action_err;
        int action_rc;

        /* Governance (#7): the policy, and the view's data while it shows. */
        struct kx_policy policy;
        bool have_policy;
        /* Replay jobs (#5): the store's jobs, reloaded per snapshot and
         * each second on the jobs view; the job a replay action recorded. */
        struct kx_job *jobs;
        size_t job_cnt;
        char replay_job[32];
        struct kx_store_version jobs_version; /* the store when jobs were loaded */
        bool jobs_loaded;
};

/* console.c */
struct view *console_view(struct console *c);
void console_message(struct console *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The action of runbook step st when it acts on a peer service (MM2, the
 * schema registry); NULL with a message when it cannot be built. *handled
 * is false when st's action is none of these (console_peers.c). */
struct kx_action *console_peer_action(struct console *c, const struct kx_pb_step *st, bool *handled);

/* console_prompt.c: open the prompt for kind with a label (printf). */
void console_prompt(struct console *c, enum prompt_kind kind, const char *initial,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Feed one key to the open prompt. */
void console_prompt_key(struct console *c, int key);
/* Draw the prompt on the last row. */
void console_prompt_draw(struct console *c);

/* console_incident.c */
void console_incident_open(struct console *c, const char *playbook_id);
void console_incident_close(struct console *c);
/* Open playbook_id about one group (from the groups view). */
void console_incident_open_group(struct console *c, const char *playbook_id, const char *group);
/* After each snapshot: record step results that changed. */
void console_incident_refresh(struct console *c);
void console_incident_note(struct console *c, const char *text);
/* The runbook step's action (ctx.run_step), or R in the groups view. */
void console_run_step(struct console *c, int step);
void console_reset_selected_group(struct console *c);
/* Approve or reject topic request id through the action path (governance view). */
void console_decide_request(struct console *c, int64_t id, bool approve);
/* Cancel or resume job id through the action path (jobs view); a verified
 * resume starts the job's runner detached. */
void console_job_action(struct console *c, const char *id, bool cancel);
/* Answers to the reset/skip prompt and the confirmation prompt. */
void console_reset_answer(struct console *c, enum prompt_kind kind, const char *answer);
void console_confirm_answer(struct console *c, const char *typed);
/* If the action thread finished: join it, report, record, free. */
void console_action_reap(struct console *c);
/* The replay step's answer "FROM TO TARGET-TOPIC [KEYS]". */
void console_replay_answer(struct console *c, const char *answer);
/* The playbook snap suggests ("... -> P: open playbook ..."), "" if none. */
void console_incident_suggest(struct console *c, char *buf, size_t size);

/* console_jobs.c */
/* Reload c->jobs from the store (state "interrupted" where the runner is gone). */
void console_jobs_load(struct console *c);
/* Reload only if the store changed since the last load (else just recheck
 * which runners are gone). True if the jobs may have changed. */
bool console_jobs_refresh(struct console *c);
void console_jobs_free(struct console *c);
/* Start job id's runner as its own detached process (klaxon job resume ID
 * --detach), with the console's cluster settings; a message says how it went. */
void console_jobs_spawn(struct console *c, const char *id);

#endif
