/* console_incident.c - runbooks in the console: open a playbook as an
 * incident, record what changes, and run step actions through core's
 * action path (plan, typed confirmation, execute, verify, audit). */
#include "console_internal.h"
#include "../core/action_elect_leaders.h"
#include "../core/action_connector_restart.h"
#include "../core/action_group_fence.h"
#include "../core/connect.h"
#include "../core/action_group_reset.h"
#include "../core/action_job.h"
#include "../core/action_replay.h"
#include "../core/action_topic_retention.h"
#include "../core/action_topic_request.h"
#include "../core/kafka.h"
#include "../core/timeparse.h"
#include "../core/xalloc.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void record(struct console *c, const char *kind, int step, const char *text)
{
        struct kx_err err;

        if (c->have_store && c->incident.id &&
            kx_incident_event(&c->store, c->incident.id, kind, step, text, c->snap, &err))
                console_message(c, "incident log: %s", err.msg);
}

void console_incident_suggest(struct console *c, char *buf, size_t size)
{
        struct kx_incident_ctx ctx;
        char detail[256];
        const struct kx_playbook *pb;

        buf[0] = '\0';
        pb = kx_playbook_triggered(&c->playbooks, c->snap, &ctx, detail, sizeof(detail));
        if (pb)
                snprintf(buf, size, "%s -> P: open playbook \"%s\"", detail, pb->title);
}

static void incident_start(struct console *c, const struct kx_playbook *pb);

void console_incident_open_group(struct console *c, const char *playbook_id, const char *group)
{
        const struct kx_playbook *pb = kx_playbook_find(&c->playbooks, playbook_id);

        if (!pb) {
                console_message(c, "no playbook %s", playbook_id);
                return;
        }
        if (c->incident.pb)
                console_incident_close(c);
        memset(&c->incident.ctx, 0, sizeof(c->incident.ctx));
        c->incident.ctx.broker = -1;
        snprintf(c->incident.ctx.group, sizeof(c->incident.ctx.group), "%s", group);
        incident_start(c, pb);
}

void console_incident_open(struct console *c, const char *playbook_id)
{
        const struct kx_playbook *pb = playbook_id ? kx_playbook_find(&c->playbooks, playbook_id) : NULL;
        char detail[256];

        if (!pb) {
                pb = kx_playbook_triggered(&c->playbooks, c->snap, &c->incident.ctx, detail,
                                           sizeof(detail));
                if (!pb) {
                        console_message(c, "nothing is wrong: no playbook to open (6 lists them all)");
                        return;
                }
        } else {
                /* Fill the context from the playbook's own triggers. */
                memset(&c->incident.ctx, 0, sizeof(c->incident.ctx));
                c->incident.ctx.broker = -1;
                for (int t = 0; t < pb->trigger_cnt; t++)
                        kx_check_eval(&pb->triggers[t], c->snap, &c->incident.ctx, true, detail,
                                      sizeof(detail));
        }
        if (c->incident.pb && c->incident.pb != pb)
                console_incident_close(c);
        incident_start(c, pb);
}

/* Record the session and show the runbook; ctx is already filled. */
static void incident_start(struct console *c, const struct kx_playbook *pb)
{
        char who[128], origin[128];
        struct kx_err err;

        c->incident.pb = pb;
        for (int i = 0; i < 64; i++)
                c->incident.last[i] = (enum kx_check_result)-1;
        c->incident.id = 0;
        kx_audit_identity(c->cfg->operator_name, who, sizeof(who), origin, sizeof(origin));
        if (c->have_store &&
            kx_incident_open(&c->store, pb->id, pb->title, &c->incident.ctx, who, &c->incident.id, &err))
                console_message(c, "incident not recorded: %s", err.msg);
        record(c, "opened", -1, pb->symptom);
        c->cur = 5;
        console_incident_refresh(c);
}

void console_incident_close(struct console *c)
{
        struct kx_err err;

        if (!c->incident.pb)
                return;
        record(c, "closed", -1, "runbook closed");
        if (c->have_store && c->incident.id)
                kx_incident_close(&c->store, c->incident.id, &err);
        console_message(c, "incident %lld closed: `klaxon incident export %lld --format md`",
                        (long long)c->incident.id, (long long)c->incident.id);
        c->incident.pb = NULL;
}

void console_incident_refresh(struct console *c)
{
        const struct kx_playbook *pb = c->incident.pb;

        if (!pb)
                return;
        for (int i = 0; i < pb->step_cnt && i < 64; i++) {
                struct kx_incident_ctx ic = c->incident.ctx;
                enum kx_check_result r;
                char detail[256], text[400];

                if (!pb->steps[i].has_check)
                        continue;
                r = kx_check_eval(&pb->steps[i].check, c->snap, &ic, false, detail, sizeof(detail));
                if (r == c->incident.last[i])
                        continue;
                c->incident.last[i] = r;
                snprintf(text, sizeof(text), "%s %s: %s",
                         r == KX_CHECK_PASS ? "PASS" : r == KX_CHECK_FAIL ? "FAIL" : "UNKNOWN",
                         pb->steps[i].title, detail);
                record(c, "check", i, text);
        }
}

