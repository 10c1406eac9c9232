/* playbook.c - load and validate playbooks from YAML. */
#include "playbook.h"
#include "readfile.h"
#include "xalloc.h"
#include "yamlwalk.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct builtin_playbook {
        const char *name;
        const unsigned char *text;
};
extern const struct builtin_playbook kx_builtin_playbooks[]; /* generated from playbooks/ */

static const char *const known_actions[] = {
        "group-reset", "group-skip-range", "group-pause", "group-resume", "topic-retention",
        "connector-restart", "replay", "schema-rollback", "elect-leaders", "unclean-election", "mm2-restart",
        "mm2-translate-offsets",
};

bool kx_playbook_action_known(const char *name)
{
        for (size_t i = 0; i < sizeof(known_actions) / sizeof(known_actions[0]); i++)
                if (!strcmp(name, known_actions[i]))
                        return true;
        return false;
}

static void playbook_free(struct kx_playbook *pb)
{
        free(pb->id);
        free(pb->title);
        free(pb->symptom);
        free(pb->impact);
        free(pb->recovery_target);
        free(pb->source);
        free(pb->triggers);
        for (int i = 0; i < pb->step_cnt; i++) {
                free(pb->steps[i].title);
                free(pb->steps[i].guide);
                free(pb->steps[i].action);
                free(pb->steps[i].action_arg);
                free(pb->steps[i].expect);
        }
        free(pb->steps);
        for (int i = 0; i < pb->escalation_cnt; i++)
                free(pb->escalations[i].then);
        free(pb->escalations);
        memset(pb, 0, sizeof(*pb));
}

void kx_playbooks_free(struct kx_playbook_set *set)
{
        for (int i = 0; i < set->cnt; i++)
                playbook_free(&set->items[i]);
        free(set->items);
        for (int i = 0; i < set->error_cnt; i++)
                free(set->errors[i]);
        free(set->errors);
        memset(set, 0, sizeof(*set));
}

/* ---- YAML ---- */

/* Text field key of map into *out (NULL stays when absent and optional). */
static int text_field(struct kx_yaml *y, yaml_node_t *map, const char *key, const char *where,
                      bool required, char **out)
{
        yaml_node_t *n = kx_yaml_get(y, map, key);

        if (!n)
                return required ? kx_yaml_fail(y, map, where, key, "missing") : 0;
        if (!kx_yaml_scalar(n))
                return kx_yaml_fail(y, n, where, key, "must be text");
        return kx_yaml_text(y, map, where, key, out);
}

/* strtoll's reading of a check's max: any whole number, "" being 0. */
static int whole_number(const char *text, int64_t *out, struct kx_err *err)
{
        char *end;
        long long v = strtoll(text, &end, 10);

        (void)err;
        if (*end)
                return KX_ERR_CONFIG;
        *out = v;
        return 0;
}

/* A check: either "name" or {check: name, max: N}. */
static int parse_check(struct kx_yaml *y, yaml_node_t *n, const char *where, struct kx_check *out)
{
        static const char *const keys[] = {"check", "max", NULL};
        yaml_node_t *name_node = n;
        const char *name;
        int id, rc;

        memset(out, 0, sizeof(*out));
        if (n->type == YAML_MAPPING_NODE) {
                yaml_node_t *max = kx_yaml_get(y, n, "max");

                if ((rc = kx_yaml_only_keys(y, n, where, keys)))
                        return rc;
                name_node = kx_yaml_get(y, n, "check");
                if (max && (rc = kx_yaml_node_parsed(y, max, where, "", whole_number,
                                                     "max must be a whole number", &out->max)))
                        return rc;
        }
        name = kx_yaml_scalar(name_node);
        if (!name)
                return kx_yaml_fail(y, name_node ? name_node : n, where, "", "a check needs a name");
        id = kx_check_by_name(name);
        if (id < 0) {
                char what[200];

                snprintf(what, sizeof(what), "unknown check \"%s\"", name);
                return kx_yaml_fail(y, name_node, where, "", what);
        }
        out->id = (enum kx_check_id)id;
        if ((out->id == KX_CHECK_LAG_BELOW || out->id == KX_CHECK_MM2) && out->max <= 0)
                return kx_yaml_fail(y, n, where, "", "this check needs max > 0");
        return 0;
}

/* The node at key of root into *seq (NULL when absent); absent and required
 * fails with "missing". The walk reports a non-list. */
