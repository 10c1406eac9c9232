/* test_fence.c - pause and resume a group for real: on a cluster with SASL
 * and the StandardAuthorizer, `klaxon group pause` adds a DENY READ ACL and
 * a consumer under that principal stops consuming; `resume` removes it and
 * the consumer works again. Without an authorizer the pause is refused.
 * A replay as User:app to a topic app may only READ and DESCRIBE is refused
 * at plan time (dry run and real run) naming the topic, WRITE and User:app;
 * with WRITE granted the same replay runs and verifies. */
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

/* kafka-acls or kafka-topics as admin (SCRAM through admin.properties). */
static void as_admin(const char *tool, const char *args)
{
        int status;
        char *out = kx_test_sh(&status, "tests/env/kafka tool %s --bootstrap-server '%s' "
                                        "--command-config '%s/admin.properties' %s 2>&1",
                               tool, boot, dir, args);

        ck_assert_msg(status == 0, "%s %s: %s", tool, args, out);
        free(out);
}

/* klaxon replay src -> dst as User:app (PLAIN), with extra options. */
static char *replay_as_app(int *status, const char *src, const char *dst, const char *extra)
{
        return kx_test_sh(status, "%s replay --topic '%s' --from 2000-01-01T00:00:00Z "
                                  "--to 2100-01-01T00:00:00Z --target-topic '%s' %s --state-dir '%s' "
                                  "-b '%s' -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN "
                                  "-X sasl.username=app -X sasl.password=app-secret 2>&1",
                          kx_test_klaxon(), src, dst, extra, state_dir, boot);
}

/* Records in topic t, read as admin. */
static int count_records(const char *t)
{
        int status, n = 0;
        char *out = kx_test_sh(&status, "timeout 30 kcat -F '%s/admin.librdkafka' -b '%s' -C -t '%s' "
                                        "-e -q -f 'rec\\n' 2>&1",
                               dir, boot, t);

        for (const char *p = out; (p = strstr(p, "rec\n")); p += 4)
                n++;
        free(out);
        return n;
}

START_TEST(test_replay_to_read_only_target_is_refused)
{
        char src[128], dst[128], args[600], *out;
        int status;

        snprintf(src, sizeof(src), "%s", kx_test_unique("it.rsrc"));
        snprintf(dst, sizeof(dst), "%s", kx_test_unique("it.rdst"));
        snprintf(args, sizeof(args), "--create --topic '%s' --partitions 1", src);
        as_admin("kafka-topics", args);
        snprintf(args, sizeof(args), "--create --topic '%s' --partitions 1", dst);
        as_admin("kafka-topics", args);
        snprintf(args, sizeof(args), "--add --allow-principal User:app --operation Read --operation Describe "
                                     "--topic '%s' --topic '%s'", src, dst);
        as_admin("kafka-acls", args);
        out = kx_test_sh(&status, "printf 'r1\\nr2\\nr3\\n' | kcat -F '%s/admin.librdkafka' -b '%s' -P -t '%s' 2>&1",
                         dir, boot, src);
        ck_assert_msg(status == 0, "produce: %s", out);
        free(out);

        /* Refused in the plan: the dry run and the real run alike. */
        for (int real = 0; real < 2; real++) {
                out = replay_as_app(&status, src, dst, real ? "--yes" : "--dry-run");
                ck_assert_msg(status != 0 && strstr(out, dst) && strstr(out, "--target-topic") &&
                                      strstr(out, "User:app may not WRITE") &&
                                      strstr(out, "allowed: READ, DESCRIBE); ask for an ACL granting WRITE"),
                              "%s run was not refused by name: %s", real ? "real" : "dry", out);
                ck_assert_msg(!strstr(out, "app-secret"), "the password was printed: %s", out);
                ck_assert_msg(!strstr(out, "job "), "a job was created: %s", out);
                free(out);
        }
        out = kx_test_sh(&status, "%s job list --state-dir '%s' 2>&1", kx_test_klaxon(), state_dir);
        ck_assert_msg(!strstr(out, src), "a refused replay left a job: %s", out);
        free(out);
        ck_assert_int_eq(count_records(dst), 0);

        /* With WRITE granted the same replay runs and verifies. */
        snprintf(args, sizeof(args), "--add --allow-principal User:app --operation Write --topic '%s'", dst);
        as_admin("kafka-acls", args);
        out = replay_as_app(&status, src, dst, "--yes");
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "with WRITE: %s", out);
        free(out);
        ck_assert_int_eq(count_records(dst), 3);
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
        tcase_add_test(tc, test_replay_to_read_only_target_is_refused);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
