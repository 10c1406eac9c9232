/* test_peer_verdicts.c - the verdicts behind the mirrormaker_in_sync and
 * schema_registry_healthy checks, on health data built by hand: which
 * condition fails them and what the detail line says. */
#include "../lib/testlib.h"
#include "../../core/mm2.h"
#include "../../core/registry.h"
#include "../../core/registry_health.h"

#include <check.h>
#include <string.h>

static void connector(struct kx_mm2_health *h, const char *name, const char *state, int tasks, int running)
{
        struct kx_mm2_connector *c = &h->connectors[h->connector_cnt++];

        snprintf(c->name, sizeof(c->name), "%s", name);
        snprintf(c->state, sizeof(c->state), "%s", state);
        c->tasks = tasks;
        c->running = running;
}

START_TEST(test_mm2_verdict)
{
        struct kx_mm2_health h = {.heartbeat_age_ms = 1000};
        struct kx_mm2_topic t = {.source = "orders", .target = "source.orders", .lag = 5, .lag_ms = 2000};
        char d[300];

        snprintf(h.alias, sizeof(h.alias), "source");
        connector(&h, "mm2-source", "RUNNING", 1, 1);
        connector(&h, "mm2-checkpoint", "RUNNING", 0, 0); /* no group yet: no task, still fine */
        h.topics = &t;
        h.topic_cnt = 1;
        ck_assert(kx_mm2_in_sync(&h, 10, 30000, d, sizeof(d)));
        ck_assert_msg(strstr(d, "5 record(s) behind"), "%s", d);
        ck_assert(!kx_mm2_in_sync(&h, 4, 30000, d, sizeof(d)));
        ck_assert_msg(strstr(d, "orders -> source.orders lags 5 record(s), 2s"), "%s", d);
        h.heartbeat_age_ms = 31000;
        ck_assert(!kx_mm2_in_sync(&h, 10, 30000, d, sizeof(d)));
        ck_assert_msg(strstr(d, "last heartbeat from source is 31s old"), "%s", d);
        h.heartbeat_age_ms = -1;
        ck_assert(!kx_mm2_in_sync(&h, 10, 30000, d, sizeof(d)));
        ck_assert_msg(strstr(d, "no heartbeat"), "%s", d);
        ck_assert(kx_mm2_in_sync(&h, 10, 0, d, sizeof(d))); /* heartbeat not asked for */
        snprintf(h.connectors[0].state, sizeof(h.connectors[0].state), "PAUSED");
        h.connectors[0].running = 0;
        ck_assert(!kx_mm2_in_sync(&h, 10, 0, d, sizeof(d)));
        ck_assert_msg(strstr(d, "connector mm2-source is PAUSED, 0/1 task(s) running"), "%s", d);
}
END_TEST

START_TEST(test_schema_verdict)
{
        struct kx_subject_info subs[2] = {
                {.name = "orders-value", .latest = 2, .versions = 2, .compat = "NONE"},
                {.name = "users-value", .latest = 1, .versions = 1, .compat = "NONE"},
        };
        struct kx_schema_health h = {.reachable = true, .subjects = subs, .subject_cnt = 2};
        char d[300];

        ck_assert(!kx_schema_health_ok(&h, NULL, d, sizeof(d)));
        ck_assert_msg(strstr(d, "orders-value: compatibility NONE with 2 versions"), "%s", d);
        ck_assert(kx_schema_health_ok(&h, "users", d, sizeof(d))); /* one version: nothing to break */
        snprintf(subs[0].compat, sizeof(subs[0].compat), "BACKWARD");
        ck_assert(kx_schema_health_ok(&h, NULL, d, sizeof(d)));
        snprintf(h.error, sizeof(h.error), "http://r/subjects: Couldn't connect to server");
        ck_assert(!kx_schema_health_ok(&h, NULL, d, sizeof(d)));
        ck_assert_str_eq(d, "http://r/subjects: Couldn't connect to server");
}
END_TEST

START_TEST(test_subject_of_topic)
{
        ck_assert(kx_registry_subject_of_topic("orders-value", "orders"));
        ck_assert(kx_registry_subject_of_topic("orders-key", "orders"));
        ck_assert(!kx_registry_subject_of_topic("orders2-value", "orders"));
        ck_assert(!kx_registry_subject_of_topic("orders", "orders"));
        ck_assert(!kx_registry_subject_of_topic("orders-value-x", "orders"));
}
END_TEST

int main(void)
{
        Suite *s = suite_create("peer_verdicts");
        TCase *tc = tcase_create("verdicts");

        tcase_add_test(tc, test_mm2_verdict);
        tcase_add_test(tc, test_schema_verdict);
        tcase_add_test(tc, test_subject_of_topic);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
