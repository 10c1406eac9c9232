/* playbook.c - load and validate playbooks from YAML. */
#include "playbook.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct builtin_playbook {
        const char *name;
        const unsigned char *text;
};
extern const struct builtin_playbook kx_builtin_playbooks[]; /* generated from playbooks/ */

static const char *const known_actions[] = {
        "group-reset", "group-skip-range", "group-pause", "group-resume", "topic-retention",
        "connector-restart", "replay", "schema-rollback", "elect-leaders", "mm2-restart",
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

struct pb_parse {
        yaml_document_t doc;
        const char *origin;
        struct kx_err *err;
};

static int fail(struct pb_parse *p, const yaml_node_t *n, const char *field, const char *what)
{
        return kx_err_set(p->err, KX_ERR_CONFIG, "%s:%zu: field \"%s\": %s", p->origin,
                          n ? n->start_mark.line + 1 : 0, field, what);
}

static const char *scalar(const yaml_node_t *n)
{
        return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *get(struct pb_parse *p, yaml_node_t *map, const char *key)
{
        if (!map || map->type != YAML_MAPPING_NODE)
                return NULL;
        for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
                const char *k = scalar(yaml_document_get_node(&p->doc, kv->key));

                if (k && !strcmp(k, key))
                        return yaml_document_get_node(&p->doc, kv->value);
        }
        return NULL;
}

/* Reject keys not in allowed (a typo must not silently disable a check). */
static int only_keys(struct pb_parse *p, yaml_node_t *map, const char *where,
                     const char *const *allowed)
{
        for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
                yaml_node_t *kn = yaml_document_get_node(&p->doc, kv->key);
                const char *k = scalar(kn);
                bool ok = false;
                char field[300];

                for (int i = 0; k && allowed[i]; i++)
                        ok |= !strcmp(k, allowed[i]);
                if (!ok) {
                        snprintf(field, sizeof(field), "%s%s%s", where, where[0] ? "." : "", k ? k : "?");
                        return fail(p, kn, field, "unknown field");
                }
        }
        return 0;
}

static int text_field(struct pb_parse *p, yaml_node_t *map, const char *key, const char *where,
                      bool required, char **out)
{
        yaml_node_t *n = get(p, map, key);
        char field[300];

        snprintf(field, sizeof(field), "%s%s%s", where, where[0] ? "." : "", key);
        if (!n) {
                if (required)
                        return fail(p, map, field, "missing");
                return 0;
        }
        if (!scalar(n))
                return fail(p, n, field, "must be text");
        *out = kx_xstrdup(scalar(n));
        return 0;
}

/* A check: either "name" or {check: name, max: N}. */
static int parse_check(struct pb_parse *p, yaml_node_t *n, const char *where, struct kx_check *out)
{
        static const char *const keys[] = {"check", "max", NULL};
        yaml_node_t *name_node = n;
        const char *name;
        int id;

        memset(out, 0, sizeof(*out));
        if (n->type == YAML_MAPPING_NODE) {
                yaml_node_t *max = get(p, n, "max");

                if (only_keys(p, n, where, keys))
                        return KX_ERR_CONFIG;
                name_node = get(p, n, "check");
                if (max) {
                        char *end;

                        out->max = scalar(max) ? strtoll(scalar(max), &end, 10) : 0;
                        if (!scalar(max) || *end)
                                return fail(p, max, where, "max must be a whole number");
                }
        }
        name = scalar(name_node);
        if (!name)
                return fail(p, name_node ? name_node : n, where, "a check needs a name");
        id = kx_check_by_name(name);
        if (id < 0) {
                char what[200];

                snprintf(what, sizeof(what), "unknown check \"%s\"", name);
                return fail(p, name_node, where, what);
        }
        out->id = (enum kx_check_id)id;
        if ((out->id == KX_CHECK_LAG_BELOW || out->id == KX_CHECK_MM2) && out->max <= 0)
                return fail(p, n, where, "this check needs max > 0");
        return 0;
}

static yaml_node_t *sequence(struct pb_parse *p, yaml_node_t *root, const char *key, bool required,
                             int *rc)
{
        yaml_node_t *n = get(p, root, key);

        *rc = 0;
        if (!n) {
                if (required)
                        *rc = fail(p, root, key, "missing");
                return NULL;
        }
        if (n->type != YAML_SEQUENCE_NODE) {
                *rc = fail(p, n, key, "must be a list");
                return NULL;
        }
        return n;
}

