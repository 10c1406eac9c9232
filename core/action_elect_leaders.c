/* action_elect_leaders.c - preferred or unclean leader election as an
 * action. */
#include "action_elect_leaders.h"
#include "elect.h"
#include "kproto.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define KX_ERR_ELECTION_NOT_NEEDED 84

struct elect_params {
        const struct kx_config *cfg;
        enum kx_election type;
        char *topic;
        json_t *planned;      /* [{topic, partition, leader, preferred}] from plan */
};

static int elect_plan(struct kx_action *a, const struct kx_action_ctx *ctx, struct kx_plan *plan,
                      struct kx_err *err)
{
        struct elect_params *p = a->params;
        struct kx_unbalanced *u;
        struct kx_arena ar;
        char what[400], after[80], buf[600];
        int cnt, stuck = 0, rc;
        size_t n;

        kx_arena_init(&ar);
        rc = kx_elect_unbalanced(ctx->rk, p->topic, ctx->timeout_ms, &ar, &u, &cnt, err);
        if (rc) {
                kx_arena_done(&ar);
                return rc;
        }
        json_decref(p->planned);
        p->planned = json_array();
        for (int i = 0; i < cnt; i++) {
                bool unclean = p->type == KX_ELECT_UNCLEAN;

                if (unclean && u[i].leader >= 0)
                        continue; /* led: not for an unclean election */
                if (unclean ? u[i].live_replica < 0 : !u[i].preferred_in_isr) {
                        stuck++;
                        continue;
                }
                snprintf(what, sizeof(what), "%s/%d leader", u[i].topic, (int)u[i].partition);
                if (unclean)
                        snprintf(after, sizeof(after), "a live out-of-sync replica (e.g. broker %d)",
                                 (int)u[i].live_replica);
                kx_plan_change(plan, what, json_integer(u[i].leader),
                               unclean ? json_string(after) : json_integer(u[i].preferred));
                json_array_append_new(p->planned, json_pack("{s:s, s:i, s:i, s:i}", "topic", u[i].topic, "partition",
                                                            (int)u[i].partition, "leader", (int)u[i].leader,
                                                            "preferred", (int)u[i].preferred));
        }
        n = json_array_size(p->planned);
        if (p->type == KX_ELECT_UNCLEAN)
                snprintf(buf, sizeof(buf), "UNCLEAN election for %zu offline partition(s) of %s%s", n,
                         p->topic ? p->topic : "every topic",
                         n ? ": records the new leaders lack are LOST" : " (none offline)");
        else
                snprintf(buf, sizeof(buf), "elect the preferred leader of %zu partition(s) of %s%s", n,
                         p->topic ? p->topic : "every topic", n ? "" : " (all balanced)");
        if (stuck)
                snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "; %d more cannot move: %s", stuck,
                         p->type == KX_ELECT_UNCLEAN ? "no replica alive" : "preferred replica not in sync");
        plan->summary = kx_xstrdup(buf);
        plan->target = kx_xstrdup(p->topic ? p->topic : "all-topics");
        plan->undo = json_pack("{s:O}", "previous_leaders", p->planned);
        kx_arena_done(&ar);
        return 0;
}

static int elect_execute(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                         json_t **result, struct kx_err *err)
{
        struct elect_params *p = a->params;
        size_t n = json_array_size(p->planned);
        struct kx_elect_topic *topics = kx_xcalloc(n + 1, sizeof(*topics));
        int32_t *parts = kx_xcalloc(n + 1, sizeof(*parts));
        struct kx_elect_result r;
        struct kx_kadmin ka;
        struct kx_arena ar;
        json_t *done = json_array();
        int tcnt = 0, rc = 0;

        (void)plan;
        /* Group the planned partitions by topic (plan lists them in metadata order). */
        for (size_t i = 0; i < n; i++) {
                json_t *e = json_array_get(p->planned, i);
                const char *t = json_string_value(json_object_get(e, "topic"));

                if (!tcnt || strcmp(topics[tcnt - 1].topic, t)) {
                        topics[tcnt].topic = t;
                        topics[tcnt].partitions = &parts[i];
                        tcnt++;
                }
                parts[i] = (int32_t)json_integer_value(json_object_get(e, "partition"));
                topics[tcnt - 1].partition_cnt++;
        }
        kx_arena_init(&ar);
        if (n && !(rc = kx_kadmin_from_config(&ka, p->cfg, ctx->timeout_ms, err))) {
                rc = kx_elect_leaders(&ka, p->type, topics, tcnt, ctx->timeout_ms, &ar, &r, err);
                for (int i = 0; !rc && i < r.part_cnt; i++) {
                        char name[32];

                        json_array_append_new(done, json_pack("{s:s, s:i, s:s}", "topic", r.parts[i].topic, "partition",
                                                              (int)r.parts[i].partition, "result",
                                                              kx_kerr_name(r.parts[i].error, name, sizeof(name))));
                }
                for (int i = 0; !rc && i < r.part_cnt; i++) {
                        char name[32];

                        if (r.parts[i].error && r.parts[i].error != KX_ERR_ELECTION_NOT_NEEDED)
                                rc = kx_err_set(err, KX_ERR_KAFKA, "%s/%d: %s%s%s", r.parts[i].topic,
                                                (int)r.parts[i].partition,
                                                kx_kerr_name(r.parts[i].error, name, sizeof(name)),
                                                r.parts[i].message ? ": " : "",
                                                r.parts[i].message ? r.parts[i].message : "");
                }
                kx_kadmin_done(&ka);
        }
        *result = json_pack("{s:o}", "elected", done);
        kx_arena_done(&ar);
        free(topics);
        free(parts);
        return rc;
}