void console_incident_note(struct console *c, const char *text)
{
        if (!c->incident.pb) {
                console_message(c, "no incident open: notes belong to a runbook");
                return;
        }
        record(c, "note", -1, text);
        console_message(c, "note added to incident %lld", (long long)c->incident.id);
}

/* ---- actions ---- */

static void drop_pending(struct console *c)
{
        if (c->pending) {
                kx_plan_free(&c->plan);
                kx_action_free(c->pending);
                c->pending = NULL;
        }
}

static bool action_ctx(struct console *c, struct kx_action_ctx *ctx, struct kx_err *err)
{
        memset(ctx, 0, sizeof(*ctx));
        ctx->read_only = c->read_only;
        ctx->operator_name = c->cfg->operator_name;
        ctx->timeout_ms = 10000;
        ctx->store = c->have_store ? &c->store : NULL;
        ctx->mirror_cfg = c->cfg;
        ctx->log = &c->log;
        c->warning[0] = '\0';
        ctx->warning = c->warning;
        ctx->warning_size = sizeof(c->warning);
        ctx->rk = kx_kafka_new(c->cfg, &c->log, "klaxon-action", NULL, err);
        if (!ctx->store) {
                kx_err_set(err, KX_ERR_STATE, "no state database: actions need the audit log");
                return false;
        }
        return ctx->rk != NULL;
}

/* Plan a (taken over) and ask for the typed confirmation. */
static void start_action(struct console *c, struct kx_action *a)
{
        struct kx_action_ctx ctx;
        struct kx_err err;

        if (c->action_running) {
                console_message(c, "%s is still running: one action at a time", c->pending->ops->name);
                kx_action_free(a);
                return;
        }
        drop_pending(c);
        if (!action_ctx(c, &ctx, &err)) {
                console_message(c, "%s", err.msg);
                kx_action_free(a);
                if (ctx.rk)
                        rd_kafka_destroy(ctx.rk);
                return;
        }
        console_message(c, "planning %s...", a->ops->name);
        if (kx_action_plan(a, &ctx, &c->plan, &err)) {
                console_message(c, "plan failed: %s", err.msg);
                kx_action_free(a);
        } else {
                c->pending = a;
                if (c->plan.destructive)
                        console_prompt(c, PROMPT_CONFIRM, NULL,
                                       "%s%s%s -- type %s to confirm, Esc aborts: ", c->plan.summary,
                                       c->plan.blocker ? " BLOCKED: " : "",
                                       c->plan.blocker ? c->plan.blocker : "", c->plan.target);
                else
                        console_prompt(c, PROMPT_CONFIRM, NULL, "%s%s%s -- y applies, any other key aborts: ",
                                       c->plan.summary, c->plan.blocker ? " BLOCKED: " : "",
                                       c->plan.blocker ? c->plan.blocker : "");
        }
        rd_kafka_destroy(ctx.rk);
}

static void *action_main(void *arg)
{
        struct console *c = arg;
        char one = 1;
        ssize_t n;

        kx_err_clear(&c->action_err);
        c->action_rc = kx_action_execute(c->pending, &c->action_ctx, &c->plan, &c->action_err);
        atomic_store(&c->action_done, true);
        n = write(c->wake_fd[1], &one, 1); /* the loop reaps us */
        (void)n;
        return NULL;
}

void console_confirm_answer(struct console *c, const char *typed)
{
        struct kx_err err;

        if (!c->pending)
                return;
        if (!typed || (c->plan.destructive ? !kx_action_confirmed(&c->plan, typed)
                                           : strcmp(typed, "y") != 0)) {
                console_message(c, "not confirmed: nothing changed");
                drop_pending(c);
                return;
        }
        if (!action_ctx(c, &c->action_ctx, &err)) {
                console_message(c, "%s", err.msg);
                if (c->action_ctx.rk)
                        rd_kafka_destroy(c->action_ctx.rk);
                drop_pending(c);
                return;
        }
        atomic_store(&c->action_done, false);
        if (pthread_create(&c->action_thread, NULL, action_main, c) != 0) {
                console_message(c, "cannot start the action thread");
                rd_kafka_destroy(c->action_ctx.rk);
                drop_pending(c);
                return;
        }
        c->action_running = true;
        console_message(c, "%s: executing and verifying...", c->pending->ops->name);
}

