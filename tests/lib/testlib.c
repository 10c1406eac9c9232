/* testlib.c - shared helpers for klaxon's Check suites. */
#include "testlib.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run_suite(Suite *s, enum fork_status fork)
{
        SRunner *sr = srunner_create(s);
        int failed;

        srunner_set_fork_status(sr, fork);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int kx_test_run(Suite *s)
{
        return run_suite(s, CK_FORK);
}

int kx_test_run_nofork(Suite *s)
{
        return run_suite(s, CK_NOFORK);
}

void kx_test_temp_file(const char *text, char *path, size_t size)
{
        FILE *fp;
        int fd;

        snprintf(path, size, "/tmp/klaxon-test-XXXXXX");
        fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        fp = fdopen(fd, "w");
        ck_assert_ptr_nonnull(fp);
        fputs(text, fp);
        fclose(fp);
}

char *kx_test_sh(int *status, const char *fmt, ...)
{
        char cmd[8192];
        size_t len = 0, cap = 4096;
        char *out = malloc(cap);
        va_list ap;
        FILE *fp;
        int st;

        va_start(ap, fmt);
        vsnprintf(cmd, sizeof(cmd), fmt, ap);
        va_end(ap);
        fp = popen(cmd, "r");
        ck_assert_msg(fp != NULL, "popen failed: %s", cmd);
        for (;;) {
                size_t n;

                if (cap - len < 4096) {
                        cap *= 2;
                        out = realloc(out, cap);
                }
                n = fread(out + len, 1, cap - len - 1, fp);
                if (n == 0)
                        break;
                len += n;
        }
        out[len] = '\0';
        st = pclose(fp);
        if (status)
                *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        return out;
}

const char *kx_test_bootstrap(void)
{
        const char *b = getenv("KLAXON_BOOTSTRAP");

        ck_assert_msg(b && *b, "KLAXON_BOOTSTRAP is not set (run through tests/run-integration)");
        return b;
}

const char *kx_test_klaxon(void)
{
        const char *b = getenv("KLAXON_BIN");

        return b && *b ? b : "./klaxon";
}

const char *kx_test_unique(const char *prefix)
{
        static char buf[256];
        static int n;

        snprintf(buf, sizeof(buf), "%s-%d-%d", prefix, (int)getpid(), n++);
        return buf;
}

json_t *kx_test_snapshot(const char *bootstrap, int *status, const char *extra)
{
        char *out = kx_test_sh(status, "%s snapshot --json -b '%s' %s", kx_test_klaxon(),
                               bootstrap, extra ? extra : "");
        json_error_t jerr;
        json_t *doc = json_loads(out, 0, &jerr);

        if (!doc)
                fprintf(stderr, "snapshot output is not JSON (%s): %.200s\n", jerr.text, out);
        free(out);
        return doc;
}

json_t *kx_test_find(json_t *snapshot, const char *array, const char *key, const char *name)
{
        json_t *arr = json_object_get(snapshot, array), *item;
        size_t i;

        json_array_foreach(arr, i, item) {
                const char *v = json_string_value(json_object_get(item, key));

                if (v && !strcmp(v, name))
                        return item;
        }
        return NULL;
}

static int64_t mono_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct kx_test_wait kx_test_wait_start(int timeout_ms)
{
        return (struct kx_test_wait){mono_ms() + timeout_ms};
}

bool kx_test_wait_more(struct kx_test_wait *w, int interval_ms)
{
        if (mono_ms() >= w->deadline_ms)
                return false;
        usleep((useconds_t)interval_ms * 1000);
        return true;
}

/* `tests/env/kafka up` on cluster name with brokers nodes (and mode, e.g.
 * "--secure --tls") if `status` shows a node down; complains on stderr only (no Check calls). */
static void cluster_up(const char *name, int brokers, const char *mode)
{
        char cmd[512];

        if (!name || !*name)
                return;
        snprintf(cmd, sizeof(cmd),
                 "if tests/env/kafka status --name '%s' 2>/dev/null | grep -q ' down$'; then "
                 "tests/env/kafka up --name '%s' --brokers %d %s >/dev/null 2>&1; fi",
                 name, name, brokers, mode);
        if (system(cmd) != 0)
                fprintf(stderr, "testlib: could not bring cluster %s back up\n", name);
}

void kx_test_restore_clusters(void)
{
        const char *one = getenv("KLAXON_CLUSTER");

        cluster_up(one && *one ? one : "check", 1, "");
        cluster_up(getenv("KLAXON_CLUSTER3"), 3, "");
        cluster_up(getenv("KLAXON_CLUSTER_TLS"), 3, "--secure --tls");
}