static int parse_step(struct pb_parse *p, yaml_node_t *n, int idx, struct kx_pb_step *st)
{
        static const char *const keys[] = {"title", "guide", "check", "action", "arg", "expect", NULL};
        char where[64];
        yaml_node_t *check;

        snprintf(where, sizeof(where), "steps[%d]", idx);
        if (n->type != YAML_MAPPING_NODE)
                return fail(p, n, where, "a step must be a mapping");
        if (only_keys(p, n, where, keys) || text_field(p, n, "title", where, true, &st->title) ||
            text_field(p, n, "guide", where, false, &st->guide) ||
            text_field(p, n, "action", where, false, &st->action) ||
            text_field(p, n, "arg", where, false, &st->action_arg) ||
            text_field(p, n, "expect", where, false, &st->expect))
                return KX_ERR_CONFIG;
        if (st->action && !kx_playbook_action_known(st->action)) {
                char what[200];

                snprintf(what, sizeof(what), "unknown action \"%s\"", st->action);
                return fail(p, get(p, n, "action"), where, what);
        }
        check = get(p, n, "check");
        if (check) {
                strncat(where, ".check", sizeof(where) - strlen(where) - 1);
                if (parse_check(p, check, where, &st->check))
                        return KX_ERR_CONFIG;
                st->has_check = true;
        }
        return 0;
}

static int parse_playbook(struct pb_parse *p, yaml_node_t *root, struct kx_playbook *pb)
{
        static const char *const keys[] = {"id", "title", "symptom", "impact", "recovery_target",
                                           "triggers", "steps", "escalation", NULL};
        yaml_node_t *seq;
        int rc;

        if (!root || root->type != YAML_MAPPING_NODE)
                return fail(p, root, "(top)", "a playbook must be a mapping");
        if (only_keys(p, root, "", keys) || text_field(p, root, "id", "", true, &pb->id) ||
            text_field(p, root, "title", "", true, &pb->title) ||
            text_field(p, root, "symptom", "", true, &pb->symptom) ||
            text_field(p, root, "impact", "", false, &pb->impact) ||
            text_field(p, root, "recovery_target", "", false, &pb->recovery_target))
                return KX_ERR_CONFIG;
        if ((seq = sequence(p, root, "triggers", true, &rc))) {
                int n = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);

                pb->triggers = kx_xcalloc((size_t)n + 1, sizeof(*pb->triggers));
                for (int i = 0; i < n; i++) {
                        char where[32];

                        snprintf(where, sizeof(where), "triggers[%d]", i);
                        if (parse_check(p, yaml_document_get_node(&p->doc, seq->data.sequence.items.start[i]),
                                        where, &pb->triggers[i]))
                                return KX_ERR_CONFIG;
                        pb->trigger_cnt++;
                }
        }
        if (rc)
                return rc;
        if ((seq = sequence(p, root, "steps", true, &rc))) {
                int n = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);

                pb->steps = kx_xcalloc((size_t)n + 1, sizeof(*pb->steps));
                for (int i = 0; i < n; i++) {
                        pb->step_cnt++;
                        if (parse_step(p, yaml_document_get_node(&p->doc, seq->data.sequence.items.start[i]),
                                       i, &pb->steps[i]))
                                return KX_ERR_CONFIG;
                }
        }
        if (rc)
                return rc;
        if ((seq = sequence(p, root, "escalation", false, &rc))) {
                int n = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);

                pb->escalations = kx_xcalloc((size_t)n + 1, sizeof(*pb->escalations));
                for (int i = 0; i < n; i++) {
                        static const char *const ekeys[] = {"when", "then", NULL};
                        yaml_node_t *e = yaml_document_get_node(&p->doc, seq->data.sequence.items.start[i]);
                        yaml_node_t *when = get(p, e, "when");
                        char where[32];

                        snprintf(where, sizeof(where), "escalation[%d]", i);
                        pb->escalation_cnt++;
                        if (e->type != YAML_MAPPING_NODE)
                                return fail(p, e, where, "must be a mapping with when and then");
                        if (only_keys(p, e, where, ekeys) ||
                            text_field(p, e, "then", where, true, &pb->escalations[i].then))
                                return KX_ERR_CONFIG;
                        if (!when)
                                return fail(p, e, where, "missing \"when\"");
                        if (parse_check(p, when, where, &pb->escalations[i].when))
                                return KX_ERR_CONFIG;
                }
        }
        return rc;
}

int kx_playbook_parse(struct kx_playbook_set *set, const char *text, size_t len,
                      const char *origin, struct kx_err *err)
{
        struct pb_parse p = {.origin = origin, .err = err};
        struct kx_playbook pb = {0};
        yaml_parser_t parser;
        int rc;

        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &p.doc)) {
                rc = kx_err_set(err, KX_ERR_CONFIG, "%s:%zu: %s", origin, parser.problem_mark.line + 1,
                                parser.problem ? parser.problem : "invalid YAML");
                yaml_parser_delete(&parser);
                return rc;
        }
        rc = parse_playbook(&p, yaml_document_get_root_node(&p.doc), &pb);
        yaml_document_delete(&p.doc);
        yaml_parser_delete(&parser);
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
                char path[8192];
                struct kx_err err;
                FILE *fp;

                snprintf(path, sizeof(path), "%.4000s/%.1000s", dir, names[i]);
                fp = fopen(path, "rb");
                if (fp) {
                        char *buf = NULL;
                        size_t size = 0, n;
                        char chunk[4096];

                        while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
                                buf = kx_xrealloc(buf, size + n + 1);
                                memcpy(buf + size, chunk, n);
                                size += n;
                        }
                        fclose(fp);
                        if (kx_playbook_parse(set, buf ? buf : "", size, path, &err))
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