static int list(struct kx_yaml *y, yaml_node_t *root, const char *key, bool required,
                yaml_node_t **seq)
{
        *seq = kx_yaml_get(y, root, key);
        if (!*seq && required)
                return kx_yaml_fail(y, root, "", key, "missing");
        return 0;
}

static int trigger_item(struct kx_yaml *y, int i, yaml_node_t *n, const char *where, void *ctx)
{
        struct kx_playbook *pb = ctx;
        int rc = parse_check(y, n, where, &pb->triggers[i]);

        if (!rc)
                pb->trigger_cnt++;
        return rc;
}

static int step_item(struct kx_yaml *y, int i, yaml_node_t *n, const char *field, void *ctx)
{
        static const char *const keys[] = {"title", "guide", "check", "action", "arg", "expect", NULL};
        struct kx_playbook *pb = ctx;
        struct kx_pb_step *st = &pb->steps[i];
        yaml_node_t *check;
        char where[300];
        int rc;

        pb->step_cnt++;
        if (n->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, n, field, "", "a step must be a mapping");
        if ((rc = kx_yaml_only_keys(y, n, field, keys)) ||
            (rc = text_field(y, n, "title", field, true, &st->title)) ||
            (rc = text_field(y, n, "guide", field, false, &st->guide)) ||
            (rc = text_field(y, n, "action", field, false, &st->action)) ||
            (rc = text_field(y, n, "arg", field, false, &st->action_arg)) ||
            (rc = text_field(y, n, "expect", field, false, &st->expect)))
                return rc;
        if (st->action && !kx_playbook_action_known(st->action)) {
                char what[200];

                snprintf(what, sizeof(what), "unknown action \"%s\"", st->action);
                return kx_yaml_fail(y, kx_yaml_get(y, n, "action"), field, "", what);
        }
        check = kx_yaml_get(y, n, "check");
        if (check) {
                snprintf(where, sizeof(where), "%s.check", field);
                if ((rc = parse_check(y, check, where, &st->check)))
                        return rc;
                st->has_check = true;
        }
        return 0;
}

static int escalation_item(struct kx_yaml *y, int i, yaml_node_t *e, const char *where, void *ctx)
{
        static const char *const keys[] = {"when", "then", NULL};
        struct kx_playbook *pb = ctx;
        yaml_node_t *when = kx_yaml_get(y, e, "when");
        int rc;

        pb->escalation_cnt++;
        if (e->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, e, where, "", "must be a mapping with when and then");
        if ((rc = kx_yaml_only_keys(y, e, where, keys)) ||
            (rc = text_field(y, e, "then", where, true, &pb->escalations[i].then)))
                return rc;
        if (!when)
                return kx_yaml_fail(y, e, where, "", "missing \"when\"");
        return parse_check(y, when, where, &pb->escalations[i].when);
}

static int parse_playbook(struct kx_yaml *y, yaml_node_t *root, struct kx_playbook *pb)
{
        static const char *const keys[] = {"id", "title", "symptom", "impact", "recovery_target",
                                           "triggers", "steps", "escalation", NULL};
        yaml_node_t *seq;
        int rc;

        if (root->type != YAML_MAPPING_NODE)
                return kx_yaml_fail(y, root, "", "", "a playbook must be a mapping");
        if ((rc = kx_yaml_only_keys(y, root, "", keys)) ||
            (rc = text_field(y, root, "id", "", true, &pb->id)) ||
            (rc = text_field(y, root, "title", "", true, &pb->title)) ||
            (rc = text_field(y, root, "symptom", "", true, &pb->symptom)) ||
            (rc = text_field(y, root, "impact", "", false, &pb->impact)) ||
            (rc = text_field(y, root, "recovery_target", "", false, &pb->recovery_target)))
                return rc;
        if ((rc = list(y, root, "triggers", true, &seq)))
                return rc;
        pb->triggers = kx_xcalloc((size_t)kx_yaml_items(seq) + 1, sizeof(*pb->triggers));
        if ((rc = kx_yaml_each_item(y, seq, "triggers", trigger_item, pb)) ||
            (rc = list(y, root, "steps", true, &seq)))
                return rc;
        pb->steps = kx_xcalloc((size_t)kx_yaml_items(seq) + 1, sizeof(*pb->steps));
        if ((rc = kx_yaml_each_item(y, seq, "steps", step_item, pb)) ||
            (rc = list(y, root, "escalation", false, &seq)) || !seq)
                return rc;
        pb->escalations = kx_xcalloc((size_t)kx_yaml_items(seq) + 1, sizeof(*pb->escalations));
        return kx_yaml_each_item(y, seq, "escalation", escalation_item, pb);
}

