/* guardian.h - the consumer guardian: pause groups that are far behind and
 * stuck, and say so on a webhook.
 *
 * The rule (policy guardian:) is "total lag > lag-above, held for longer
 * than for, and the group's committed offsets unmoved for longer than
 * no-progress". What the guardian remembers between runs (since when a
 * group is over the lag, since when its offsets have not moved, whether it
 * paused it) lives in the guardian_group table, so `klaxon guardian once`
 * from cron and `klaxon guardian run` behave alike. A triggered group is
 * paused through the group-fence action (plan, execute, verify, audit),
 * or in dry-run only planned (audited as planned); either way a webhook
 * gets a JSON notification. The guardian never resumes a group. now_ms
 * comes from the caller (fixed clocks in tests).
 *
 * A second trigger (the plan's "consuming from a dead topic"): a group with
 * committed offsets on a topic idle.h calls idle (no produce over the
 * policy's idle window) is paused and notified the same way.
 *
 * The webhook is tried up to KX_GUARDIAN_WEBHOOK_ATTEMPTS times (webhook.h:
 * connection failures, timeouts, 5xx and 429 are retried after a short,
 * doubling backoff), so one notification blocks the loop for at most about
 * attempts x KX_GUARDIAN_WEBHOOK_TIMEOUT_MS; its URL is never in a message
 * with its secrets (kx_webhook_redact).
 */
#ifndef KX_GUARDIAN_H
#define KX_GUARDIAN_H

#include "action.h"
#include "policy.h"
#include "snapshot.h"
#include "store.h"

#define KX_GUARDIAN_WEBHOOK_ATTEMPTS 3
#define KX_GUARDIAN_WEBHOOK_TIMEOUT_MS 2000
#define KX_GUARDIAN_WEBHOOK_BACKOFF_MS 250

struct kx_guardian_state {
        int64_t over_since_ms;   /* 0: lag not above the threshold */
        int64_t committed;       /* sum of committed offsets last seen */
        int64_t progress_ms;     /* when that sum last changed */
        int64_t paused_ms;       /* 0, or when the guardian paused it */
};

/* Update st with one observation (lag, committed sum) at now_ms; known is
 * false for a group seen for the first time. True when the rule fires.
 * *over_for and *stuck_for get the durations. Pure. */
bool kx_guardian_eval(const struct kx_policy_guardian *rule, struct kx_guardian_state *st, bool known,
                      int64_t lag, int64_t committed, int64_t now_ms, int64_t *over_for, int64_t *stuck_for);

struct kx_guardian_opts {
        const struct kx_policy_guardian *rule;
        bool dry_run;
        const char *webhook;     /* overrides rule->webhook; NULL: the rule's */
        const char *principal;   /* for the fence ACL; NULL: User:* */
        const char *connect_url; /* Connect sinks are paused through Connect */
        const struct kx_policy *policy; /* idle window for the dead-topic trigger; NULL: off */
};

struct kx_guardian_hit {
        char *group;
        int64_t lag, over_for_ms, stuck_for_ms;
        char *reason;            /* "lag" (the rule), or "consuming from dead topic T" */
        char *outcome;           /* "paused", "dry run: would pause", "pause failed: ..." */
        char *webhook_error;     /* NULL when delivered or no webhook */
        int webhook_attempts;    /* POSTs made (0: no webhook) */
};

struct kx_guardian_report {
        struct kx_guardian_hit *hits;
        int cnt;
        int watched;             /* groups evaluated */
};

/* Evaluate every group of snap at now_ms, act on those that fire (through
 * ctx, whose store is also where the state and the LEO history live),
 * notify. KX_ERR_STATE on a sqlite failure; action and webhook failures are
 * per hit. Every string of a hit is owned by the report. Free with
 * kx_guardian_report_free. */
int kx_guardian_once(const struct kx_guardian_opts *opts, const struct kx_action_ctx *ctx,
                     const struct kx_snapshot *snap, int64_t now_ms, struct kx_guardian_report *out,
                     struct kx_err *err);

void kx_guardian_report_free(struct kx_guardian_report *r);

#endif
