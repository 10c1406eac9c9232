/* action_schema_rollback.c - roll a subject back to an earlier version. */
#include "action_schema_rollback.h"
#include "registry.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rollback_params {
        char *url, *subject, *pin;
        int to_version;          /* as asked; 0 = the version before the latest */
        int target;              /* resolved by plan */
        int target_id;
        int latest;
        json_t *doomed;          /* versions above target, newest first */
        char *target_schema, *target_type;
};

static bool known_level(const char *level)
{
        static const char *const levels[] = {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
                                             "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"};

        for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
                if (!strcmp(level, levels[i]))
                        return true;
        return false;
}

static json_t *version_json(const struct kx_schema *s)
{
        return json_pack("{s:i, s:i}", "version", s->version, "id", s->id);
}

/* The deleted versions' schemas, to re-register them (the undo info). */
static int undo_info(struct rollback_params *p, const struct kx_action_ctx *ctx,
                     const char *level, bool level_global, json_t **undo, struct kx_err *err)
{
        json_t *schemas = json_array(), *v;
        size_t i;

        json_array_foreach(p->doomed, i, v) {
                struct kx_schema s;
                int rc = kx_registry_get(p->url, p->subject, (int)json_integer_value(v),
                                         ctx->timeout_ms, &s, err);

                if (rc) {
                        json_decref(schemas);
                        return rc;
                }
                json_array_insert_new(schemas, 0,
                                      json_pack("{s:i, s:i, s:s, s:s}", "version", s.version, "id",
                                                s.id, "type", s.type, "schema", s.schema));
                kx_schema_free(&s);
        }
        *undo = json_pack("{s:s, s:o, s:s, s:b, s:s}", "subject", p->subject, "deleted", schemas,
                          "compatibility_before", level, "compatibility_was_global", level_global,
                          "how", "re-register the deleted schemas oldest first (POST "
                                 "/subjects/SUBJECT/versions), then restore the compatibility level");
        return 0;
}

static int rollback_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                         struct kx_err *err)
{
        struct rollback_params *p = a->params;
        struct kx_schema latest = {0}, target = {0};
        json_t *versions = NULL, *v;
        char level[32], why[120], what[700], list[200] = "";
        bool level_global;
        size_t i, n;
        int rc;

        /* Checked before anything changes: a bad level must not fail the
         * pin after the versions are already deleted. */
        if (p->pin && !known_level(p->pin))
                return kx_err_set(err, KX_ERR_USAGE, "compatibility level \"%s\" is none of NONE, "
                                  "BACKWARD[_TRANSITIVE], FORWARD[_TRANSITIVE], FULL[_TRANSITIVE]",
                                  p->pin);
        rc = kx_registry_versions(p->url, p->subject, false, ctx->timeout_ms, &versions, err);
        if (rc)
                return rc;
        n = json_array_size(versions);
        p->latest = n ? (int)json_integer_value(json_array_get(versions, n - 1)) : 0;
        if (p->to_version) {
                p->target = p->to_version;
                snprintf(why, sizeof(why), "version %d was asked for", p->to_version);
        } else if (n >= 2) {
                p->target = (int)json_integer_value(json_array_get(versions, n - 2));
                snprintf(why, sizeof(why), "it is the version before the latest (%d)", p->latest);
        } else {
                json_decref(versions);
                return kx_err_set(err, KX_ERR_REFUSED, "subject %s has %zu version(s): nothing to "
                                  "roll back to", p->subject, n);
        }
        json_decref(p->doomed);
        p->doomed = json_array();
        json_array_foreach(versions, i, v) {
                if (json_integer_value(v) > p->target)
                        json_array_insert_new(p->doomed, 0, json_integer(json_integer_value(v)));
        }
        json_decref(versions);
        rc = kx_registry_get(p->url, p->subject, p->target, ctx->timeout_ms, &target, err);
        if (!rc)
                rc = kx_registry_get(p->url, p->subject, KX_REGISTRY_LATEST, ctx->timeout_ms, &latest, err);
        if (!rc)
                rc = kx_registry_compat_get(p->url, p->subject, ctx->timeout_ms, level, sizeof(level),
                                            &level_global, err);
        if (!rc)
                rc = undo_info(p, ctx, level, level_global, &plan->undo, err);
        if (rc)
                goto out;
        p->target_id = target.id;
        free(p->target_schema);
        free(p->target_type);
        p->target_schema = kx_xstrdup(target.schema);
        p->target_type = kx_xstrdup(target.type);
        json_array_foreach(p->doomed, i, v) {
                size_t len = strlen(list);

                snprintf(list + len, sizeof(list) - len, "%s%lld", i ? ", " : "",
                         (long long)json_integer_value(v));
        }
        kx_plan_change(plan, "latest version", version_json(&latest), version_json(&target));
        kx_plan_change(plan, "versions soft-deleted", json_pack("[]"), json_deep_copy(p->doomed));
        if (p->pin)
                kx_plan_change(plan, "compatibility", json_string(level), json_string(p->pin));
        snprintf(what, sizeof(what), "roll back %s: latest becomes version %d (schema id %d) "
                 "instead of %d (id %d), because %s; soft-delete version(s) %s%s%s",
                 p->subject, target.version, target.id, latest.version, latest.id, why,
                 list[0] ? list : "none", p->pin ? "; pin compatibility " : "", p->pin ? p->pin : "");
        plan->summary = kx_xstrdup(what);
        plan->target = kx_xstrdup(p->subject);
        plan->destructive = true;
        if (p->target == p->latest)
                plan->blocker = kx_xstrdup("the target version is already the latest");
out:
        kx_schema_free(&latest);
        kx_schema_free(&target);
        return rc;
}

