/* test_schema.c - the schema registry for real (Apicurio Registry's
 * Confluent API, $KLAXON_REGISTRY_URL): a breaking version is rolled back
 * through the action path and a producer that writes with the latest
 * schema id works again; refused registrations feed the schema-violations
 * SLI; in the console, the Schemas view shows the selected topic's
 * subjects and the schema-rollback runbook turns its check from ✖ to ✔;
 * an unreachable registry, a 5xx, garbage and a 409 give clear errors. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"
#include "../../core/registry.h"
#include "../../core/schema_violations.h"

#include <check.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define V1 "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}"
#define V2 "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"

static const char *url;
static char state_dir[128];

static void setup(void)
{
        url = getenv("KLAXON_REGISTRY_URL");
        ck_assert_msg(url != NULL, "KLAXON_REGISTRY_URL not set");
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-schema-%d", (int)getpid());
}

static char *klaxon(int *status, const char *fmt, const char *arg)
{
        char args[600];

        snprintf(args, sizeof(args), fmt, arg);
        return kx_test_sh(status, "%s %s --registry '%s' --state-dir '%s' -b '%s' 2>&1", kx_test_klaxon(),
                          args, url, state_dir, kx_test_bootstrap());
}

/* What a Confluent producer with use.latest.version does: it writes only
 * if its schema (V1) is the subject's latest, framing each record as magic
 * byte 0, the 4-byte schema id, then the Avro body (id 42: zigzag 0x54).
 * Returns the schema id written, or 0 if the producer refuses. */
