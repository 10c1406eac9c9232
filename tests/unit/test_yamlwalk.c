/* test_yamlwalk.c - the shared YAML walker (core/yamlwalk.c) and file reader
 * (core/readfile.c): paths, lines and messages of what config files get wrong. */
#include "../lib/testlib.h"
#include "../../core/readfile.h"
#include "../../core/timeparse.h"
#include "../../core/yamlwalk.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct kx_yaml y;
static struct kx_err err;

static yaml_node_t *load(const char *text)
{
        kx_yaml_done(&y);
        ck_assert_msg(kx_yaml_load(&y, text, strlen(text), "t.yaml", &err) == 0, "%s", err.msg);
        return kx_yaml_root(&y);
}

static void teardown(void)
{
        kx_yaml_done(&y);
}

#define ck_err(want) ck_assert_msg(!strcmp(err.msg, want), "got \"%s\", want \"%s\"", err.msg, want)

START_TEST(test_empty_and_broken_documents)
{
        ck_assert_int_eq(kx_yaml_parse(&y, "", 0, "t.yaml", &err), 0);
        ck_assert_ptr_null(kx_yaml_root(&y)); /* empty is fine for parse ... */
        kx_yaml_done(&y);
        ck_assert_int_eq(kx_yaml_load(&y, "", 0, "t.yaml", &err), KX_ERR_CONFIG); /* ... not load */
        ck_err("t.yaml:1: empty document");
        kx_yaml_done(&y);
        ck_assert_int_eq(kx_yaml_load(&y, "a: 1\n b: [\n", 11, "t.yaml", &err), KX_ERR_CONFIG);
        ck_assert_msg(!strncmp(err.msg, "t.yaml:2: ", 10), "%s", err.msg);
}
END_TEST

struct seen {
        char fields[4][64];
        int idx[4], n, stop_at;
};

static int visit(struct kx_yaml *yy, int idx, yaml_node_t *val, const char *field, void *ctx)
{
        struct seen *s = ctx;

        (void)yy;
        ck_assert_ptr_nonnull(val);
        snprintf(s->fields[s->n], sizeof(s->fields[s->n]), "%s", field);
        s->idx[s->n++] = idx;
        return s->n == s->stop_at ? 42 : 0;
}

START_TEST(test_each_pair_paths_order_and_unknown_keys)
{
        static const char *const keys[] = {"a", "b", "c", NULL};
        yaml_node_t *root = load("top:\n  c: 1\n  a: 2\n");
        struct seen s = {.stop_at = -1};

        ck_assert_int_eq(kx_yaml_each_pair(&y, kx_yaml_get(&y, root, "top"), "top", keys, visit, &s), 0);
        ck_assert_int_eq(s.n, 2); /* document order, index into keys */
        ck_assert_str_eq(s.fields[0], "top.c");
        ck_assert_int_eq(s.idx[0], 2);
        ck_assert_str_eq(s.fields[1], "top.a");
        ck_assert_int_eq(s.idx[1], 0);

        s = (struct seen){.stop_at = 1}; /* the callback's error stops the walk */
        ck_assert_int_eq(kx_yaml_each_pair(&y, kx_yaml_get(&y, root, "top"), "top", keys, visit, &s), 42);
        ck_assert_int_eq(s.n, 1);

        root = load("a: 1\nd: 2\n");
        ck_assert_int_eq(kx_yaml_only_keys(&y, root, "", keys), KX_ERR_CONFIG);
        ck_err("t.yaml:2: field \"d\": unknown field");

        root = load("- 1\n");
        ck_assert_int_eq(kx_yaml_only_keys(&y, root, "", keys), KX_ERR_CONFIG);
        ck_err("t.yaml:1: field \"(top)\": must be a mapping");
}
END_TEST

START_TEST(test_each_item_paths_and_non_lists)
{
        yaml_node_t *root = load("xs:\n  - 1\n  - {a: 2}\nname: x\n");
        struct seen s = {.stop_at = -1};

        ck_assert_int_eq(kx_yaml_items(kx_yaml_get(&y, root, "xs")), 2);
        ck_assert_int_eq(kx_yaml_items(kx_yaml_get(&y, root, "name")), 0);
        ck_assert_int_eq(kx_yaml_each_item(&y, kx_yaml_get(&y, root, "xs"), "xs", visit, &s), 0);
        ck_assert_int_eq(s.n, 2);
        ck_assert_str_eq(s.fields[1], "xs[1]");
        ck_assert_int_eq(s.idx[1], 1);
        ck_assert_int_eq(kx_yaml_each_item(&y, kx_yaml_get(&y, root, "name"), "name", visit, &s),
                         KX_ERR_CONFIG);
        ck_err("t.yaml:4: field \"name\": must be a list");
}
END_TEST

