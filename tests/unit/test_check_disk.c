/* test_check_disk.c - the broker-outage playbook's live "check disk":
 * UNKNOWN before log dirs were read (with the poll's error), FAIL for an
 * offline directory or one under 10% free (naming broker and path), PASS
 * otherwise; also through kx_check_eval by its playbook name. */
#include "../../core/check.h"
#include "../../core/check_disk.h"

#include "../lib/testlib.h"

#include <check.h>
#include <string.h>

static struct kx_snapshot_logdir dirs[2];
static struct kx_broker brokers[2] = {{.id = 1, .up = true}, {.id = 2, .up = true}};

static struct kx_snapshot *snap_with(int64_t usable0, int16_t error1)
{
        struct kx_snapshot *s = kx_snapshot_new();

        brokers[0].up = brokers[1].up = true;
        s->brokers = brokers;
        s->broker_cnt = 2;

        dirs[0] = (struct kx_snapshot_logdir){1, "/data/a", 500, 1000, usable0, 0};
        dirs[1] = (struct kx_snapshot_logdir){2, "/data/b", 700, -1, -1, error1};
        s->logdirs = dirs;
        s->logdir_cnt = 2;
        s->logdirs_at_ms = 1;
        return s;
}

START_TEST(test_unknown_before_first_poll)
{
        struct kx_snapshot *s = kx_snapshot_new();
        struct kx_incident_ctx ctx = {.broker = -1};
        char d[256];

        s->logdirs_error = "broker 1: timed out";
        ck_assert_int_eq(kx_check_disk(s, &ctx, true, 10, d, sizeof(d)), KX_CHECK_UNKNOWN);
        ck_assert_ptr_nonnull(strstr(d, "timed out"));
        kx_snapshot_unref(s);
}
END_TEST

START_TEST(test_pass_fail)
{
        struct kx_snapshot *s = snap_with(400, 0);
        struct kx_incident_ctx ctx = {.broker = -1};
        struct kx_check c = {.id = KX_CHECK_DISK};
        char d[256];

        ck_assert_int_eq(kx_check_disk(s, &ctx, true, 10, d, sizeof(d)), KX_CHECK_PASS);
        ck_assert_msg(strstr(d, "broker 1 /data/a, 40.0%"), "%s", d);
        ck_assert_int_eq(kx_check_eval(&c, s, &ctx, true, d, sizeof(d)), KX_CHECK_PASS);
        kx_snapshot_unref(s);
        s = snap_with(50, 0);   /* 5% free */
        ck_assert_int_eq(kx_check_disk(s, &ctx, true, 10, d, sizeof(d)), KX_CHECK_FAIL);
        ck_assert_msg(strstr(d, "broker 1: log dir /data/a has only 5.0% free"), "%s", d);
        ck_assert_int_eq(ctx.broker, 1);
        kx_snapshot_unref(s);
        s = snap_with(400, 56);  /* KAFKA_STORAGE_ERROR on broker 2 */
        ck_assert_int_eq(kx_check_disk(s, &ctx, true, 10, d, sizeof(d)), KX_CHECK_FAIL);
        ck_assert_msg(strstr(d, "broker 2: log dir /data/b is offline"), "%s", d);
        ck_assert_int_eq(ctx.broker, 2);
        kx_snapshot_unref(s);
        ck_assert_int_eq(kx_check_by_name("log_dirs_have_space"), KX_CHECK_DISK);
}
END_TEST

START_TEST(test_broker_down_or_silent_is_unknown)
{
        struct kx_snapshot *s = snap_with(400, 0);
        struct kx_incident_ctx ctx = {.broker = -1};
        char d[256];

        brokers[1].up = false;
        ck_assert_int_eq(kx_check_disk(s, &ctx, true, 10, d, sizeof(d)), KX_CHECK_UNKNOWN);
        ck_assert_msg(strstr(d, "broker 2 is down"), "%s", d);
        ck_assert_int_eq(ctx.broker, 2);
        brokers[1].up = true;
        s->logdir_cnt = 1;   /* broker 2 gave no log dirs */
        ck_assert_int_eq(kx_check_disk(s, &ctx, true, 10, d, sizeof(d)), KX_CHECK_UNKNOWN);
        ck_assert_msg(strstr(d, "broker 2 did not answer"), "%s", d);
        kx_snapshot_unref(s);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("check_disk");
        TCase *tc = tcase_create("core");

        tcase_add_test(tc, test_unknown_before_first_poll);
        tcase_add_test(tc, test_pass_fail);
        tcase_add_test(tc, test_broker_down_or_silent_is_unknown);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
