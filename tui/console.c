/* console.c - the console's main loop.
 *
 * Only this thread touches curses. It poll()s on stdin, the monitor's wake
 * pipe and a signal self-pipe, and blocks when idle (0 % CPU). A new
 * snapshot rebuilds every view's rows; drawing writes only what changed
 * (curses diffs the screen). POLLHUP/EIO on stdin, as when an SSH link
 * drops, ends the loop instead of spinning.
 */
#include "console_internal.h"
#include "../core/xalloc.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MIN_COLS 40
#define MIN_ROWS 8

static const struct view_ops *const all_views[] = {
        &view_overview_ops, &view_brokers_ops, &view_topics_ops,
        &view_groups_ops,   &view_log_ops,     &view_runbook_ops,
        &view_jobs_ops,     &view_budgets_ops, &view_governance_ops,
        &view_quotas_ops,   &view_schemas_ops, &view_mm2_ops,
};
#define VIEW_CNT CONSOLE_VIEWS
_Static_assert(sizeof(all_views) / sizeof(all_views[0]) == CONSOLE_VIEWS,
               "CONSOLE_VIEWS must count all_views");
/* The default key of each view, as its tab shows it (keymaps/default.yaml). */
static const char view_keys[] = "1234567890SM";
_Static_assert(sizeof(view_keys) - 1 == CONSOLE_VIEWS, "one tab key per view");

/* Views a kiosk screen rotates through. */
static const int kiosk_views[] = {0, 3, 1};

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
        char c = (char)sig;
        ssize_t n = write(signal_pipe[1], &c, 1);

        (void)n;
}

static int make_pipe(int fds[2])
{
        if (pipe(fds) != 0)
                return -1;
        for (int i = 0; i < 2; i++) {
                fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
                fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        }
        return 0;
}

static void drain(int fd)
{
        char buf[64];

        while (read(fd, buf, sizeof(buf)) > 0)
                ;
}

static struct view *current(struct console *c)
{
        return &c->views[c->cur];
}

struct view *console_view(struct console *c)
{
        return current(c);
}

void console_message(struct console *c, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(c->message, sizeof(c->message), fmt, ap);
        va_end(ap);
        c->dirty = true;
}

static void refresh_ctx(struct console *c)
{
        c->ctx.snap = c->snap;
        c->ctx.status = &c->status;
        c->ctx.log = &c->log;
        c->ctx.scr = &c->scr;
        c->ctx.read_only = c->read_only;
        c->ctx.now_ms = kx_now_ms();
        c->ctx.playbooks = &c->playbooks;
        c->ctx.incident_pb = c->incident.pb;
        c->ctx.incident = &c->incident.ctx;
        c->ctx.jobs = c->jobs;
        c->ctx.job_cnt = c->job_cnt;
        c->ctx.slo = c->have_slo ? &c->slo_report : NULL;
        c->ctx.slo_cfg = c->have_slo ? &c->slo_cfg : NULL;
        c->ctx.slo_error = c->slo_error;
}

/* Index of a view in all_views (for requests that name a view by ops). */
static int view_index(const struct view_ops *ops)
{
        for (int i = 0; i < VIEW_CNT; i++)
                if (all_views[i] == ops)
                        return i;
        return 0;
}

/* What is wrong in the current snapshot, and the playbook it suggests:
 * built once per snapshot, since it walks every partition and evaluates
 * every trigger (at 50k partitions that is not work for every redraw). */
static void build_alerts(struct console *c)
{
        struct kx_snapshot_totals tot;
        size_t used = 0, size = sizeof(c->alerts);

        c->alerts[0] = c->suggestion[0] = '\0';
        if (!c->snap)
                return;
        kx_snapshot_totals(c->snap, &tot);
        for (int i = 0; i < c->snap->broker_cnt && used < size; i++)
                if (!c->snap->brokers[i].up)
                        used += (size_t)snprintf(c->alerts + used, size - used, "BROKER %d DOWN  ",
                                                 c->snap->brokers[i].id);
        if (tot.offline && used < size)
                used += (size_t)snprintf(c->alerts + used, size - used, "%d PARTITION(S) OFFLINE  ",
                                         tot.offline);
        if (tot.under_replicated && used < size)
                snprintf(c->alerts + used, size - used, "%d UNDER-REPLICATED  ", tot.under_replicated);
        console_incident_suggest(c, c->suggestion, sizeof(c->suggestion));
}

