/* test_probe_metrics.c - the probe's Prometheus exposition text
 * (core/probe_metrics.c: escaping, cumulative histogram, the SLO threshold
 * bucket; promtool accepts the text) and the /metrics listener
 * (core/metrics_server.c) answering a real HTTP client (curl). */
#include "../lib/testlib.h"
#include "../../core/metrics_server.h"
#include "../../core/probe_metrics.h"

#include <arpa/inet.h>
#include <check.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The value of the first line starting with prefix, or NAN. */
static double value_of(const char *text, const char *prefix)
{
        for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
                if (!strncmp(l, prefix, strlen(prefix)))
                        return atof(l + strlen(prefix) + 1);
        return NAN;
}

START_TEST(test_label_escaping)
{
        struct kx_probe_metrics m;
        char out[64], *text;

        kx_pm_escape_label("a\"b\\c\nd", out, sizeof(out));
        ck_assert_str_eq(out, "a\\\"b\\\\c\\nd");
        kx_pm_escape_label("\\\\\\\\", out, 5);        /* truncated at a whole escape */
        ck_assert_str_eq(out, "\\\\\\\\");
        kx_probe_metrics_init(&m, "odd\"topic\\\n", 500);
        kx_probe_metrics_add(&m, KX_PM_ATTEMPTS, 7);
        text = kx_probe_metrics_render(&m);
        ck_assert_msg(strstr(text, "klaxon_probe_produce_attempts_total{topic=\"odd\\\"topic\\\\\\n\"} 7\n"),
                      "%s", text);
        ck_assert_msg(!strstr(text, "topic\\\n\""), "raw newline in a label: %s", text);
        free(text);
        kx_probe_metrics_done(&m);
}
END_TEST

START_TEST(test_counters_and_cumulative_histogram)
{
        struct kx_probe_metrics m;
        static const double lat[] = {3, 400, 500, 501, 20000, -5};
        char *text, *l;
        double prev = -1;
        int buckets = 0;

        kx_probe_metrics_init(&m, "platform.canary.probe.v1", 500);
        kx_probe_metrics_add(&m, KX_PM_ATTEMPTS, 10);
        kx_probe_metrics_add(&m, KX_PM_SUCCESSES, 9);
        kx_probe_metrics_add(&m, KX_PM_FAILURES, 1);
        kx_probe_metrics_add(&m, KX_PM_CONSUMED, 8);
        kx_probe_metrics_add(&m, KX_PM_LOST, 2);
        kx_probe_metrics_add(&m, KX_PM_DUPLICATES, 3);
        kx_probe_metrics_add(NULL, KX_PM_LOST, 2);     /* no metrics: a no-op */
        for (size_t i = 0; i < sizeof(lat) / sizeof(lat[0]); i++)
                kx_probe_metrics_observe(&m, lat[i]);
        text = kx_probe_metrics_render(&m);
#define T "{topic=\"platform.canary.probe.v1\""
        ck_assert(value_of(text, "klaxon_probe_produce_attempts_total" T "}") == 10);
        ck_assert(value_of(text, "klaxon_probe_produce_successes_total" T "}") == 9);
        ck_assert(value_of(text, "klaxon_probe_produce_failures_total" T "}") == 1);
        ck_assert(value_of(text, "klaxon_probe_consumed_total" T "}") == 8);
        ck_assert(value_of(text, "klaxon_probe_lost_total" T "}") == 2);
        ck_assert(value_of(text, "klaxon_probe_duplicates_total" T "}") == 3);
        ck_assert_ptr_nonnull(strstr(text, "# TYPE klaxon_probe_lost_total counter\n"));
        ck_assert_ptr_nonnull(strstr(text, "# TYPE klaxon_probe_latency_seconds histogram\n"));
        /* le is an upper bound, inclusive: 500 ms falls in le="0.5" */
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_bucket" T ",le=\"0.005\"}") == 2);
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_bucket" T ",le=\"0.25\"}") == 2);
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_bucket" T ",le=\"0.5\"}") == 4);
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_bucket" T ",le=\"1\"}") == 5);
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_bucket" T ",le=\"10\"}") == 5);
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_bucket" T ",le=\"+Inf\"}") == 6);
        ck_assert(value_of(text, "klaxon_probe_latency_seconds_count" T "}") == 6);
        ck_assert_double_eq_tol(value_of(text, "klaxon_probe_latency_seconds_sum" T "}"), 21.404, 1e-9);
        /* cumulative: never decreasing, +Inf equals _count */
        for (l = strstr(text, "_bucket{"); l; l = strstr(l + 1, "_bucket{")) {
                double v = atof(strchr(l, ' ') + 1);

                ck_assert_msg(v >= prev, "bucket decreases at %.60s", l);
                prev = v;
                buckets++;
        }
        ck_assert_int_eq(buckets, 12);  /* 11 bounds (500 ms among them) + +Inf */