static int rollback_execute(struct kx_action *a, const struct kx_action_ctx *ctx,
                            const struct kx_plan *plan, json_t **result, struct kx_err *err)
{
        struct rollback_params *p = a->params;
        json_t *deleted = json_array(), *v;
        const char *mode = "soft-deleted";
        size_t i;
        int rc = 0, id = 0;

        (void)plan;
        json_array_foreach(p->doomed, i, v) {
                rc = kx_registry_delete_version(p->url, p->subject, (int)json_integer_value(v), false,
                                                ctx->timeout_ms, err);
                if (rc == KX_ERR_NOT_FOUND) {
                        rc = 0; /* already gone: the state we want */
                        continue;
                }
                if (rc == KX_ERR_REFUSED && i == 0) {
                        /* Deletion not allowed here: the target's schema
                         * becomes latest by registering it again. */
                        kx_err_clear(err);
                        mode = "re-registered";
                        rc = kx_registry_register(p->url, p->subject, p->target_schema,
                                                  p->target_type, ctx->timeout_ms, &id, err);
                        break;
                }
                if (rc)
                        break;
                json_array_append(deleted, v);
        }
        /* A failure after some versions went: the result names them, and
         * the plan's undo holds every schema to re-register. */
        if (!rc && p->pin)
                rc = kx_registry_compat_set(p->url, p->subject, p->pin, ctx->timeout_ms, err);
        *result = json_pack("{s:s, s:o, s:b}", "mode", mode, "deleted", deleted, "pinned",
                            !rc && p->pin);
        if (id)
                json_object_set_new(*result, "registered_id", json_integer(id));
        return rc;
}

static int rollback_verify(struct kx_action *a, const struct kx_action_ctx *ctx,
                           const struct kx_plan *plan, struct kx_err *err)
{
        struct rollback_params *p = a->params;
        struct kx_schema latest;
        char level[32];
        int rc;

        (void)plan;
        rc = kx_registry_get(p->url, p->subject, KX_REGISTRY_LATEST, ctx->timeout_ms, &latest, err);
        if (rc)
                return rc;
        kx_schema_free(&latest);
        if (latest.id != p->target_id)
                return kx_err_set(err, KX_ERR_PEER, "%s: latest is version %d (schema id %d), not "
                                  "version %d (id %d)", p->subject, latest.version, latest.id,
                                  p->target, p->target_id);
        if (!p->pin)
                return 0;
        rc = kx_registry_compat_get(p->url, p->subject, ctx->timeout_ms, level, sizeof(level), NULL, err);
        if (!rc && strcmp(level, p->pin))
                rc = kx_err_set(err, KX_ERR_PEER, "%s: compatibility is %s, not %s", p->subject, level,
                                p->pin);
        return rc;
}

static void rollback_free(struct kx_action *a)
{
        struct rollback_params *p = a->params;

        free(p->url);
        free(p->subject);
        free(p->pin);
        free(p->target_schema);
        free(p->target_type);
        json_decref(p->doomed);
        free(p);
        free(a);
}

static const struct kx_action_ops schema_rollback_ops = {
        .name = "schema-rollback",
        .plan = rollback_plan,
        .execute = rollback_execute,
        .verify = rollback_verify,
        .free = rollback_free,
};

struct kx_action *kx_action_schema_rollback(const char *registry_url, const char *subject,
                                            int to_version, const char *pin_compat)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct rollback_params *p = kx_xcalloc(1, sizeof(*p));

        p->url = kx_xstrdup(registry_url);
        p->subject = kx_xstrdup(subject);
        p->pin = pin_compat ? kx_xstrdup(pin_compat) : NULL;
        p->to_version = to_version;
        a->ops = &schema_rollback_ops;
        a->params = p;
        return a;
}