/* The governance view's data (#7): lint, requests, quotas, idle topics and
 * cost. The monitor thread builds it into each snapshot while the
 * governance or quotas view (team usage) shows; the UI thread only asks for
 * it and hands the snapshot's (owned by the snapshot) to the views. */
static void build_governance(struct console *c)
{
        bool want = c->have_policy &&
                    (c->cur == view_index(&view_governance_ops) || c->cur == view_index(&view_quotas_ops));

        kx_monitor_want_governance(c->monitor, want);
        c->ctx.governance = want && c->snap ? c->snap->governance : NULL;
        c->ctx.governance_note = !c->have_policy ? NULL
                                 : c->ctx.governance ? NULL
                                                     : "governance data: being read by the monitor thread";
}

static void take_snapshot(struct console *c)
{
        struct kx_snapshot *snap = kx_monitor_snapshot(c->monitor);

        kx_monitor_status(c->monitor, &c->status);
        kx_snapshot_unref(c->snap);
        c->snap = snap;
        console_incident_refresh(c);
        console_jobs_load(c);
        build_alerts(c);
        c->have_slo = kx_slo_watch_get(c->slo_watch, &c->slo_report, &c->slo_cfg, c->slo_error,
                                       sizeof(c->slo_error));
        refresh_ctx(c);
        build_governance(c);
        for (int i = 0; i < VIEW_CNT; i++)
                c->views[i].ops->update(&c->views[i], &c->ctx);
        c->dirty = true;
}

/* ---- drawing ---- */

/* Tabs for the title: full names when they fit, else numbers with only the
 * current view named, so the bracket always shows. */
static void title_tabs(const struct console *c, bool full, char *buf, size_t size)
{
        size_t used = 0;

        buf[0] = '\0';
        for (int i = 0; i < VIEW_CNT && used < size; i++) {
                if (i == c->cur)
                        used += (size_t)snprintf(buf + used, size - used, "[%c %s] ", view_keys[i],
                                                 all_views[i]->title);
                else if (full)
                        used += (size_t)snprintf(buf + used, size - used, " %c %s  ", view_keys[i],
                                                 all_views[i]->title);
                else
                        used += (size_t)snprintf(buf + used, size - used, "%c ", view_keys[i]);
        }
}

static void draw_title(struct console *c)
{
        char right[160], tabs[256];
        int64_t age = c->snap ? (c->ctx.now_ms - c->snap->collected_at_ms) / 1000 : -1;
        int right_w;

        snprintf(right, sizeof(right), "%s%s", c->read_only ? "READ-ONLY " : "",
                 c->opts->kiosk ? "KIOSK " : "");
        if (age >= 0)
                snprintf(right + strlen(right), sizeof(right) - strlen(right), "%llds ago", (long long)age);
        else
                snprintf(right + strlen(right), sizeof(right) - strlen(right), "connecting");
        right_w = tui_text_width(right);
        title_tabs(c, true, tabs, sizeof(tabs));
        if (7 + tui_text_width(tabs) + 1 + right_w > COLS)
                title_tabs(c, false, tabs, sizeof(tabs));
        attrset(tui_attr(&c->scr, TUI_C_HEADER));
        mvhline(0, 0, ' ', COLS);
        tui_text(&c->scr, 0, 0, COLS, "klaxon ", TUI_C_HEADER, false, false);
        tui_text(&c->scr, 0, 7, COLS - 7, tabs, TUI_C_HEADER, false, false);
        if (7 + tui_text_width(tabs) + 1 + right_w <= COLS)
                tui_text(&c->scr, 0, COLS - right_w, right_w, right, TUI_C_HEADER, false, false);
}

/* The red banner: what is wrong right now. Returns the rows used. */
/* The red banner: staleness (its age changes every second), then the
 * alerts built per snapshot. Returns the rows used. */
static int draw_banner(struct console *c)
{
        char text[1024];
        size_t used = 0;

        text[0] = '\0';
        if (c->status.stale && c->snap)
                used += (size_t)snprintf(text + used, sizeof(text) - used,
                                         "STALE: data %llds old, %s  ",
                                         (long long)((c->ctx.now_ms - c->snap->collected_at_ms) / 1000),
                                         c->status.error);
        else if (c->status.stale)
                used += (size_t)snprintf(text + used, sizeof(text) - used, "%s  ", c->status.error);
        if (used < sizeof(text))
                used += (size_t)snprintf(text + used, sizeof(text) - used, "%s", c->alerts);
        if (used < sizeof(text)) {
                if (c->incident.pb)
                        snprintf(text + used, sizeof(text) - used, "INCIDENT: %s (6: runbook)",
                                 c->incident.pb->title);
                else
                        snprintf(text + used, sizeof(text) - used, "%s", c->suggestion);
        }
        if (!text[0])
                return 0;
        tui_text(&c->scr, 1, 0, COLS, text, TUI_C_BANNER, true, false);
        return 1;
}

