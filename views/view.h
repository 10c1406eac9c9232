/* view.h - what every console view is: a struct of callbacks.
 *
 * Views read an immutable snapshot and turn keys into requests. They never
 * talk to Kafka: what they need fetched (a topic's configs) they ask for
 * through view_ctx, and the console passes it to the monitor.
 */
#ifndef VIEWS_VIEW_H
#define VIEWS_VIEW_H

#include "../core/kafka.h"
#include "../core/monitor.h"
#include "../core/playbook.h"
#include "../core/slo_report.h"
#include "../core/snapshot.h"
#include "../tui/request.h"
#include "../tui/screen.h"
#include "../tui/table.h"

#include <stdbool.h>
#include <stddef.h>

struct kx_governance;
struct kx_job;

/* What a view sees, and what it may ask of the console. */
struct view_ctx {
        const struct kx_snapshot *snap;          /* may be NULL before the first refresh */
        const struct kx_monitor_status *status;
        struct kx_logbuf *log;
        const struct tui_screen *scr;
        bool read_only;
        int64_t now_ms;
        const struct kx_playbook_set *playbooks;
        const struct kx_playbook *incident_pb;   /* the open runbook, or NULL */
        const struct kx_incident_ctx *incident;  /* its context */
        /* SLOs (budgets view, overview panel): the newest report and its
         * config, NULL until the first; slo_error a whole-report problem or "". */
        const struct kx_slo_report *slo;
        const struct kx_slo_config *slo_cfg;
        const char *slo_error;
        /* Out: set by a view, consumed by the console. */
        const char *open_playbook;               /* id to open as an incident */
        int run_step;                            /* step whose action to run, -1 none */
        const char *selected_group;              /* the group a group request is about */
        char selected_topic[256];                /* the topics view's selected topic, or "" */
        const char *want_configs;                /* topic whose configs to fetch */
        bool want_configs_set;
        char message[256];                       /* one line for the status bar */
        /* Governance view (#7): its data in, the request to decide out. */
        const struct kx_governance *governance;  /* borrowed from the snapshot; NULL: no policy
                                                    loaded, or not built yet (governance_note) */
        const char *governance_note;             /* why governance is NULL while a policy is
                                                    loaded, or NULL */
        int64_t decide_request;                  /* topic request to approve/reject, 0 none */
        const char *selected_job;                /* the job a job-cancel/resume is about, or NULL */
        bool decide_approve;
        /* Jobs view (#5): the store's jobs, newest first, with state
         * "interrupted" already set where the runner is gone. */
        const struct kx_job *jobs;
        size_t job_cnt;
};

struct view {
        const struct view_ops *ops;
        void *priv;                              /* ops->private_size bytes, zeroed */
};

struct view_ops {
        const char *name;                        /* keymap section, e.g. "groups" */
        const char *title;                       /* tab title */
        size_t private_size;
        /* Rebuild rows from ctx->snap (which may be NULL). */
        void (*update)(struct view *v, struct view_ctx *ctx);
        /* Draw in the rectangle; pure, no I/O besides curses. */
        void (*draw)(struct view *v, struct view_ctx *ctx, int y, int x, int h, int w);
        /* Handle a request; return REQ_NONE if consumed, else the request
         * for the console's generic handling. */
        enum request (*request)(struct view *v, struct view_ctx *ctx, enum request req, int page);
        /* The table the filter prompt applies to, or NULL. */
        struct tui_table *(*table)(struct view *v);
        /* Free what the view allocated in priv (priv itself is freed by the console). */
        void (*done)(struct view *v);
};

extern const struct view_ops view_overview_ops;
extern const struct view_ops view_brokers_ops;
extern const struct view_ops view_topics_ops;
extern const struct view_ops view_groups_ops;
extern const struct view_ops view_log_ops;
extern const struct view_ops view_runbook_ops;
extern const struct view_ops view_governance_ops;
extern const struct view_ops view_jobs_ops;
extern const struct view_ops view_budgets_ops;

/* One budgets-view line for an SLI (no colour): title, objective, current,
 * budget bar of bar_w cells, burn rates, alert, policy. Into buf. */
void view_budgets_line(const struct kx_slo_result *r, bool utf8, int bar_w, char *buf,
                       size_t size);

/* The overview's one-line SLO summary (worst alert and policy, lowest
 * budget, then each SLI's budget left), or why there is none. */
void view_budgets_panel(struct view_ctx *ctx, int y, int x, int w);
extern const struct view_ops view_quotas_ops;
extern const struct view_ops view_schemas_ops;
extern const struct view_ops view_mm2_ops;

/* "✔" (ok) or "✖", or "+"/"x" without UTF-8. */
const char *view_mark(const struct tui_screen *scr, bool ok);

/* One team's quota usage as text ("TEAM  topics 3/50   partitions 12/24 per
 * topic") into buf; true when a quota is exceeded. */
struct kx_team_usage;
bool view_team_usage(const struct kx_team_usage *u, char *buf, size_t size);

/* Shared by the list views: the "no data yet" / stale line. */
void view_draw_empty(struct view_ctx *ctx, int y, int x, int w);

#endif