void console_action_reap(struct console *c)
{
        char text[400];

        if (!c->action_running || !atomic_load(&c->action_done))
                return;
        pthread_join(c->action_thread, NULL);
        c->action_running = false;
        if (c->action_rc) {
                console_message(c, "%s", c->action_err.msg);
                snprintf(text, sizeof(text), "%s FAILED: %s", c->pending->ops->name, c->action_err.msg);
        } else {
                console_message(c, "%s done and verified (audited)%s%s", c->pending->ops->name,
                                c->warning[0] ? "; " : "", c->warning);
                snprintf(text, sizeof(text), "%s: %s (verified)", c->pending->ops->name, c->plan.summary);
                kx_monitor_poke(c->monitor);
                if ((!strcmp(c->pending->ops->name, "replay") || !strcmp(c->pending->ops->name, "job-resume")) &&
                    c->replay_job[0])
                        console_jobs_spawn(c, c->replay_job);
                else if (!strcmp(c->pending->ops->name, "job-cancel"))
                        console_jobs_load(c);
        }
        record(c, "action", -1, text);
        rd_kafka_destroy(c->action_ctx.rk);
        drop_pending(c);
}

/* "earliest", "latest", "+N"/"-N", an offset "@N" or an ISO time. */
static int parse_reset(const char *answer, enum kx_reset_mode *mode, int64_t *value, struct kx_err *err)
{
        *value = 0;
        if (!strcmp(answer, "earliest"))
                *mode = KX_RESET_EARLIEST;
        else if (!strcmp(answer, "latest"))
                *mode = KX_RESET_LATEST;
        else if (answer[0] == '+' || answer[0] == '-')
                *mode = KX_RESET_SHIFT, *value = strtoll(answer, NULL, 10);
        else if (answer[0] == '@')
                *mode = KX_RESET_OFFSET, *value = strtoll(answer + 1, NULL, 10);
        else if (kx_parse_time(answer, value, err))
                return err->code;
        else
                *mode = KX_RESET_DATETIME;
        return 0;
}

void console_reset_answer(struct console *c, enum prompt_kind kind, const char *answer)
{
        enum kx_reset_mode mode = KX_RESET_LATEST;
        int64_t value;
        struct kx_err err;
        int partition;
        long long offset;

        if (kind == PROMPT_RETENTION) {
                if (kx_parse_duration(answer, &value, &err))
                        console_message(c, "%s", err.msg);
                else
                        start_action(c, kx_action_topic_retention(c->reset_topic, value));
                return;
        }
        if (kind == PROMPT_SKIP_TO) {
                if (sscanf(answer, "%d %lld", &partition, &offset) != 2) {
                        console_message(c, "skip: answer \"PARTITION OFFSET\" (the first good offset)");
                        return;
                }
                start_action(c, kx_action_group_reset(c->reset_group, c->reset_topic, partition,
                                                      KX_RESET_OFFSET, offset));
                return;
        }
        if (parse_reset(answer, &mode, &value, &err)) {
                console_message(c, "%s", err.msg);
                return;
        }
        start_action(c, kx_action_group_reset(c->reset_group, c->reset_topic, -1, mode, value));
}

/* The group and topic an action is about: the incident's, else the
 * snapshot's group's first topic. */
static bool pick_group(struct console *c, const char *group)
{
        const struct kx_group *g = c->snap && group ? kx_snapshot_group(c->snap, group) : NULL;

        if (!g || !g->partition_cnt) {
                console_message(c, "no group with committed offsets selected");
                return false;
        }
        snprintf(c->reset_group, sizeof(c->reset_group), "%s", g->group);
        snprintf(c->reset_topic, sizeof(c->reset_topic), "%s",
                 c->incident.pb && c->incident.ctx.topic[0] ? c->incident.ctx.topic : g->partitions[0].topic);
        return true;
}

void console_reset_selected_group(struct console *c)
{
        if (pick_group(c, c->ctx.selected_group))
                console_prompt(c, PROMPT_RESET_TO, NULL,
                               "reset %s on %s to (earliest, latest, +N, -N, @OFFSET, ISO time): ",
                               c->reset_group, c->reset_topic);
}