static void draw_status(struct console *c)
{
        char hints[256];

        if (c->mode == MODE_PROMPT) {
                console_prompt_draw(c);
                return;
        }
        curs_set(0);
        if (c->message[0]) {
                tui_text(&c->scr, LINES - 1, 0, COLS, c->message, TUI_C_WARN, true, false);
                return;
        }
        snprintf(hints, sizeof(hints), "q quit  ? help  1-0 S M views  Enter drill  Esc back  / filter  s sort%s",
                 current(c)->ops->table && current(c)->ops->table(current(c))->filter[0]
                         ? "  [filtered]" : "");
        tui_text(&c->scr, LINES - 1, 0, COLS, hints, TUI_C_DIM, true, false);
}

static void draw_help(struct console *c, int y, int h)
{
        int count, line = 0;
        const struct request_info *reqs = tui_requests(&count);

        tui_text(&c->scr, y, 0, COLS, "KEYS (from the request table and your keymap; Esc closes)",
                 TUI_C_HEADER, true, false);
        for (int i = c->help_top; i < count && line < h - 1; i++, line++) {
                char keys[64];

                keymap_keys_for(c->km, current(c)->ops->name, reqs[i].request, keys, sizeof(keys));
                tui_textf(&c->scr, y + 1 + line, 0, COLS,
                          c->read_only && (reqs[i].flags & REQ_F_MUTATES) ? TUI_C_DIM : TUI_C_NORMAL,
                          "%-16s %-15s %s%s", keys[0] ? keys : "(unbound)", reqs[i].name, reqs[i].help,
                          c->read_only && (reqs[i].flags & REQ_F_MUTATES) ? " [read-only: refused]" : "");
        }
        for (; line < h - 1; line++)
                tui_text(&c->scr, y + 1 + line, 0, COLS, "", TUI_C_NORMAL, true, false);
}

static void draw(struct console *c)
{
        int top, body;

        refresh_ctx(c);
        erase();
        if (COLS < MIN_COLS || LINES < MIN_ROWS) {
                char msg[96];

                /* Short lines, so even a 20-column terminal shows all of it. */
                tui_text(&c->scr, 0, 0, COLS, "terminal too small", TUI_C_BAD, false, false);
                snprintf(msg, sizeof(msg), "%dx%d, need %dx%d", COLS, LINES, MIN_COLS, MIN_ROWS);
                if (LINES > 1)
                        tui_text(&c->scr, 1, 0, COLS, msg, TUI_C_NORMAL, false, false);
                if (LINES > 2)
                        tui_text(&c->scr, 2, 0, COLS, "q quits", TUI_C_NORMAL, false, false);
                wnoutrefresh(stdscr);
                doupdate();
                return;
        }
        draw_title(c);
        top = 1 + draw_banner(c);
        body = LINES - 1 - top;
        if (c->mode == MODE_HELP)
                draw_help(c, top, body);
        else
                current(c)->ops->draw(current(c), &c->ctx, top, 0, body, COLS);
        draw_status(c);
        wnoutrefresh(stdscr);
        doupdate();
}

/* ---- requests ---- */

static void switch_view(struct console *c, int idx)
{
        if (idx >= 0 && idx < VIEW_CNT && idx != c->cur) {
                c->cur = idx;
                c->message[0] = '\0';
        }
}

static void apply_view_effects(struct console *c)
{
        if (c->ctx.want_configs_set) {
                kx_monitor_want_configs(c->monitor, c->ctx.want_configs);
                c->ctx.want_configs_set = false;
        }
        if (c->ctx.message[0]) {
                snprintf(c->message, sizeof(c->message), "%s", c->ctx.message);
                c->ctx.message[0] = '\0';
        }
}

/* Mutating requests are refused here in read-only mode, and again in core
 * (kx_action_execute) whatever the caller. */
