/* idle.c - idle and dead topic detection. */
#include "idle.h"
#include "leo_history.h"
#include "xalloc.h"

#include <string.h>

static bool has_commits(const struct kx_snapshot *snap, const char *topic)
{
        for (int g = 0; g < snap->group_cnt; g++)
                for (int i = 0; i < snap->groups[g].partition_cnt; i++)
                        if (!strcmp(snap->groups[g].partitions[i].topic, topic) &&
                            snap->groups[g].partitions[i].committed_offset >= 0)
                                return true;
        return false;
}

int kx_idle_detect(const struct kx_policy *pol, struct kx_store *store, const struct kx_snapshot *snap,
                   int64_t now_ms, struct kx_idle_list *out, struct kx_err *err)
{
        const struct kx_policy_idle *p = &pol->idle;

        memset(out, 0, sizeof(*out));
        for (int i = 0; i < snap->topic_cnt; i++) {
                const struct kx_topic *t = &snap->topics[i];
                const struct kx_policy_team *tm;
                struct kx_idle_topic *x;
                int64_t leo, start, since, produced;
                int rc;

                if (t->internal || !kx_topic_offsets(t, &leo, &start))
                        continue;
                rc = kx_leo_last_change(store, t->name, leo, now_ms - p->no_produce_ms, &since, &produced, err);
                if (rc) {
                        kx_idle_list_free(out);
                        return rc;
                }
                /* produced < 0: the history does not reach back a whole window yet. */
                if (produced < 0 || produced >= p->max_messages)
                        continue;
                out->items = kx_xrealloc(out->items, (size_t)(out->cnt + 1) * sizeof(*x));
                x = &out->items[out->cnt++];
                tm = kx_policy_team_for(pol, t->name);
                x->topic = kx_xstrdup(t->name);
                x->team = kx_xstrdup(tm ? tm->name : NULL);
                x->since_ms = since;
                x->produced = produced;
                x->retained = leo - start;
                x->dead = !has_commits(snap, t->name);
                x->recommend_at_ms = (since ? since : now_ms - p->no_produce_ms) + p->no_produce_ms + p->grace_ms;
                x->stage = now_ms >= x->recommend_at_ms ? KX_IDLE_RECOMMEND : KX_IDLE_NOTIFY;
        }
        return 0;
}

void kx_idle_list_free(struct kx_idle_list *l)
{
        for (int i = 0; i < l->cnt; i++) {
                free(l->items[i].topic);
                free(l->items[i].team);
        }
        free(l->items);
        memset(l, 0, sizeof(*l));
}

const char *kx_idle_stage_label(enum kx_idle_stage s)
{
        return s == KX_IDLE_RECOMMEND ? "archive/delete recommended" : "notify (grace period)";
}

json_t *kx_idle_json(const struct kx_idle_list *l)
{
        json_t *arr = json_array();

        for (int i = 0; i < l->cnt; i++) {
                const struct kx_idle_topic *x = &l->items[i];

                json_array_append_new(arr, json_pack("{s:s, s:s?, s:I, s:I, s:I, s:b, s:s, s:I}", "topic", x->topic,
                                                     "team", x->team, "last_produce_ms", (json_int_t)x->since_ms,
                                                     "produced_in_window", (json_int_t)x->produced, "retained",
                                                     (json_int_t)x->retained, "dead", x->dead, "stage",
                                                     kx_idle_stage_label(x->stage), "recommend_at_ms",
                                                     (json_int_t)x->recommend_at_ms));
        }
        return arr;
}
