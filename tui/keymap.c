/* keymap.c - YAML key bindings. */
#include "keymap.h"
#include "../core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

extern const unsigned char kx_keymap_default[]; /* generated from keymaps/default.yaml */

struct binding {
        char section[32];
        int key;
        enum request request;
};

struct keymap {
        struct binding *bindings;
        int cnt;
};

static const struct {
        const char *name;
        int code;
} named_keys[] = {
        {"Up", KEY_UP}, {"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
        {"PgUp", KEY_PPAGE}, {"PgDown", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
        {"Enter", '\n'}, {"Esc", 27}, {"Tab", '\t'}, {"Space", ' '},
        {"Backspace", KEY_BACKSPACE},
};

int keymap_key_code(const char *name)
{
        size_t len = strlen(name);

        for (size_t i = 0; i < sizeof(named_keys) / sizeof(named_keys[0]); i++)
                if (!strcmp(name, named_keys[i].name))
                        return named_keys[i].code;
        if (len == 1 && (unsigned char)name[0] > ' ' && (unsigned char)name[0] < 127)
                return name[0];
        if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
                return name[2] - 'a' + 1;
        if (name[0] == 'F' && len <= 3) {
                int n = atoi(name + 1);

                if (n >= 1 && n <= 12)
                        return KEY_F(n);
        }
        return -1;
}

char *keymap_key_name(int code, char *buf, size_t size)
{
        for (size_t i = 0; i < sizeof(named_keys) / sizeof(named_keys[0]); i++) {
                if (named_keys[i].code == code) {
                        snprintf(buf, size, "%s", named_keys[i].name);
                        return buf;
                }
        }
        if (code >= 1 && code <= 26)
                snprintf(buf, size, "C-%c", 'a' + code - 1);
        else if (code >= KEY_F(1) && code <= KEY_F(12))
                snprintf(buf, size, "F%d", code - KEY_F(0));
        else if (code > ' ' && code < 127)
                snprintf(buf, size, "%c", code);
        else
                snprintf(buf, size, "#%d", code);
        return buf;
}

static void bind(struct keymap *km, const char *section, int key, enum request req)
{
        for (int i = 0; i < km->cnt; i++) {
                if (km->bindings[i].key == key && !strcmp(km->bindings[i].section, section)) {
                        km->bindings[i].request = req;
                        return;
                }
        }
        km->bindings = kx_xrealloc(km->bindings, (size_t)(km->cnt + 1) * sizeof(*km->bindings));
        snprintf(km->bindings[km->cnt].section, sizeof(km->bindings[0].section), "%s", section);
        km->bindings[km->cnt].key = key;
        km->bindings[km->cnt].request = req;
        km->cnt++;
}

static const char *const sections[] = {"generic", "overview", "brokers", "topics",
                                       "groups",  "log",      "runbook",
                                       "jobs",    "budgets",  "governance",
                                       "quotas",  "schemas",  "mm2"};

static bool known_section(const char *name)
{
        for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
                if (!strcmp(name, sections[i]))
                        return true;
        return false;
}

static int fail(struct kx_err *err, const char *origin, const yaml_node_t *n, const char *what,
                const char *detail)
{
        return kx_err_set(err, KX_ERR_CONFIG, "%s:%zu: %s \"%s\"", origin,
                          n ? n->start_mark.line + 1 : 0, what, detail);
}

/* Validate everything into a scratch list first, so a bad file changes nothing. */
static int parse_doc(yaml_document_t *doc, struct keymap *scratch, const char *origin,
                     struct kx_err *err)
{
        yaml_node_t *root = yaml_document_get_root_node(doc);
        yaml_node_pair_t *sp, *kp;

        if (!root)
                return 0;
        if (root->type != YAML_MAPPING_NODE)
                return fail(err, origin, root, "top level must map sections to bindings", "");
        for (sp = root->data.mapping.pairs.start; sp < root->data.mapping.pairs.top; sp++) {
                yaml_node_t *sk = yaml_document_get_node(doc, sp->key);
                yaml_node_t *sv = yaml_document_get_node(doc, sp->value);
                const char *section = sk->type == YAML_SCALAR_NODE ? (char *)sk->data.scalar.value : "";

                if (!known_section(section))
                        return fail(err, origin, sk, "unknown section", section);
                if (sv->type != YAML_MAPPING_NODE)
                        return fail(err, origin, sv, "section must map keys to requests:", section);
                for (kp = sv->data.mapping.pairs.start; kp < sv->data.mapping.pairs.top; kp++) {
                        yaml_node_t *kk = yaml_document_get_node(doc, kp->key);
                        yaml_node_t *kv = yaml_document_get_node(doc, kp->value);
                        const char *key, *name;
                        const struct request_info *info;
                        int code;

                        if (kk->type != YAML_SCALAR_NODE || kv->type != YAML_SCALAR_NODE)
                                return fail(err, origin, kk, "binding must be KEY: request in", section);
                        key = (char *)kk->data.scalar.value;
                        name = (char *)kv->data.scalar.value;
                        code = keymap_key_code(key);
                        if (code < 0)
                                return fail(err, origin, kk, "unknown key", key);
                        info = tui_request_by_name(name);
                        if (!info)
                                return fail(err, origin, kv, "unknown request", name);
                        bind(scratch, section, code, info->request);
                }
        }
        return 0;
}

int keymap_parse(struct keymap *km, const char *text, size_t len, const char *origin,
                 struct kx_err *err)
{
        struct keymap scratch = {0};
        yaml_parser_t parser;
        yaml_document_t doc;
        int rc;

        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &doc)) {
                rc = kx_err_set(err, KX_ERR_CONFIG, "%s:%zu: %s", origin,
                                parser.problem_mark.line + 1,
                                parser.problem ? parser.problem : "invalid YAML");
                yaml_parser_delete(&parser);
                return rc;
        }
        rc = parse_doc(&doc, &scratch, origin, err);
        for (int i = 0; !rc && i < scratch.cnt; i++)
                bind(km, scratch.bindings[i].section, scratch.bindings[i].key,
                     scratch.bindings[i].request);
        free(scratch.bindings);
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        return rc;
}