static void run_mutation(struct console *c, enum request req)
{
        const struct request_info *info = tui_request_info(req);

        if (c->read_only) {
                console_message(c, "read-only mode: \"%s\" refused", info->name);
                return;
        }
        if (req == REQ_GROUP_RESET && c->cur == 3)
                console_reset_selected_group(c);
        else if (req == REQ_RUN_ACTION)
                console_run_step(c, c->ctx.run_step);
        else if ((req == REQ_REQUEST_APPROVE || req == REQ_REQUEST_REJECT) && c->ctx.decide_request > 0)
                console_decide_request(c, c->ctx.decide_request, c->ctx.decide_approve);
        else if ((req == REQ_JOB_CANCEL || req == REQ_JOB_RESUME) && c->ctx.selected_job)
                console_job_action(c, c->ctx.selected_job, req == REQ_JOB_CANCEL);
}

static void handle_request(struct console *c, enum request req)
{
        int page = LINES - 4 > 1 ? LINES - 4 : 1;
        const struct request_info *info = tui_request_info(req);

        c->message[0] = '\0';
        if (c->mode == MODE_HELP) {
                if (req == REQ_MOVE_DOWN)
                        c->help_top++;
                else if (req == REQ_MOVE_UP && c->help_top > 0)
                        c->help_top--;
                else if (req == REQ_BACK || req == REQ_HELP || req == REQ_ENTER)
                        c->mode = MODE_NORMAL;
                else if (req == REQ_QUIT)
                        c->running = false;
                c->dirty = true;
                return;
        }
        refresh_ctx(c);
        c->ctx.run_step = -1;
        c->ctx.open_playbook = NULL;
        c->ctx.selected_group = NULL;
        c->ctx.decide_request = 0;
        c->ctx.selected_job = NULL;
        req = current(c)->ops->request(current(c), &c->ctx, req, page);
        apply_view_effects(c);
        if (info && (info->flags & REQ_F_MUTATES) && req != REQ_NONE) {
                run_mutation(c, req);
                c->dirty = true;
                return;
        }
        switch (req) {
        case REQ_VIEW_OVERVIEW:
        case REQ_VIEW_BROKERS:
        case REQ_VIEW_TOPICS:
        case REQ_VIEW_GROUPS:
        case REQ_VIEW_LOG:
                switch_view(c, (int)(req - REQ_VIEW_OVERVIEW));
                break;
        case REQ_VIEW_RUNBOOK:
                switch_view(c, 5);
                break;
        case REQ_VIEW_GOVERNANCE:
                switch_view(c, view_index(&view_governance_ops));
                build_governance(c);
                current(c)->ops->update(current(c), &c->ctx);
                break;
        case REQ_VIEW_JOBS:
                switch_view(c, view_index(&view_jobs_ops));
                console_jobs_load(c);
                break;
        case REQ_VIEW_BUDGETS:
                switch_view(c, view_index(&view_budgets_ops));
                break;
        case REQ_VIEW_QUOTAS:
                switch_view(c, view_index(&view_quotas_ops));
                build_governance(c);
                current(c)->ops->update(current(c), &c->ctx);
                break;
        case REQ_VIEW_SCHEMAS:
                switch_view(c, view_index(&view_schemas_ops));
                break;
        case REQ_VIEW_MM2:
                switch_view(c, view_index(&view_mm2_ops));
                break;
        case REQ_PLAYBOOK:
                if (c->cur == 3 && c->ctx.selected_group)
                        console_incident_open_group(c, "consumer-lag-explosion", c->ctx.selected_group);
                else
                        console_incident_open(c, NULL);
                break;
        case REQ_NOTE:
                if (c->incident.pb)
                        console_prompt(c, PROMPT_NOTE, NULL, "note for incident %lld: ",
                                       (long long)c->incident.id);
                else
                        console_message(c, "no incident open: open a playbook first (P or 6)");
                break;
        case REQ_BACK:
                if (c->cur == 5 && c->incident.pb)
                        console_incident_close(c);
                break;
        case REQ_FILTER:
                if (current(c)->ops->table)
                        console_prompt(c, PROMPT_FILTER, current(c)->ops->table(current(c))->filter,
                                       "filter: ");
                break;
        case REQ_HELP:
                c->mode = MODE_HELP;
                c->help_top = 0;
                break;
        case REQ_REFRESH:
                kx_monitor_poke(c->monitor);
                snprintf(c->message, sizeof(c->message), "refreshing...");
                break;
        case REQ_REDRAW:
                clearok(curscr, TRUE);
                break;
        case REQ_QUIT:
                c->running = false;
                break;
        default:
                break;
        }
        if (c->ctx.open_playbook)
                console_incident_open(c, c->ctx.open_playbook);
        refresh_ctx(c);
        current(c)->ops->update(current(c), &c->ctx);
        c->dirty = true;
}

