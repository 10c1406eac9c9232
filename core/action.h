/* action.h - the only way klaxon changes anything.
 *
 * Every remedy is an action with one file in core/ (action_*.c) and goes
 * through the same path:
 *   plan     pure reads: exactly what will change, before and after;
 *   dry-run  stop after showing the plan (the caller's choice);
 *   confirm  the caller asks; destructive actions need the target typed;
 *   execute  refused here, in core, whenever ctx->read_only is set;
 *   verify   re-read the cluster and compare with the plan;
 *   audit    every outcome (planned, refused, executed, failed, verified)
 *            is appended to the hash-chained audit log, with undo info.
 */
#ifndef KX_ACTION_H
#define KX_ACTION_H

#include "audit.h"
#include "config.h"
#include "kafka.h"
#include "err.h"
#include "store.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdbool.h>

struct kx_action_ctx {
        rd_kafka_t *rk;              /* admin/consumer handle, borrowed */
        bool read_only;              /* refuse execute, whatever the caller */
        const char *operator_name;   /* NULL: $USER */
        const char *reason;          /* the operator's words, may be NULL */
        struct kx_store *store;      /* audit log; NULL only in unit tests */
        int timeout_ms;
        /* Mirror audit rows to KX_AUDIT_TOPIC on this cluster (NULL: don't).
         * A failure lands in warning (caller's buffer), never in the result. */
        const struct kx_config *mirror_cfg;
        struct kx_logbuf *log;
        char *warning;
        size_t warning_size;
};

/* A computed plan. Owned by the caller after kx_action_plan(); free with
 * kx_plan_free(). */
struct kx_plan {
        char *summary;               /* one line */
        char *target;                /* what is acted on; typed to confirm if destructive */
        bool destructive;
        json_t *changes;             /* array of {what, before, after} (owned) */
        json_t *undo;                /* how to restore (owned) */
        char *blocker;               /* why it cannot run now (e.g. group not Empty), or NULL */
};

struct kx_action;

struct kx_action_ops {
        const char *name;            /* "group-reset" */
        /* Fill plan; reads only. */
        int (*plan)(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                    struct kx_err *err);
        /* Apply plan. Never called in read-only mode. Fill *result (owned by
         * the caller) with what was done. */
        int (*execute)(struct kx_action *a, const struct kx_action_ctx *ctx,
                       const struct kx_plan *plan, json_t **result, struct kx_err *err);
        /* Re-read and compare with plan; KX_ERR_KAFKA with the difference. */
        int (*verify)(struct kx_action *a, const struct kx_action_ctx *ctx,
                      const struct kx_plan *plan, struct kx_err *err);
        void (*free)(struct kx_action *a);
};

struct kx_action {
        const struct kx_action_ops *ops;
        void *params;                /* owned; freed by ops->free */
};

/* Plan a (audited as "planned"). On success the caller owns *plan. */
int kx_action_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                   struct kx_err *err);

/* Execute a confirmed plan, then verify, auditing each outcome. Refuses with
 * KX_ERR_READ_ONLY (audited as "refused") when ctx->read_only, and with
 * KX_ERR_REFUSED when the plan has a blocker. */
int kx_action_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                      const struct kx_plan *plan, struct kx_err *err);

/* For destructive plans: true if typed equals the plan's target. */
bool kx_action_confirmed(const struct kx_plan *plan, const char *typed);

void kx_plan_free(struct kx_plan *plan);
void kx_action_free(struct kx_action *a);

/* Add one {what, before, after} change to plan->changes. */
void kx_plan_change(struct kx_plan *plan, const char *what, json_t *before, json_t *after);

#endif
