/* test_fence.c - pause and resume a group for real: on a cluster with SASL
 * and the StandardAuthorizer, `klaxon group pause` adds a DENY READ ACL and
 * a consumer under that principal stops consuming; `resume` removes it and
 * the consumer works again. Without an authorizer the pause is refused. */
#include "../lib/testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *boot, *dir;
static char topic[128], group[128], admin_x[512], state_dir[128];

static void setup(void)
{
        int status;
        char *out;

        boot = getenv("KLAXON_BOOTSTRAP_SECURE");
        dir = getenv("KLAXON_SECURE_DIR");
        ck_assert_msg(boot && dir, "KLAXON_BOOTSTRAP_SECURE/KLAXON_SECURE_DIR not set");
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.fenced"));
        snprintf(group, sizeof(group), "%s", kx_test_unique("it-fenced"));
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-fence-%d", (int)getpid());
        /* klaxon acts as admin (PLAIN: librdkafka 2.0.2 cannot SCRAM with Kafka 4). */
        snprintf(admin_x, sizeof(admin_x),
                 "-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN "
                 "-X sasl.username=admin -X sasl.password=admin-secret");
        out = kx_test_sh(&status, "printf 'm1\\nm2\\nm3\\n' | kcat -F '%s/app.librdkafka' -b '%s' -P -t '%s' 2>&1",
                         dir, boot, topic);
        ck_assert_msg(status == 0, "produce as app: %s", out);
        free(out);
}

/* Consume to the end as User:app in the group; returns kcat's exit code. */
static int consume_as_app(char **out)
{
        int status;

        *out = kx_test_sh(&status, "timeout 30 kcat -F '%s/app.librdkafka' -b '%s' "
                                   "-X auto.offset.reset=earliest -G '%s' -e -q -f '%%s\\n' '%s' 2>&1",
                          dir, boot, group, topic);
        return status;
}

static char *klaxon(int *status, const char *verb)
{
        return kx_test_sh(status, "%s group %s '%s' --principal User:app --yes --state-dir '%s' "
                                  "-b '%s' %s 2>&1",
                          kx_test_klaxon(), verb, group, state_dir, boot, admin_x);
}

START_TEST(test_pause_fences_and_resume_restores)
{
        char *out;
        int status;

        ck_assert_msg(consume_as_app(&out) == 0 && strstr(out, "m3"), "before pause: %s", out);
        free(out);

        out = klaxon(&status, "pause");
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "pause: %s", out);
        free(out);
        ck_assert_msg(consume_as_app(&out) != 0 && strstr(out, "uthorization"),
                      "a paused group still consumed: %s", out);
        free(out);

        /* Pausing twice is refused: the plan says it is already paused. */
        out = klaxon(&status, "pause");
        ck_assert_msg(status != 0 && strstr(out, "already paused"), "%s", out);
        free(out);

        out = klaxon(&status, "resume");
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "resume: %s", out);
        free(out);
        out = kx_test_sh(&status, "printf 'm4\\n' | kcat -F '%s/app.librdkafka' -b '%s' -P -t '%s' 2>&1",
                         dir, boot, topic);
        free(out);
        ck_assert_msg(consume_as_app(&out) == 0 && strstr(out, "m4"), "after resume: %s", out);
        free(out);

        out = kx_test_sh(&status, "%s audit log --state-dir '%s'", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "group-pause") && strstr(out, "group-resume"), "%s", out);
        free(out);
}
END_TEST

START_TEST(test_no_authorizer_is_a_clear_refusal)
{
        char *out;
        int status;

        /* The plain test cluster has no authorizer. */
        out = kx_test_sh(&status, "%s group pause nobody --yes --state-dir '%s' -b '%s' 2>&1",
                         kx_test_klaxon(), state_dir, kx_test_bootstrap());
        ck_assert_msg(status != 0 && (strstr(out, "no authorizer") || strstr(out, "No Authorizer")),
                      "%s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("fence");
        TCase *tc = tcase_create("acl");

        tcase_set_timeout(tc, 180);
        tcase_add_unchecked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_pause_fences_and_resume_restores);
        tcase_add_test(tc, test_no_authorizer_is_a_clear_refusal);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