static char *read_file(const char *path, size_t *len)
{
        FILE *fp = fopen(path, "rb");
        char *buf = NULL;
        long size;

        if (!fp)
                return NULL;
        if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
                buf = kx_xmalloc((size_t)size + 1);
                *len = fread(buf, 1, (size_t)size, fp);
                buf[*len] = '\0';
        }
        fclose(fp);
        return buf;
}

struct keymap *keymap_load(const char *user_path, struct kx_err *err)
{
        struct keymap *km = kx_xcalloc(1, sizeof(*km));
        const char *text = (const char *)kx_keymap_default;
        char path[4096];
        size_t len;
        char *user;

        if (keymap_parse(km, text, strlen(text), "keymaps/default.yaml (built in)", err))
                goto fail;
        if (!user_path) {
                const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

                if (xdg && *xdg)
                        snprintf(path, sizeof(path), "%s/klaxon/keymap.yaml", xdg);
                else if (home && *home)
                        snprintf(path, sizeof(path), "%s/.config/klaxon/keymap.yaml", home);
                else
                        return km;
                user_path = path;
        }
        user = read_file(user_path, &len);
        if (user) {
                int rc = keymap_parse(km, user, len, user_path, err);

                free(user);
                if (rc)
                        goto fail;
        }
        return km;
fail:
        keymap_free(km);
        return NULL;
}

void keymap_free(struct keymap *km)
{
        if (!km)
                return;
        free(km->bindings);
        free(km);
}

enum request keymap_lookup(const struct keymap *km, const char *view, int key)
{
        enum request generic = REQ_NONE;

        for (int i = 0; i < km->cnt; i++) {
                if (km->bindings[i].key != key)
                        continue;
                if (view && !strcmp(km->bindings[i].section, view))
                        return km->bindings[i].request;
                if (!strcmp(km->bindings[i].section, "generic"))
                        generic = km->bindings[i].request;
        }
        return generic;
}

char *keymap_keys_for(const struct keymap *km, const char *view, enum request req, char *buf,
                      size_t size)
{
        size_t used = 0;

        buf[0] = '\0';
        for (int i = 0; i < km->cnt; i++) {
                char name[16];
                const struct binding *b = &km->bindings[i];

                if (b->request != req || (strcmp(b->section, "generic") && (!view || strcmp(b->section, view))))
                        continue;
                /* Shadowed by the view's own binding for that key? */
                if (!strcmp(b->section, "generic") && keymap_lookup(km, view, b->key) != req)
                        continue;
                used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
                                         used ? "," : "", keymap_key_name(b->key, name, sizeof(name)));
                if (used >= size)
                        break;
        }
        return buf;
}