/* Read every pending key. When poll said stdin was readable
 * (readable_said), finding nothing means end of file: returns false. */
static bool read_keys(struct console *c, bool readable_said)
{
        int key, got = 0;

        while ((key = getch()) != ERR) {
                got++;
                if (key == KEY_RESIZE) {
                        c->dirty = true;
                        continue;
                }
                if (c->mode == MODE_PROMPT) {
                        console_prompt_key(c, key);
                        continue;
                }
                if (key == '\r')
                        key = '\n';
                handle_request(c, keymap_lookup(c->km, current(c)->ops->name, key));
                if (!c->running)
                        break;
        }
        if (!got && readable_said) {
                int avail = 0;

                /* Readable with nothing to read is end of file: the terminal
                 * is gone (a dropped SSH link). */
                if (ioctl(STDIN_FILENO, FIONREAD, &avail) != 0 || avail == 0)
                        return false;
        }
        return true;
}

/* ---- set-up and loop ---- */

static int poll_timeout(struct console *c)
{
        int64_t now = kx_now_ms();
        int ms = 1000 - (int)(now % 1000);  /* tick the "N s ago" clock */

        if (c->opts->kiosk && c->next_rotate_ms - now < ms)
                ms = c->next_rotate_ms > now ? (int)(c->next_rotate_ms - now) : 0;
        return ms;
}

static void kiosk_tick(struct console *c)
{
        int64_t now = kx_now_ms();

        if (!c->opts->kiosk || now < c->next_rotate_ms)
                return;
        c->kiosk_pos = (c->kiosk_pos + 1) % (int)(sizeof(kiosk_views) / sizeof(kiosk_views[0]));
        c->cur = kiosk_views[c->kiosk_pos];
        c->next_rotate_ms = now + (int64_t)c->opts->rotate_s * 1000;
        c->dirty = true;
}

static void loop(struct console *c)
{
        struct pollfd fds[3] = {
                {.fd = STDIN_FILENO, .events = POLLIN},
                {.fd = c->wake_fd[0], .events = POLLIN},
                {.fd = signal_pipe[0], .events = POLLIN},
        };
        int64_t last_second = 0;

        c->running = true;
        c->dirty = true;
        while (c->running) {
                int n;

                if (c->dirty) {
                        draw(c);
                        c->dirty = false;
                }
                n = poll(fds, 3, poll_timeout(c));
                if (n < 0 && errno == EINTR) {
                        c->dirty = true;  /* SIGWINCH: curses reports KEY_RESIZE next */
                        read_keys(c, false);
                        continue;
                }
                if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
                        break;
                if (fds[2].revents & POLLIN)
                        break;
                if (fds[1].revents & POLLIN) {
                        drain(c->wake_fd[0]);
                        take_snapshot(c);
                        console_action_reap(c);
                }
                if ((fds[0].revents & POLLIN) && !read_keys(c, true))
                        break;
                kiosk_tick(c);
                if (kx_now_ms() / 1000 != last_second) {
                        last_second = kx_now_ms() / 1000;
                        c->dirty = true;  /* the clock in the title */
                        if (c->cur == view_index(&view_jobs_ops) && console_jobs_refresh(c)) {
                                refresh_ctx(c); /* live progress */
                                current(c)->ops->update(current(c), &c->ctx);
                        }
                }
        }
}

/* SIGINT/SIGTERM/SIGHUP end the loop cleanly. A signal ignored when klaxon
 * started (nohup, trap '' HUP) stays ignored: the terminal going away is
 * then seen as POLLHUP/EIO on stdin instead. */
static void setup_signals(void)
{
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
        struct sigaction sa, old;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
                if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
                        continue;
                sigaction(sigs[i], &sa, NULL);
        }
        signal(SIGPIPE, SIG_IGN);
}

/* While curses owns the screen, stderr goes to a temporary file, shown
 * after the screen is restored. */
static int stderr_capture(void)
{
        FILE *tmp = tmpfile();
        int saved = dup(STDERR_FILENO);

        if (!tmp || saved < 0)
                return -1;
        dup2(fileno(tmp), STDERR_FILENO);
        fclose(tmp); /* the fd 2 copy keeps it open */
        return saved;
}