int kx_playbook_parse(struct kx_playbook_set *set, const char *text, size_t len,
                      const char *origin, struct kx_err *err)
{
        struct kx_playbook pb = {0};
        struct kx_yaml y;
        int rc;

        rc = kx_yaml_load(&y, text, len, origin, err);
        if (!rc)
                rc = parse_playbook(&y, kx_yaml_root(&y), &pb);
        kx_yaml_done(&y);
        if (rc) {
                playbook_free(&pb);
                return rc;
        }
        pb.source = kx_xstrdup(origin);
        for (int i = 0; i < set->cnt; i++) {
                if (!strcmp(set->items[i].id, pb.id)) { /* a team's file replaces ours */
                        playbook_free(&set->items[i]);
                        set->items[i] = pb;
                        return 0;
                }
        }
        set->items = kx_xrealloc(set->items, (size_t)(set->cnt + 1) * sizeof(*set->items));
        set->items[set->cnt++] = pb;
        return 0;
}

static void add_error(struct kx_playbook_set *set, const char *msg)
{
        set->errors = kx_xrealloc(set->errors, (size_t)(set->error_cnt + 1) * sizeof(char *));
        set->errors[set->error_cnt++] = kx_xstrdup(msg);
}

static int name_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dir(struct kx_playbook_set *set, const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *de;
        char **names = NULL;
        int cnt = 0;

        if (!d)
                return;
        while ((de = readdir(d))) {
                size_t len = strlen(de->d_name);

                if (len > 5 && !strcmp(de->d_name + len - 5, ".yaml")) {
                        names = kx_xrealloc(names, (size_t)(cnt + 1) * sizeof(char *));
                        names[cnt++] = kx_xstrdup(de->d_name);
                }
        }
        closedir(d);
        if (cnt)
                qsort(names, (size_t)cnt, sizeof(char *), name_cmp);
        for (int i = 0; i < cnt; i++) {
                char path[8192], *buf;
                struct kx_err err;
                size_t size;

                snprintf(path, sizeof(path), "%.4000s/%.1000s", dir, names[i]);
                buf = kx_read_file(path, &size);
                if (buf) {
                        if (kx_playbook_parse(set, buf, size, path, &err))
                                add_error(set, err.msg);
                        free(buf);
                }
                free(names[i]);
        }
        free(names);
}

void kx_playbooks_load(const char *user_dir, struct kx_playbook_set *set)
{
        char dir[4096];

        memset(set, 0, sizeof(*set));
        for (const struct builtin_playbook *b = kx_builtin_playbooks; b->name; b++) {
                struct kx_err err;
                char origin[256];

                snprintf(origin, sizeof(origin), "%s (built in)", b->name);
                if (kx_playbook_parse(set, (const char *)b->text, strlen((const char *)b->text), origin, &err))
                        add_error(set, err.msg);
        }
        if (!user_dir) {
                const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

                if (xdg && *xdg)
                        snprintf(dir, sizeof(dir), "%s/klaxon/playbooks", xdg);
                else if (home && *home)
                        snprintf(dir, sizeof(dir), "%s/.config/klaxon/playbooks", home);
                else
                        return;
                user_dir = dir;
        }
        load_dir(set, user_dir);
}

const struct kx_playbook *kx_playbook_find(const struct kx_playbook_set *set, const char *id)
{
        for (int i = 0; i < set->cnt; i++)
                if (!strcmp(set->items[i].id, id))
                        return &set->items[i];
        return NULL;
}

const struct kx_playbook *kx_playbook_triggered(const struct kx_playbook_set *set,
                                                const struct kx_snapshot *snap,
                                                struct kx_incident_ctx *ctx, char *detail,
                                                size_t size)
{
        for (int i = 0; i < set->cnt; i++) {
                for (int t = 0; t < set->items[i].trigger_cnt; t++) {
                        memset(ctx, 0, sizeof(*ctx));
                        ctx->broker = -1;
                        if (kx_check_eval(&set->items[i].triggers[t], snap, ctx, true, detail, size) ==
                            KX_CHECK_FAIL)
                                return &set->items[i];
                }
        }
        return NULL;
}