void console_run_step(struct console *c, int step)
{
        const struct kx_playbook *pb = c->incident.pb;
        const struct kx_pb_step *st;

        if (!pb || step < 0 || step >= pb->step_cnt)
                return;
        st = &pb->steps[step];
        if (!st->action) {
                console_message(c, "step %d has no action: follow its guidance", step + 1);
                return;
        }
        if (!strcmp(st->action, "group-reset")) {
                if (pick_group(c, c->incident.ctx.group)) {
                        if (st->action_arg)
                                console_reset_answer(c, PROMPT_RESET_TO, st->action_arg);
                        else
                                console_prompt(c, PROMPT_RESET_TO, NULL, "reset %s on %s to: ",
                                               c->reset_group, c->reset_topic);
                }
        } else if (!strcmp(st->action, "group-skip-range")) {
                if (pick_group(c, c->incident.ctx.group))
                        console_prompt(c, PROMPT_SKIP_TO, NULL,
                                       "skip %s on %s past the bad range: PARTITION FIRST-GOOD-OFFSET: ",
                                       c->reset_group, c->reset_topic);
        } else if (!strcmp(st->action, "group-pause") || !strcmp(st->action, "group-resume")) {
                if (pick_group(c, c->incident.ctx.group))
                        start_action(c, kx_action_group_fence(c->reset_group, NULL,
                                                              !strcmp(st->action, "group-pause"),
                                                              c->cfg->connect_url));
        } else if (!strcmp(st->action, "connector-restart")) {
                const char *connector = kx_connect_connector_of_group(c->incident.ctx.group);

                if (!c->cfg->connect_url || !connector)
                        console_message(c, "connector-restart needs --connect URL and a connect-NAME group");
                else
                        start_action(c, kx_action_connector_restart(c->cfg->connect_url, connector, false));
        } else if (!strcmp(st->action, "topic-retention")) {
                if (pick_group(c, c->incident.ctx.group))
                        console_prompt(c, PROMPT_RETENTION, NULL, "new retention for %s (e.g. 7d, 36h): ",
                                       c->reset_topic);
        } else if (!strcmp(st->action, "replay")) {
                const struct kx_group *g = c->snap && c->incident.ctx.group[0]
                                                   ? kx_snapshot_group(c->snap, c->incident.ctx.group)
                                                   : NULL;
                char topic[300] = "";

                if (c->incident.ctx.topic[0])
                        snprintf(topic, sizeof(topic), "%s ", c->incident.ctx.topic);
                else if (g && g->partition_cnt)
                        snprintf(topic, sizeof(topic), "%s ", g->partitions[0].topic);
                console_prompt(c, PROMPT_REPLAY, topic[0] ? topic : NULL,
                               "replay to a repair topic: TOPIC FROM TO TARGET-TOPIC [KEY,KEY...] "
                               "(times ISO or ms): ");
        } else if (!strcmp(st->action, "elect-leaders")) {
                /* After an outage every topic's leadership is off, not just the incident's. */
                start_action(c, kx_action_elect_leaders(c->cfg, NULL, KX_ELECT_PREFERRED));
        } else if (!strcmp(st->action, "unclean-election")) {
                start_action(c, kx_action_elect_leaders(c->cfg, NULL, KX_ELECT_UNCLEAN));
        } else {
                bool handled;
                struct kx_action *a = console_peer_action(c, st, &handled);

                if (a)
                        start_action(c, a);
                else if (!handled)
                        console_message(c, "%s is not available in this klaxon yet: use the step's guidance",
                                        st->action);
        }
}

/* Governance view (#7): a/x on a pending topic request. */
void console_decide_request(struct console *c, int64_t id, bool approve)
{
        start_action(c, kx_action_topic_request_decide(id, approve));
}

void console_job_action(struct console *c, const char *id, bool cancel)
{
        if (c->action_running) {
                console_message(c, "%s is still running: one action at a time", c->pending->ops->name);
                return;
        }
        snprintf(c->replay_job, sizeof(c->replay_job), "%s", id);
        start_action(c, cancel ? kx_action_job_cancel(id) : kx_action_job_resume(id));
}

/* "TOPIC FROM TO TARGET [KEYS]" for the replay step: planned, confirmed
 * and audited like every action; its job then runs detached. */
void console_replay_answer(struct console *c, const char *answer)
{
        char topic[256], from[64], to[64], target[256], keys[1024] = "";
        struct kx_replay_spec spec;
        struct kx_err err;
        int n = sscanf(answer, "%255s %63s %63s %255s %1023s", topic, from, to, target, keys);

        if (n < 4) {
                console_message(c, "replay: answer TOPIC FROM TO TARGET-TOPIC [KEY,KEY...]");
                return;
        }
        kx_replay_spec_init(&spec);
        spec.topic = kx_xstrdup(topic);
        spec.target_topic = kx_xstrdup(target);
        if (n == 5)
                kx_replay_spec_add_keys(&spec, keys);
        if (kx_parse_time(from, &spec.from_ms, &err) || kx_parse_time(to, &spec.to_ms, &err) ||
            kx_replay_spec_check(&spec, false, false, &err)) {
                console_message(c, "replay: %s", err.msg);
                kx_replay_spec_done(&spec);
                return;
        }
        start_action(c, kx_action_replay(&spec, c->cfg, c->replay_job, sizeof(c->replay_job)));
}