static void stderr_release(int saved)
{
        char buf[4096];
        ssize_t n;

        if (saved < 0)
                return;
        lseek(STDERR_FILENO, 0, SEEK_SET);
        while ((n = read(STDERR_FILENO, buf, sizeof(buf))) > 0)
                if (write(saved, buf, (size_t)n) < 0)
                        break;
        dup2(saved, STDERR_FILENO);
        close(saved);
}

int console_run(const struct kx_config *cfg, const struct console_opts *opts)
{
        struct console c;
        struct kx_monitor_opts mopts;
        struct kx_err err;
        int saved_stderr, rc = 0;

        memset(&c, 0, sizeof(c));
        c.opts = opts;
        c.cfg = cfg;
        c.read_only = cfg->read_only || opts->kiosk;
        kx_err_clear(&err);
        c.km = keymap_load(opts->keymap_path, &err);
        if (!c.km) {
                kx_cli_fail(&err);
                return 2;
        }
        if (make_pipe(c.wake_fd) || make_pipe(signal_pipe)) {
                fprintf(stderr, "klaxon: cannot create pipes: %s\n", strerror(errno));
                keymap_free(c.km);
                return 2;
        }
        kx_logbuf_init(&c.log);
        kx_playbooks_load(NULL, &c.playbooks);
        for (int i = 0; i < c.playbooks.error_cnt; i++)
                kx_logbuf_add(&c.log, 3, "playbook: %s", c.playbooks.errors[i]);
        if (c.playbooks.error_cnt)
                snprintf(c.message, sizeof(c.message), "%d playbook file(s) did not load: %s (5: log)",
                         c.playbooks.error_cnt, c.playbooks.errors[0]);
        c.have_store = kx_store_open(cfg, &c.store, &err) == 0;
        if (!c.have_store)
                kx_logbuf_add(&c.log, 3, "state: %s (actions and incidents are off)", err.msg);
        c.have_policy = kx_policy_load(NULL, &c.policy, &err) == 0;
        if (!c.have_policy)
                kx_logbuf_add(&c.log, 3, "policy: %s (the governance view is off)", err.msg);
        kx_monitor_opts_default(&mopts);
        mopts.refresh_ms = opts->refresh_s * 1000;
        mopts.wake_fd = c.wake_fd[1];
        mopts.leo_db = c.have_store ? c.store.path : NULL;
        mopts.policy = c.have_policy ? &c.policy : NULL;
        if (kx_monitor_start(cfg, &mopts, &c.log, &c.monitor, &err)) {
                kx_cli_fail(&err);
                rc = 2;
                goto out;
        }
        c.slo_watch = kx_slo_watch_start(cfg, NULL, NULL, 10000);
        setup_signals();
        saved_stderr = stderr_capture();
        if (tui_screen_init(&c.scr, &err)) {
                stderr_release(saved_stderr);
                kx_cli_fail(&err);
                rc = 2;
                goto out;
        }
        for (int i = 0; i < VIEW_CNT; i++) {
                c.views[i].ops = all_views[i];
                c.views[i].priv = kx_xcalloc(1, all_views[i]->private_size);
        }
        c.next_rotate_ms = kx_now_ms() + (int64_t)opts->rotate_s * 1000;
        take_snapshot(&c);
        loop(&c);
        tui_screen_done(&c.scr);
        stderr_release(saved_stderr);
        for (int i = 0; i < VIEW_CNT; i++) {
                if (c.views[i].ops->done)
                        c.views[i].ops->done(&c.views[i]);
                free(c.views[i].priv);
        }
out:
        if (c.action_running) { /* never leave a half-done action behind */
                pthread_join(c.action_thread, NULL);
                atomic_store(&c.action_done, true);
                console_action_reap(&c);
        }
        console_incident_close(&c);
        kx_monitor_stop(c.monitor);
        kx_slo_watch_stop(c.slo_watch);
        if (c.pending) {
                kx_plan_free(&c.plan);
                kx_action_free(c.pending);
        }
        kx_playbooks_free(&c.playbooks);
        if (c.have_policy)
                kx_policy_free(&c.policy);
        console_jobs_free(&c);
        if (c.have_store)
                kx_store_close(&c.store);
        kx_snapshot_unref(c.snap);
        kx_logbuf_done(&c.log);
        keymap_free(c.km);
        for (int i = 0; i < 2; i++) {
                close(c.wake_fd[i]);
                close(signal_pipe[i]);
        }
        return rc;
}