/* Partitions of the plan still off their preferred leader (unclean: still
 * leaderless), or -1 on error. */
static int still_unbalanced(const struct elect_params *p, const struct kx_action_ctx *ctx, char *first,
                            size_t size, struct kx_err *err)
{
        struct kx_unbalanced *u;
        struct kx_arena ar;
        int cnt, left = 0;
        size_t i;
        json_t *e;

        kx_arena_init(&ar);
        if (kx_elect_unbalanced(ctx->rk, p->topic, ctx->timeout_ms, &ar, &u, &cnt, err)) {
                kx_arena_done(&ar);
                return -1;
        }
        json_array_foreach(p->planned, i, e) {
                const char *t = json_string_value(json_object_get(e, "topic"));
                int part = (int)json_integer_value(json_object_get(e, "partition"));

                for (int j = 0; j < cnt; j++) {
                        if (strcmp(u[j].topic, t) || u[j].partition != part)
                                continue;
                        if (p->type == KX_ELECT_UNCLEAN && u[j].leader >= 0)
                                continue; /* led again: what an unclean election promises */
                        if (!left++)
                                snprintf(first, size, "%s/%d led by %d, preferred %d", t, part,
                                         (int)u[j].leader, (int)u[j].preferred);
                }
        }
        kx_arena_done(&ar);
        return left;
}

static int elect_verify(struct kx_action *a, const struct kx_action_ctx *ctx, const struct kx_plan *plan,
                        struct kx_err *err)
{
        struct elect_params *p = a->params;
        char first[400] = "";
        int left = 0;

        (void)plan;
        /* Brokers learn the new leaders from the controller asynchronously:
         * give their metadata up to about 15 s to converge (a loaded
         * cluster takes seconds). */
        for (int attempt = 0; attempt < 60; attempt++) {
                left = still_unbalanced(p, ctx, first, sizeof(first), err);
                if (left <= 0)
                        break;
                usleep(250 * 1000);
        }
        if (left < 0)
                return err->code;
        if (left)
                return kx_err_set(err, KX_ERR_KAFKA, "verify: %d partition(s) still %s (%s)", left,
                                  p->type == KX_ELECT_UNCLEAN ? "without a leader" : "off their preferred leader",
                                  first);
        return 0;
}

static void elect_free(struct kx_action *a)
{
        struct elect_params *p = a->params;

        free(p->topic);
        json_decref(p->planned);
        free(p);
        free(a);
}

static const struct kx_action_ops elect_ops = {
        .name = "elect-leaders",
        .plan = elect_plan,
        .execute = elect_execute,
        .verify = elect_verify,
        .free = elect_free,
};

static const struct kx_action_ops elect_unclean_ops = {
        .name = "unclean-election",
        .plan = elect_plan,
        .execute = elect_execute,
        .verify = elect_verify,
        .free = elect_free,
};

struct kx_action *kx_action_elect_leaders(const struct kx_config *cfg, const char *topic,
                                          enum kx_election type)
{
        struct kx_action *a = kx_xcalloc(1, sizeof(*a));
        struct elect_params *p = kx_xcalloc(1, sizeof(*p));

        p->cfg = cfg;
        p->type = type;
        p->topic = kx_xstrdup(topic);
        a->ops = type == KX_ELECT_UNCLEAN ? &elect_unclean_ops : &elect_ops;
        a->params = p;
        return a;
}