#undef T
        free(text);
        kx_probe_metrics_done(&m);
}
END_TEST

START_TEST(test_threshold_bucket_and_le_text)
{
        struct kx_probe_metrics m;
        char le[40], *text;

        kx_pm_le_str(0.5, le, sizeof(le));
        ck_assert_str_eq(le, "0.5");
        kx_pm_le_str(1, le, sizeof(le));
        ck_assert_str_eq(le, "1");
        kx_pm_le_str(0.1, le, sizeof(le));
        ck_assert_str_eq(le, "0.1");
        kx_pm_le_str(10, le, sizeof(le));
        ck_assert_str_eq(le, "10");
        kx_pm_le_str(20.501, le, sizeof(le));
        ck_assert_str_eq(le, "20.501");
        kx_pm_le_str(0.3, le, sizeof(le));
        ck_assert_str_eq(le, "0.3");
        /* a threshold that is not a default bound gets its own bucket, in order */
        kx_probe_metrics_init(&m, "t", 300);
        kx_probe_metrics_observe(&m, 299);
        kx_probe_metrics_observe(&m, 301);
        text = kx_probe_metrics_render(&m);
        ck_assert_msg(strstr(text, "le=\"0.25\"} 0\nklaxon_probe_latency_seconds_bucket{topic=\"t\",le=\"0.3\"} 1\n"
                                   "klaxon_probe_latency_seconds_bucket{topic=\"t\",le=\"0.5\"} 2\n"),
                      "%s", text);
        free(text);
        kx_probe_metrics_done(&m);
}
END_TEST

START_TEST(test_promtool_accepts_the_text)
{
        struct kx_probe_metrics m;
        char path[64], *text, *out;
        int status;

        kx_probe_metrics_init(&m, "platform.canary.probe.v1", 500);
        kx_probe_metrics_add(&m, KX_PM_ATTEMPTS, 3);
        kx_probe_metrics_observe(&m, 42);
        text = kx_probe_metrics_render(&m);
        kx_test_temp_file(text, path, sizeof(path));
        out = kx_test_sh(&status, "promtool check metrics < '%s' 2>&1", path);
        ck_assert_msg(status == 0, "promtool check metrics (%d): %s\n%s", status, out, text);
        unlink(path);
        free(out);
        free(text);
        kx_probe_metrics_done(&m);
}
END_TEST

static char *render_fixed(void *ctx)
{
        return kx_probe_metrics_render(ctx);
}

/* HTTP status of a curl request to the server; body into *body if asked. */
static int http(const char *addr, const char *args, char **body)
{
        int status;
        char *out = kx_test_sh(&status, "curl -s -m 10 %s -w '\\n%%{http_code}' 'http://%s/metrics' 2>&1",
                               args, addr);
        char *nl = strrchr(out, '\n');
        int code = nl ? atoi(nl + 1) : 0;

        if (body) {
                if (nl)
                        *nl = '\0';
                *body = out;
        } else {
                free(out);
        }
        return code;
}

