/* test_probe_msg.c - the canary message format (core/probe.c) and the
 * budgets view's line (views/budgets.c). */
#include "../lib/testlib.h"
#include "../../core/probe.h"
#include "../../views/view.h"

#include <check.h>
#include <math.h>
#include <string.h>

START_TEST(test_message_round_trip)
{
        char buf[128], id[32];
        int32_t part;
        int64_t seq, ts;
        int n = kx_probe_msg_format(buf, sizeof(buf), "8fdf1bace000ab6a", 2, 41, 1795480145123);

        ck_assert_str_eq(buf, "klaxon-probe/1 8fdf1bace000ab6a 2 41 1795480145123");
        ck_assert(kx_probe_msg_parse(buf, (size_t)n, id, sizeof(id), &part, &seq, &ts));
        ck_assert_str_eq(id, "8fdf1bace000ab6a");
        ck_assert_int_eq(part, 2);
        ck_assert_int_eq(seq, 41);
        ck_assert_int_eq(ts, 1795480145123);
}
END_TEST

START_TEST(test_foreign_messages_rejected)
{
        char id[32];
        int32_t part;
        int64_t seq, ts;
        static const char *const bad[] = {
                "hello", "klaxon-probe/2 abc 0 1 2", "klaxon-probe/1 abc 0 1", "klaxon-probe/1 abc 0 -1 2",
                "klaxon-probe/1 abc 0 1 2 extra", "klaxon-probe/1 abc x 1 2", ""};

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                ck_assert_msg(!kx_probe_msg_parse(bad[i], strlen(bad[i]), id, sizeof(id), &part, &seq, &ts),
                              "accepted \"%s\"", bad[i]);
        ck_assert(!kx_probe_msg_parse(NULL, 0, id, sizeof(id), &part, &seq, &ts));
        /* an id longer than the caller's buffer is not ours */
        ck_assert(!kx_probe_msg_parse("klaxon-probe/1 0123456789abcdef 0 1 2", 37, id, 8, &part, &seq, &ts));
}
END_TEST

START_TEST(test_budgets_line)
{
        struct kx_slo_result r;
        char line[400];

        memset(&r, 0, sizeof(r));
        r.sli = KX_SLI_PRODUCE;
        r.objective = 99.99;
        r.has_data = true;
        r.remaining = 0.5;
        r.has_current = true;
        r.current = 99.995;
        r.burn_cnt = 2;
        r.burn[0] = (struct kx_slo_burn){300000, true, 20.0};
        r.burn[1] = (struct kx_slo_burn){3600000, false, 0};
        r.alert = KX_SLO_SEV_PAGE;
        r.policy = KX_POLICY_OK;
        view_budgets_line(&r, false, 10, line, sizeof(line));
        ck_assert_msg(strstr(line, "produce success") && strstr(line, "99.99%") &&
                              strstr(line, "99.995%") && strstr(line, "[#####.....]  50%") &&
                              strstr(line, "20.0x") && strstr(line, "page") && strstr(line, "ok"),
                      "%s", line);
        /* overspent: the bar is empty and the text clamped */
        r.remaining = -900;
        r.policy = KX_POLICY_LOCKDOWN;
        r.burn[0].rate = INFINITY;
        view_budgets_line(&r, false, 10, line, sizeof(line));
        ck_assert_msg(strstr(line, "[..........]-999%") && strstr(line, "inf") && strstr(line, "LOCKDOWN"),
                      "%s", line);
        /* no data: full budget, "no data" */
        r.has_data = r.has_current = false;
        r.policy = KX_POLICY_NODATA;
        r.alert = KX_SLO_SEV_NONE;
        view_budgets_line(&r, true, 4, line, sizeof(line));
        ck_assert_msg(strstr(line, " - ") && strstr(line, "no data") && strstr(line, " 100%"), "%s", line);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("probe_msg");
        TCase *tc = tcase_create("format");

        tcase_add_test(tc, test_message_round_trip);
        tcase_add_test(tc, test_foreign_messages_rejected);
        tcase_add_test(tc, test_budgets_line);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