static int produce_with_latest(const char *subject, const char *topic)
{
        struct kx_schema latest, mine;
        struct kx_err err;
        char errstr[256];
        unsigned char rec[6] = {0, 0, 0, 0, 0, 0x54};
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        int id;

        ck_assert_msg(!kx_registry_get(url, subject, KX_REGISTRY_LATEST, 5000, &latest, &err), "%s", err.msg);
        kx_schema_free(&latest);
        ck_assert_msg(!kx_registry_lookup(url, subject, V1, NULL, 5000, &mine, &err), "%s", err.msg);
        if (mine.id != latest.id)
                return 0;
        id = latest.id;
        rec[1] = (unsigned char)(id >> 24);
        rec[2] = (unsigned char)(id >> 16);
        rec[3] = (unsigned char)(id >> 8);
        rec[4] = (unsigned char)id;
        conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", kx_test_bootstrap(), errstr, sizeof(errstr));
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        ck_assert_msg(rk != NULL, "%s", errstr);
        ck_assert_int_eq(rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(rec, sizeof(rec)),
                                           RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                         RD_KAFKA_RESP_ERR_NO_ERROR);
        ck_assert_int_eq(rd_kafka_flush(rk, 15000), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_destroy(rk);
        return id;
}

/* A consumer reads the record back and resolves its schema id. */
static void consume_and_resolve(const char *topic, const char *want_schema)
{
        char *out, *schema;
        unsigned int b[6];
        int status, id;
        struct kx_err err;

        out = kx_test_sh(&status, "kcat -C -b '%s' -t '%s' -o -1 -c 1 -e -q -f '%%s' | od -An -tx1",
                         kx_test_bootstrap(), topic);
        ck_assert_msg(status == 0 && sscanf(out, "%x %x %x %x %x %x", &b[0], &b[1], &b[2], &b[3], &b[4],
                                            &b[5]) == 6 && b[0] == 0,
                      "not a framed record: %s", out);
        free(out);
        id = (int)(b[1] << 24 | b[2] << 16 | b[3] << 8 | b[4]);
        ck_assert_msg(!kx_registry_schema_by_id(url, id, 5000, &schema, &err), "%s", err.msg);
        ck_assert_str_eq(schema, want_schema);
        ck_assert_int_eq(b[5], 0x54);
        free(schema);
}

START_TEST(test_rollback_breaking_version)
{
        char subject[160], topic[128], *out;
        struct kx_schema latest, v1;
        struct kx_err err;
        int status, id1, id2;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.orders"));
        snprintf(subject, sizeof(subject), "%s-value", topic);
        ck_assert_msg(!kx_registry_register(url, subject, V1, NULL, 5000, &id1, &err), "%s", err.msg);
        ck_assert_int_eq(produce_with_latest(subject, topic), id1);
        ck_assert_msg(!kx_registry_compat_set(url, subject, "NONE", 5000, &err), "%s", err.msg);
        ck_assert_msg(!kx_registry_register(url, subject, V2, NULL, 5000, &id2, &err), "%s", err.msg);
        ck_assert_int_ne(id1, id2);
        /* The breaking version is latest: the V1 producer refuses. */
        ck_assert_int_eq(produce_with_latest(subject, topic), 0);

        out = klaxon(&status, "schema rollback '%s' --to-version 1 --dry-run", subject);
        ck_assert_msg(status == 0 && strstr(out, "latest becomes version 1") &&
                              strstr(out, "instead of 2") && strstr(out, "dry run"),
                      "%s", out);
        free(out);
        ck_assert_msg(!kx_registry_get(url, subject, KX_REGISTRY_LATEST, 5000, &latest, &err), "%s", err.msg);
        ck_assert_int_eq(latest.version, 2); /* the dry run changed nothing */
        kx_schema_free(&latest);

        out = klaxon(&status, "schema rollback '%s' --to-version 1 --pin-compat BACKWARD --yes", subject);
        ck_assert_msg(status == 0 && strstr(out, "done and verified"), "%s", out);
        free(out);
        ck_assert_msg(!kx_registry_get(url, subject, KX_REGISTRY_LATEST, 5000, &latest, &err), "%s", err.msg);
        ck_assert_int_eq(latest.version, 1);
        ck_assert_int_eq(latest.id, id1);
        kx_schema_free(&latest);
        ck_assert_msg(!kx_registry_get(url, subject, 1, 5000, &v1, &err), "%s", err.msg);

        /* The producer works again, and a consumer resolves its id to V1. */
        ck_assert_int_eq(produce_with_latest(subject, topic), id1);
        consume_and_resolve(topic, v1.schema);
        kx_schema_free(&v1);

        /* The audit has the undo information: the deleted V2, its id. */
        out = kx_test_sh(&status, "%s audit log --json --state-dir '%s' | grep '\"schema-rollback\"' | "
                                  "grep '\"verified\"' | tail -1", kx_test_klaxon(), state_dir);
        {
                json_t *row = json_loads(out, 0, NULL), *del;

                ck_assert_msg(row != NULL, "no verified schema-rollback audit row: %s", out);
                del = json_array_get(json_object_get(json_object_get(row, "undo"), "deleted"), 0);
                ck_assert_int_eq(json_integer_value(json_object_get(del, "version")), 2);
                ck_assert_int_eq(json_integer_value(json_object_get(del, "id")), id2);
                ck_assert_str_eq(json_string_value(json_object_get(del, "schema")), V2);
                ck_assert_str_eq(json_string_value(json_object_get(json_object_get(row, "undo"),
                                                                   "compatibility_before")), "NONE");
                json_decref(row);
        }
        free(out);
        out = klaxon(&status, "schema show '%s'", subject);
        ck_assert_msg(status == 0 && strstr(out, "versions: 1 2 (deleted)") &&
                              strstr(out, "compatibility: BACKWARD") && strstr(out, "latest: version 1"),
                      "%s", out);
        free(out);
}
END_TEST

START_TEST(test_refused_registrations_are_counted)
{
        char subject[160], path[256], *out;
        struct kx_schema_violations v;
        struct kx_store store;
        struct kx_err err;
        int status;

        snprintf(subject, sizeof(subject), "%s-value", kx_test_unique("it.sli"));
        kx_test_temp_file(V1, path, sizeof(path));
        out = kx_test_sh(&status, "%s schema register '%s' '%s' --registry '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), subject, path, url, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "schema id"), "%s", out);
        free(out);
        unlink(path);
        ck_assert_msg(!kx_registry_compat_set(url, subject, "BACKWARD", 5000, &err), "%s", err.msg);
        kx_test_temp_file(V2, path, sizeof(path));
        /* A real 409 from the registry: a clear error, counted as a violation. */
        out = kx_test_sh(&status, "%s schema register '%s' '%s' --registry '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), subject, path, url, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "HTTP 409") && strstr(out, "incompatible"), "%s", out);
        free(out);
        /* --read-only: refused in core, not sent, not counted. */
        out = kx_test_sh(&status, "%s schema register '%s' '%s' --read-only --registry '%s' "
                                  "--state-dir '%s' 2>&1", kx_test_klaxon(), subject, path, url, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "read-only"), "%s", out);
        free(out);
        unlink(path);
        out = kx_test_sh(&status, "%s schema violations --registry '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), url, state_dir);
        ck_assert_msg(status == 0 && strstr(out, "incompatible 1"), "%s", out);
        free(out);
        snprintf(path, sizeof(path), "%s/klaxon.db", state_dir);
        ck_assert_msg(!kx_store_open_path(path, &store, &err), "%s", err.msg);
        ck_assert_msg(!kx_schema_violations(&store, 0, INT64_MAX, &v, &err), "%s", err.msg);
        ck_assert_int_ge(v.incompatible, 1);
        ck_assert_int_eq(v.attempts, v.registered + v.incompatible + v.failed);
        kx_store_close(&store);
        /* The schema-violations SLI reads the same records: bad, budget spent. */
        out = kx_test_sh(&status, "%s slo status --json --state-dir '%s' 2>/dev/null", kx_test_klaxon(),
                         state_dir);
        json_t *doc = json_loads(out, 0, NULL), *sli;
        size_t i;
        ck_assert_msg(doc, "slo status --json: %s", out);
        json_array_foreach(json_object_get(doc, "slis"), i, sli) {
                if (strcmp(json_string_value(json_object_get(sli, "sli")), "schema_violations"))
                        continue;
                ck_assert_msg(json_is_true(json_object_get(sli, "has_data")), "%s", out);
                ck_assert_double_ge(json_real_value(json_object_get(sli, "bad")), 1.0);
                ck_assert_double_ge(json_real_value(json_object_get(sli, "good")), 1.0);
                ck_assert_double_lt(json_number_value(json_object_get(sli, "budget_remaining")), 1.0);
                break;
        }
        ck_assert_msg(i < json_array_size(json_object_get(doc, "slis")), "no schema SLI: %s", out);
        json_decref(doc);
        free(out);
}
END_TEST

START_TEST(test_console_schemas_view_and_runbook)
{
        char topic[128], subject[160], cmd[1024], want[300], *out;
        struct kx_schema latest;
        struct kx_err err;
        int id, status;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.con"));
        snprintf(subject, sizeof(subject), "%s-value", topic);
        kt_create_topic(kx_test_bootstrap(), topic, 1, 1);
        ck_assert_msg(!kx_registry_register(url, subject, V1, NULL, 5000, &id, &err), "%s", err.msg);
        ck_assert_msg(!kx_registry_compat_set(url, subject, "NONE", 5000, &err), "%s", err.msg);
        ck_assert_msg(!kx_registry_register(url, subject, V2, NULL, 5000, &id, &err), "%s", err.msg);

        tt_init();
        snprintf(cmd, sizeof(cmd), "%s -b '%s' --registry '%s' --refresh 1 --state-dir '%s'", kx_test_klaxon(),
                 kx_test_bootstrap(), url, state_dir);
        tt_start("sr", 160, 45, cmd);
        ck_assert_msg(tt_wait_for("sr", "Overview", TT_WAIT_MS), "console did not start");
        /* Select the topic, then the Schemas view shows its subject. */
        tt_key("sr", "3");
        tt_type("sr", "/");
        tt_type("sr", topic);
        tt_key("sr", "Enter");
        ck_assert(tt_wait_for("sr", topic, TT_WAIT_MS));
        tt_key("sr", "S");
        snprintf(want, sizeof(want), "\xe2\x9c\x96 %s: compatibility NONE with 2 versions", subject);
        ck_assert_msg(tt_wait_for("sr", want, TT_WAIT_MS), "Schemas view did not flag the subject");
        ck_assert(tt_wait_for("sr", "subjects of the selected topic", TT_WAIT_MS));
        /* Open the schema-rollback runbook from the list. */
        tt_key("sr", "6");
        tt_type("sr", "/");
        tt_type("sr", "schema-rollback");
        tt_key("sr", "Enter");
        tt_key("sr", "Enter");
        ck_assert_msg(tt_wait_for("sr", "\xe2\x9c\x96 1. Is the registry healthy", TT_WAIT_MS), "check not failing");
        ck_assert(tt_runbook_select_action("sr", "schema-rollback", TT_WAIT_MS));
        tt_key("sr", "a");
        /* The plan (which version becomes latest and why) is the prompt. */
        ck_assert_msg(tt_wait_for("sr", "latest becomes version 1", TT_WAIT_MS), "no plan to confirm");
        tt_type("sr", subject);
        tt_key("sr", "Enter");
        ck_assert_msg(tt_wait_for("sr", "\xe2\x9c\x94 1. Is the registry healthy", TT_WAIT_MS),
                      "the check never passed after the rollback");
        tt_key("sr", "q");
        tt_cleanup();
        ck_assert_msg(!kx_registry_get(url, subject, KX_REGISTRY_LATEST, 5000, &latest, &err), "%s", err.msg);
        ck_assert_int_eq(latest.version, 1);
        kx_schema_free(&latest);
        out = kx_test_sh(&status, "%s audit log --state-dir '%s' | grep schema-rollback | grep verified | "
                                  "grep -c '%s'", kx_test_klaxon(), state_dir, subject);
        ck_assert_msg(atoi(out) >= 1, "no verified rollback of %s in the audit log", subject);
        free(out);
}
END_TEST

/* A registry that hangs (its JVM stopped with SIGSTOP: connections are
 * accepted, nothing answers): a timeout naming the URL, then it recovers. */
START_TEST(test_hanging_registry_times_out)
{
        const char *name = getenv("KLAXON_REGISTRY_NAME");
        char *pid, *out;
        int status;

        ck_assert_msg(name != NULL, "KLAXON_REGISTRY_NAME not set");
        pid = kx_test_sh(&status, "tests/env/registry pid --name '%s'", name);
        ck_assert_msg(status == 0 && atoi(pid) > 0, "no registry pid: %s", pid);
        out = kx_test_sh(&status, "kill -STOP %d; %s schema list --registry '%s' 2>&1; kill -CONT %d",
                         atoi(pid), kx_test_klaxon(), url, atoi(pid));
        ck_assert_msg(strstr(out, "/subjects: Timeout was reached") ||
                              strstr(out, "/subjects: Operation timed out"),
                      "%s", out);
        free(out);
        out = kx_test_sh(&status, "%s schema list --registry '%s' 2>&1", kx_test_klaxon(), url);
        ck_assert_msg(status == 0 && strstr(out, "SUBJECT"), "the registry did not come back: %s", out);
        free(out);
        free(pid);
}
END_TEST

/* A registry that is gone: the Schemas view says so, the console runs on. */
START_TEST(test_console_unreachable_registry)
{
        char cmd[1024];

        tt_init();
        snprintf(cmd, sizeof(cmd), "%s -b '%s' --registry http://127.0.0.1:1 --refresh 1 --state-dir '%s'",
                 kx_test_klaxon(), kx_test_bootstrap(), state_dir);
        tt_start("srbad", 160, 45, cmd);
        ck_assert_msg(tt_wait_for("srbad", "Overview", TT_WAIT_MS), "console did not start");
        tt_key("srbad", "S");
        ck_assert_msg(tt_wait_for("srbad", "http://127.0.0.1:1/subjects: Couldn't connect to server", TT_WAIT_MS),
                      "no clear error in the Schemas view");
        tt_key("srbad", "2");
        ck_assert_msg(tt_wait_for("srbad", "[2 Brokers]", TT_WAIT_MS), "the console stopped answering");
        tt_key("srbad", "q");
        tt_cleanup();
}
END_TEST

START_TEST(test_bad_peers_are_clear)
{
        char base[256], *out, *p;
        int status;

        /* A closed port. */
        out = kx_test_sh(&status, "%s schema list --registry http://127.0.0.1:1 2>&1", kx_test_klaxon());
        ck_assert_msg(status != 0 && strstr(out, "http://127.0.0.1:1/subjects") &&
                              strstr(out, "connect"), "%s", out);
        free(out);
        /* A Kafka broker is no HTTP server. */
        out = kx_test_sh(&status, "%s schema list --registry http://%s 2>&1", kx_test_klaxon(),
                         kx_test_bootstrap());
        ck_assert_msg(status != 0 && strstr(out, "/subjects: "), "%s", out);
        free(out);
        /* The registry's HTML documentation page instead of its API. */
        snprintf(base, sizeof(base), "%s", url);
        p = strstr(base, "/apis/ccompat");
        ck_assert_ptr_nonnull(p);
        snprintf(p, sizeof(base) - (size_t)(p - base), "/apis?");
        out = kx_test_sh(&status, "%s schema list --registry '%s' 2>&1", kx_test_klaxon(), base);
        ck_assert_msg(status != 0 && strstr(out, "not JSON"), "%s", out);
        free(out);
        /* A real HTTP 500: Apicurio has no provider for this type. */
        out = kx_test_sh(&status, "echo '{}' >/tmp/klaxon-it-bogus.avsc; %s schema register it-bogus-value "
                                  "/tmp/klaxon-it-bogus.avsc --type BOGUS --registry '%s' --state-dir '%s' 2>&1",
                         kx_test_klaxon(), url, state_dir);
        ck_assert_msg(status != 0 && strstr(out, "HTTP 500") && strstr(out, "BOGUS"), "%s", out);
        free(out);
        /* Unknown subject; a bad pin level is refused before anything changes. */
        out = klaxon(&status, "schema show %s", "no-such-subject");
        ck_assert_msg(status != 0 && strstr(out, "HTTP 404"), "%s", out);
        free(out);
        out = klaxon(&status, "schema rollback x --pin-compat %s --yes", "SIDEWAYS");
        ck_assert_msg(status != 0 && strstr(out, "SIDEWAYS"), "%s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("schema");
        TCase *tc = tcase_create("registry");

        tcase_set_timeout(tc, 240);
        tcase_add_unchecked_fixture(tc, setup, NULL);
        tcase_add_test(tc, test_rollback_breaking_version);
        tcase_add_test(tc, test_refused_registrations_are_counted);
        tcase_add_test(tc, test_console_schemas_view_and_runbook);
        tcase_add_test(tc, test_bad_peers_are_clear);
        tcase_add_test(tc, test_console_unreachable_registry);
        tcase_add_test(tc, test_hanging_registry_times_out);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