START_TEST(test_server_answers_get_metrics_only)
{
        struct kx_probe_metrics m;
        struct kx_metrics_server *srv;
        struct kx_err err;
        struct sockaddr_in sa = {.sin_family = AF_INET};
        char *body, *out, big[8000];
        int fd, status, port;

        kx_probe_metrics_init(&m, "t", 500);
        kx_probe_metrics_add(&m, KX_PM_CONSUMED, 5);
        ck_assert_int_eq(kx_metrics_server_start("127.0.0.1:0", render_fixed, &m, &srv, &err), 0);
        ck_assert_msg(strncmp(kx_metrics_server_addr(srv), "127.0.0.1:", 10) == 0 &&
                              atoi(kx_metrics_server_addr(srv) + 10) > 0,
                      "%s", kx_metrics_server_addr(srv));
        port = atoi(kx_metrics_server_addr(srv) + 10);
        /* a silent client holding a connection blocks nothing */
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sa.sin_port = htons((uint16_t)port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        ck_assert_int_eq(write(fd, "GET /met", 8), 8);

        ck_assert_int_eq(http(kx_metrics_server_addr(srv), "", &body), 200);
        ck_assert_msg(strstr(body, "klaxon_probe_consumed_total{topic=\"t\"} 5\n"), "%s", body);
        free(body);
        kx_probe_metrics_add(&m, KX_PM_CONSUMED, 1);   /* live: the next scrape sees it */
        ck_assert_int_eq(http(kx_metrics_server_addr(srv), "", &body), 200);
        ck_assert_ptr_nonnull(strstr(body, "klaxon_probe_consumed_total{topic=\"t\"} 6\n"));
        free(body);
        ck_assert_int_eq(http(kx_metrics_server_addr(srv), "-D - -o /dev/null", &body), 200);
        ck_assert_msg(strstr(body, "Content-Type: text/plain; version=0.0.4"), "%s", body);
        free(body);
        out = kx_test_sh(&status, "curl -s -o /dev/null -w '%%{http_code}' 'http://%s/'; "
                                  "curl -s -o /dev/null -w '%%{http_code}' 'http://%s/metricsx'",
                         kx_metrics_server_addr(srv), kx_metrics_server_addr(srv));
        ck_assert_str_eq(out, "404404");
        free(out);
        ck_assert_int_eq(http(kx_metrics_server_addr(srv), "-o /dev/null -X POST", NULL), 405);
        /* an oversized request head is refused, not buffered */
        memset(big, 'a', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        out = kx_test_sh(&status, "curl -s -o /dev/null -w '%%{http_code}' -H 'X-Big: %s' 'http://%s/metrics'",
                         big, kx_metrics_server_addr(srv));
        ck_assert_msg(!strcmp(out, "431") || !strcmp(out, "000"), "oversized request: %s", out);
        free(out);
        ck_assert_int_eq(http(kx_metrics_server_addr(srv), "-o /dev/null", NULL), 200);
        close(fd);
        kx_metrics_server_stop(srv);
        /* stopped: the port no longer answers */
        out = kx_test_sh(&status, "curl -s -o /dev/null -w '%%{http_code}' 'http://127.0.0.1:%d/metrics'", port);
        ck_assert_str_eq(out, "000");
        free(out);
        kx_probe_metrics_done(&m);
}
END_TEST

START_TEST(test_server_bad_addresses)
{
        struct kx_metrics_server *srv = NULL, *other;
        struct kx_err err;
        char addr[64];

        ck_assert_int_eq(kx_metrics_server_start("9464", render_fixed, NULL, &srv, &err), KX_ERR_USAGE);
        ck_assert_msg(strstr(err.msg, "\"9464\": expected HOST:PORT"), "%s", err.msg);
        ck_assert_ptr_null(srv);
        ck_assert_int_eq(kx_metrics_server_start("127.0.0.1:99999", render_fixed, NULL, &srv, &err),
                         KX_ERR_USAGE);
        ck_assert_int_eq(kx_metrics_server_start("127.0.0.1:x", render_fixed, NULL, &srv, &err),
                         KX_ERR_USAGE);
        /* a port in use: the reason is named */
        ck_assert_int_eq(kx_metrics_server_start("127.0.0.1:0", render_fixed, NULL, &other, &err), 0);
        snprintf(addr, sizeof(addr), "%s", kx_metrics_server_addr(other));
        ck_assert_int_eq(kx_metrics_server_start(addr, render_fixed, NULL, &srv, &err), KX_ERR_IO);
        ck_assert_msg(strstr(err.msg, addr) && strstr(err.msg, "cannot listen: Address already in use"),
                      "%s", err.msg);
        kx_metrics_server_stop(other);
        kx_metrics_server_stop(NULL);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("probe_metrics");
        TCase *tc = tcase_create("exposition");

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, test_label_escaping);
        tcase_add_test(tc, test_counters_and_cumulative_histogram);
        tcase_add_test(tc, test_threshold_bucket_and_le_text);
        tcase_add_test(tc, test_promtool_accepts_the_text);
        tcase_add_test(tc, test_server_answers_get_metrics_only);
        tcase_add_test(tc, test_server_bad_addresses);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
