/* provision.c - refuse, file for review, or create. */
#include "provision.h"
#include "action_topic_create.h"
#include "action_topic_request.h"

#include <stdio.h>
#include <string.h>

void kx_provision_decide(const struct kx_policy *pol, const struct kx_snapshot *snap,
                         const struct kx_topic_facts *t, const char *reason, struct kx_provision *out)
{
        struct kx_topic_facts r = *t;

        memset(out, 0, sizeof(*out));
        r.request = true;
        r.justified = reason && *reason;
        kx_policy_check_request(pol, snap, &r, &out->findings);
        if (kx_findings_count(&out->findings, KX_SEV_ERROR)) {
                out->verdict = KX_PROVISION_REFUSED;
        } else if (kx_policy_needs_review(pol, &r, out->why_review, sizeof(out->why_review))) {
                struct kx_topic_request req = {
                        .topic = (char *)r.name, .team = (char *)r.team, .partitions = r.partitions,
                        .replication = r.replication, .configs = (json_t *)r.configs, .reason = (char *)reason,
                        .why_review = out->why_review};

                out->verdict = KX_PROVISION_REVIEW;
                out->action = kx_action_topic_request_file(&req);
        } else {
                out->verdict = KX_PROVISION_CREATE;
                out->action = kx_action_topic_create(r.name, r.partitions, r.replication, r.configs);
        }
}

int kx_provision_audit_refusal(const struct kx_action_ctx *ctx, const struct kx_topic_facts *t,
                               const struct kx_provision *p, struct kx_err *err)
{
        char who[128], origin[128], reason[160];
        json_t *result = json_pack("{s:o}", "violations", kx_findings_json(&p->findings));
        json_t *plan = json_pack("{s:s, s:i, s:i, s:s?, s:O?}", "topic", t->name, "partitions", t->partitions,
                                 "replication", t->replication, "team", t->team, "configs", t->configs);
        struct kx_audit_entry e = {0};
        int rc;

        if (!ctx->store) {
                json_decref(result);
                json_decref(plan);
                return 0;
        }
        kx_audit_identity(ctx->operator_name, who, sizeof(who), origin, sizeof(origin));
        snprintf(reason, sizeof(reason), "policy: %d rule(s) broken",
                 kx_findings_count(&p->findings, KX_SEV_ERROR));
        e.operator_name = who;
        e.origin = origin;
        e.action = "topic-create";
        e.target = t->name;
        e.outcome = "refused";
        e.reason = reason;
        e.plan = plan;
        e.result = result;
        rc = kx_audit_append(ctx->store, &e, err);
        json_decref(result);
        json_decref(plan);
        return rc;
}

void kx_provision_done(struct kx_provision *p)
{
        kx_findings_free(&p->findings);
        kx_action_free(p->action);
        memset(p, 0, sizeof(*p));
}
