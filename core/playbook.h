/* playbook.h - incident playbooks as data (playbooks/NAME.yaml).
 *
 * Each playbook has an id, a title, symptom and impact, triggers (checks
 * whose failure suggests it), steps (guidance, an optional live check, an
 * optional one-key action, the expected outcome), escalation rules and a
 * recovery target. The built-in set is compiled into klaxon; files in
 * $XDG_CONFIG_HOME/klaxon/playbooks/NAME.yaml add playbooks or replace one by
 * id. A broken file is reported with file, line and field, and every
 * playbook that did load is kept.
 */
#ifndef KX_PLAYBOOK_H
#define KX_PLAYBOOK_H

#include "check.h"
#include "err.h"

#include <stdbool.h>

struct kx_pb_step {
        char *title;
        char *guide;
        bool has_check;
        struct kx_check check;
        char *action;             /* action name, or NULL */
        char *action_arg;         /* e.g. "latest" for group-reset, or NULL */
        char *expect;
};

struct kx_pb_escalation {
        struct kx_check when;     /* escalate when this check fails */
        char *then;
};

struct kx_playbook {
        char *id, *title, *symptom, *impact, *recovery_target, *source;
        struct kx_check *triggers;
        int trigger_cnt;
        struct kx_pb_step *steps;
        int step_cnt;
        struct kx_pb_escalation *escalations;
        int escalation_cnt;
};

struct kx_playbook_set {
        struct kx_playbook *items;
        int cnt;
        char **errors;            /* "FILE:LINE: ..." for each file that failed */
        int error_cnt;
};

/* Load the built-in playbooks, then each .yaml file in user_dir (NULL: the XDG
 * default; a missing dir is fine). Never fails as a whole: problems land in
 * set->errors. Free with kx_playbooks_free(). */
void kx_playbooks_load(const char *user_dir, struct kx_playbook_set *set);

/* Parse one YAML document (origin names it in errors) and add or replace
 * its playbook in set. Returns 0 or KX_ERR_CONFIG (err names file, line,
 * field). */
int kx_playbook_parse(struct kx_playbook_set *set, const char *text, size_t len,
                      const char *origin, struct kx_err *err);

void kx_playbooks_free(struct kx_playbook_set *set);

const struct kx_playbook *kx_playbook_find(const struct kx_playbook_set *set, const char *id);

/* Known action names for steps: true if name is one. */
bool kx_playbook_action_known(const char *name);

/* The first playbook whose trigger fails on snap, with its incident context;
 * NULL when all is well. detail gets the trigger's reason. */
const struct kx_playbook *kx_playbook_triggered(const struct kx_playbook_set *set,
                                                const struct kx_snapshot *snap,
                                                struct kx_incident_ctx *ctx, char *detail,
                                                size_t size);

#endif