START_TEST(test_node_readers)
{
        yaml_node_t *root = load("d: 5m\nbad: soon\nlist: [1]\nx: 2.5\nhuge: 1e400\nempty: ''\n");
        int64_t ms = -1;
        double v = -1;

        ck_assert_int_eq(kx_yaml_node_parsed(&y, kx_yaml_get(&y, root, "d"), "p", "d", kx_parse_duration,
                                             "must be a duration", &ms), 0);
        ck_assert_int_eq(ms, 300000);
        ck_assert_int_eq(kx_yaml_node_parsed(&y, kx_yaml_get(&y, root, "bad"), "p", "bad",
                                             kx_parse_duration, "must be a duration", &ms),
                         KX_ERR_CONFIG);
        ck_err("t.yaml:2: field \"p.bad\": must be a duration");
        ck_assert_int_eq(ms, 300000); /* untouched on error */
        ck_assert_int_eq(kx_yaml_node_parsed(&y, kx_yaml_get(&y, root, "list"), "list", "",
                                             kx_parse_duration, "must be a duration", &ms),
                         KX_ERR_CONFIG);
        ck_err("t.yaml:3: field \"list\": must be a duration");

        ck_assert_int_eq(kx_yaml_node_double(&y, kx_yaml_get(&y, root, "x"), "", "x", 0, 10, &v), 0);
        ck_assert(v == 2.5);
        ck_assert_int_eq(kx_yaml_node_double(&y, kx_yaml_get(&y, root, "x"), "", "x", 0, 1, &v),
                         KX_ERR_CONFIG);
        ck_err("t.yaml:4: field \"x\": must be a number from 0 to 1");
        ck_assert_int_eq(kx_yaml_node_double(&y, kx_yaml_get(&y, root, "huge"), "", "huge", 0, 1, &v),
                         KX_ERR_CONFIG);
        ck_assert_int_eq(kx_yaml_node_double(&y, kx_yaml_get(&y, root, "empty"), "", "empty", 0, 1, &v),
                         KX_ERR_CONFIG);
        ck_assert_int_eq(kx_yaml_node_double(&y, kx_yaml_get(&y, root, "list"), "", "list", 0, 1, &v),
                         KX_ERR_CONFIG);
        ck_err("t.yaml:3: field \"list\": must be a number from 0 to 1");
        ck_assert(v == 2.5);
}
END_TEST

START_TEST(test_typed_getters)
{
        yaml_node_t *root = load("q:\n  n: 7\n  big: 9\n  on: yes\n  ttl: 7d\n  size: 1MB\n  l: [a]\n  t: hi\n");
        yaml_node_t *q = kx_yaml_get(&y, root, "q");
        int64_t n = 0, ttl = 0, size = 0, absent = 123;
        bool on = false;
        char *t = NULL;

        ck_assert_int_eq(kx_yaml_int(&y, q, "q", "n", 0, 10, &n), 0);
        ck_assert_int_eq(n, 7);
        ck_assert_int_eq(kx_yaml_int(&y, q, "q", "missing", 0, 10, &absent), 0);
        ck_assert_int_eq(absent, 123);
        ck_assert_int_eq(kx_yaml_int(&y, q, "q", "big", 0, 8, &n), KX_ERR_CONFIG);
        ck_err("t.yaml:3: field \"q.big\": must be a whole number from 0 to 8");
        ck_assert_int_eq(kx_yaml_bool(&y, q, "q", "on", &on), 0);
        ck_assert(on);
        ck_assert_int_eq(kx_yaml_duration(&y, q, "q", "ttl", &ttl), 0);
        ck_assert_int_eq(ttl, 7 * 86400000LL);
        ck_assert_int_eq(kx_yaml_bytes(&y, q, "q", "size", &size), 0);
        ck_assert_int_eq(size, 1 << 20);
        ck_assert_int_eq(kx_yaml_bytes(&y, q, "q", "t", &size), KX_ERR_CONFIG);
        ck_err("t.yaml:8: field \"q.t\": must be a size (1MB, 450GB, 1TB)");
        ck_assert_int_eq(kx_yaml_duration(&y, q, "q", "l", &ttl), KX_ERR_CONFIG);
        ck_err("t.yaml:7: field \"q.l\": must be a single value");
        ck_assert_int_eq(kx_yaml_text(&y, q, "q", "t", &t), 0);
        ck_assert_str_eq(t, "hi");
        free(t);
}
END_TEST

START_TEST(test_read_file)
{
        char path[256];
        size_t len = 0;
        char *text;

        kx_test_temp_file("a: 1\nb: 2\n", path, sizeof(path));
        text = kx_read_file(path, &len);
        ck_assert_ptr_nonnull(text);
        ck_assert_int_eq(len, 10);
        ck_assert_str_eq(text, "a: 1\nb: 2\n"); /* NUL-terminated */
        free(text);
        unlink(path);
        errno = 0;
        ck_assert_ptr_null(kx_read_file("/nonexistent/x.yaml", &len));
        ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("yamlwalk");
        TCase *tc = tcase_create("walk");

        tcase_add_checked_fixture(tc, NULL, teardown);
        tcase_add_test(tc, test_empty_and_broken_documents);
        tcase_add_test(tc, test_each_pair_paths_order_and_unknown_keys);
        tcase_add_test(tc, test_each_item_paths_and_non_lists);
        tcase_add_test(tc, test_node_readers);
        tcase_add_test(tc, test_typed_getters);
        tcase_add_test(tc, test_read_file);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
