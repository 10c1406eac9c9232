/* idle.h - idle and dead topics, from the persisted LEO history.
 *
 * A topic is idle when the history reaches back at least the policy's
 * idle.no-produce window and fewer than idle.max-messages were produced in
 * it. It is dead when, besides, no consumer group has committed offsets on
 * it. The lifecycle is notify -> grace period (idle.grace) -> archive/delete
 * recommendation; nothing is ever deleted here (deletion is the audited
 * topic-delete action, with the topic's name typed). now_ms comes from the
 * caller, so a test shifts time with a fixed clock.
 */
#ifndef KX_IDLE_H
#define KX_IDLE_H

#include "policy.h"
#include "snapshot.h"
#include "store.h"

#include <jansson.h>

enum kx_idle_stage { KX_IDLE_NOTIFY, KX_IDLE_RECOMMEND };

struct kx_idle_topic {
        char *topic;
        char *team;                  /* owner by domain, or NULL */
        int64_t since_ms;            /* last produce (as far as the history says) */
        int64_t produced;            /* messages produced in the window */
        int64_t retained;            /* messages still in the log */
        bool dead;                   /* no group has committed on it */
        enum kx_idle_stage stage;
        int64_t recommend_at_ms;     /* when the grace period ends */
};

struct kx_idle_list {
        struct kx_idle_topic *items;
        int cnt;
};

/* Evaluate every non-internal topic of snap at now_ms. KX_ERR_STATE on a
 * sqlite failure. Free with kx_idle_list_free. */
int kx_idle_detect(const struct kx_policy *pol, struct kx_store *store, const struct kx_snapshot *snap,
                   int64_t now_ms, struct kx_idle_list *out, struct kx_err *err);

void kx_idle_list_free(struct kx_idle_list *l);

/* "notify" / "archive/delete recommended". */
const char *kx_idle_stage_label(enum kx_idle_stage s);

/* The list as a JSON array; new reference. */
json_t *kx_idle_json(const struct kx_idle_list *l);

#endif
