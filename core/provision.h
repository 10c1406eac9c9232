/* provision.h - self-service topic creation under the policy.
 *
 * A request is checked against every rule at once. It is refused when any
 * rule is broken (all of them listed, and the refusal audited), filed as a
 * pending request when it is above the review thresholds, and otherwise
 * created. Filing and creating are actions (action_topic_request.h,
 * action_topic_create.h) the caller runs through the action path.
 */
#ifndef KX_PROVISION_H
#define KX_PROVISION_H

#include "action.h"
#include "finding.h"
#include "policy_lint.h"

enum kx_provision_verdict { KX_PROVISION_REFUSED, KX_PROVISION_REVIEW, KX_PROVISION_CREATE };

struct kx_provision {
        enum kx_provision_verdict verdict;
        struct kx_findings findings;    /* every rule broken (and warnings) */
        char why_review[300];           /* REVIEW: the threshold it is above */
        struct kx_action *action;       /* REVIEW: file; CREATE: create; REFUSED: NULL. Owned. */
};

/* Decide what to do with request t (t->request is forced on) against pol and
 * the live cluster snap. reason is the requester's justification (may be
 * NULL). Pure apart from allocation. Free with kx_provision_done. */
void kx_provision_decide(const struct kx_policy *pol, const struct kx_snapshot *snap,
                         const struct kx_topic_facts *t, const char *reason, struct kx_provision *out);

/* Append the refusal to the audit log (action "topic-create", outcome
 * "refused", the findings as the result). */
int kx_provision_audit_refusal(const struct kx_action_ctx *ctx, const struct kx_topic_facts *t,
                               const struct kx_provision *p, struct kx_err *err);

void kx_provision_done(struct kx_provision *p);

#endif
