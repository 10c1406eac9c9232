/* test_admin_proto.c - klaxon's own admin protocol against real Kafka 4.x:
 *   - client quotas set with kafka-configs read back by `klaxon quota list`,
 *     and set/removed by klaxon read back by kafka-configs (user, client-id
 *     and default entities); --read-only refuses in core;
 *   - `klaxon disk --json` sizes equal kafka-log-dirs --describe for every
 *     partition on every broker;
 *   - on 3 brokers: stop a broker (leadership moves), start it (leadership
 *     stays off the preferred replicas), `klaxon elect-leaders` restores the
 *     preferred leaders, as kafka-topics reports.
 * Quotas and disk run over plaintext, SASL_PLAINTEXT and SASL_SSL (a
 * self-signed CA from tests/env/kafka --tls, client certificate with an
 * encrypted key). The CLI runs authenticate with PLAIN, because klaxon's
 * librdkafka 2.0.2 side (metadata) cannot do SCRAM with Kafka 4; core-level
 * cases then authenticate klaxon's protocol module with SCRAM-SHA-256 and
 * SCRAM-SHA-512 over SASL_PLAINTEXT and SASL_SSL, list quotas, describe log
 * dirs and run an election through it, and check that TLS refuses an
 * untrusted broker and a wrong key password, with no secret in any error. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../../core/elect.h"
#include "../../core/kadmin.h"
#include "../../core/logdirs.h"
#include "../../core/quotas.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A cluster as klaxon and Kafka's tools reach it. */
struct target {
        const char *name;
        char boot[512];
        char kx_args[600];    /* extra klaxon arguments (-X ...) */
        char tool_args[600];  /* extra Java tool arguments (--command-config F) */
};

#define NTARGETS 4
static struct target targets[NTARGETS];
static char state_dir[128];

static void setup(void)
{
        const char *sec = getenv("KLAXON_BOOTSTRAP_SECURE"), *dir = getenv("KLAXON_SECURE_DIR");

        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-admin-%d", (int)getpid());
        targets[0].name = "plaintext";
        snprintf(targets[0].boot, sizeof(targets[0].boot), "%s", kx_test_bootstrap());
        ck_assert_msg(sec && dir, "KLAXON_BOOTSTRAP_SECURE/KLAXON_SECURE_DIR not set");
        targets[1].name = "sasl";
        snprintf(targets[1].boot, sizeof(targets[1].boot), "%s", sec);
        snprintf(targets[1].kx_args, sizeof(targets[1].kx_args),
                 "-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN "
                 "-X sasl.username=admin -X sasl.password=admin-secret");
        snprintf(targets[1].tool_args, sizeof(targets[1].tool_args), "--command-config %s/admin.properties", dir);
        sec = getenv("KLAXON_BOOTSTRAP_TLS");
        dir = getenv("KLAXON_TLS_DIR");
        ck_assert_msg(sec && dir, "KLAXON_BOOTSTRAP_TLS/KLAXON_TLS_DIR not set");
        targets[2].name = "tls";
        snprintf(targets[2].boot, sizeof(targets[2].boot), "%s", sec);
        snprintf(targets[2].kx_args, sizeof(targets[2].kx_args),
                 "-X security.protocol=SASL_SSL -X sasl.mechanisms=PLAIN "
                 "-X sasl.username=admin -X sasl.password=admin-secret -X ssl.ca.location=%s/ca.pem "
                 "-X ssl.certificate.location=%s/client.crt -X ssl.key.location=%s/client-enc.key "
                 "-X ssl.key.password=client-key-secret", dir, dir, dir);
        snprintf(targets[2].tool_args, sizeof(targets[2].tool_args), "--command-config %s/admin.properties", dir);
        /* The same, with klaxon's own client on SCRAM-SHA-512 (librdkafka stays on PLAIN). */
        targets[3] = targets[2];
        targets[3].name = "tls-scram";
        snprintf(targets[3].kx_args + strlen(targets[3].kx_args), sizeof(targets[3].kx_args) - strlen(targets[3].kx_args),
                 " -X klaxon.admin.sasl.mechanism=SCRAM-SHA-512");
}

/* Run klaxon on target t; returns stdout (caller frees), exit code in *st. */
static char *klaxon(const struct target *t, int *st, const char *args)
{
        return kx_test_sh(st, "%s --state-dir %s -b '%s' %s %s", kx_test_klaxon(), state_dir, t->boot, t->kx_args,
                          args);
}

static char *tool(const struct target *t, int *st, const char *name, const char *args)
{
        return kx_test_sh(st, "tests/env/kafka tool %s --bootstrap-server '%s' %s %s 2>/dev/null", name, t->boot,
                          t->tool_args, args);
}

/* The value of key for the entity in `klaxon quota list --json`, or -1. */
static double klaxon_quota(const struct target *t, const char *type, const char *name, const char *key)
{
        int st;
        char *out = klaxon(t, &st, "quota list --json");
        json_t *doc = json_loads(out, 0, NULL), *q;
        double v = -1;
        size_t i;

        ck_assert_msg(st == 0 && doc, "quota list failed (%d): %s", st, out);
        json_array_foreach(json_object_get(doc, "quotas"), i, q) {
                json_t *ent = json_object_get(q, "entity"), *n = json_object_get(ent, type);

                if (json_object_size(ent) != 1 || !n || (name ? !json_is_string(n) || strcmp(json_string_value(n), name)
                                                              : !json_is_null(n)))
                        continue;
                if (json_object_get(json_object_get(q, "values"), key))
                        v = json_number_value(json_object_get(json_object_get(q, "values"), key));
        }
        json_decref(doc);
        free(out);
        return v;
}

/* klaxon_quota polled until it reads want: brokers apply a quota change
 * from the metadata log a moment after it is committed, and any broker may
 * answer. Returns the last value read. */
static double klaxon_quota_becomes(const struct target *t, const char *type, const char *name, const char *key,
                                   double want)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        double v;

        do {
                v = klaxon_quota(t, type, name, key);
        } while (v != want && kx_test_wait_more(&w, 250));
        return v;
}

/* kafka-configs --describe of clients ENTITY ("--entity-name C" or
 * "--entity-default"), polled until its output holds every string of
 * want[] and none of unwanted (may be NULL); returns the last output
 * (caller frees). */
static char *describe_client_until(const struct target *t, const char *entity, const char *const *want,
                                   const char *unwanted)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        char args[400];
        char *out = NULL;
        int st;

        snprintf(args, sizeof(args), "--describe --entity-type clients %s", entity);
        do {
                bool ok = true;

                free(out);
                out = tool(t, &st, "kafka-configs", args);
                for (int i = 0; want[i]; i++)
                        ok = ok && strstr(out, want[i]);
                if (ok && (!unwanted || !strstr(out, unwanted)))
                        break;
        } while (kx_test_wait_more(&w, 250));
        return out;
}

START_TEST(test_quota_from_kafka_configs_read_by_klaxon)
{
        const struct target *t = &targets[_i];
        char user[128], args[400];
        int st;
        char *out;

        snprintf(user, sizeof(user), "%s", kx_test_unique("qu"));
        ck_assert(klaxon_quota(t, "user", user, "producer_byte_rate") < 0);
        snprintf(args, sizeof(args),
                 "--alter --entity-type users --entity-name %s --add-config producer_byte_rate=1048576,"
                 "consumer_byte_rate=2097152", user);
        free(tool(t, &st, "kafka-configs", args));
        ck_assert_int_eq(st, 0);
        ck_assert(klaxon_quota_becomes(t, "user", user, "producer_byte_rate", 1048576.0) == 1048576.0);
        ck_assert(klaxon_quota_becomes(t, "user", user, "consumer_byte_rate", 2097152.0) == 2097152.0);
        /* The text listing names the entity and the key too. */
        out = klaxon(t, &st, "quota list");
        ck_assert_int_eq(st, 0);
        ck_assert_msg(strstr(out, user) && strstr(out, "consumer_byte_rate") && strstr(out, "2097152"), "%s", out);
        free(out);
}
END_TEST

START_TEST(test_quota_set_by_klaxon_read_by_kafka_configs)
{
        const struct target *t = &targets[_i];
        char client[128], args[400];
        int st;
        char *out;

        snprintf(client, sizeof(client), "%s", kx_test_unique("qc"));
        snprintf(args, sizeof(args), "quota set --client-id %s consumer_byte_rate=4096 request_percentage=25 --yes",
                 client);
        out = klaxon(t, &st, args);
        ck_assert_msg(st == 0 && strstr(out, "done and verified"), "%d: %s", st, out);
        free(out);
        snprintf(args, sizeof(args), "--entity-name %s", client);
        out = describe_client_until(t, args, (const char *const[]){"consumer_byte_rate=4096.0",
                                                                     "request_percentage=25.0", NULL}, NULL);
        ck_assert_msg(strstr(out, "consumer_byte_rate=4096.0") && strstr(out, "request_percentage=25.0"), "%s", out);
        free(out);
        /* Remove one key: Kafka's tool sees only the other. */
        snprintf(args, sizeof(args), "quota remove --client-id %s consumer_byte_rate --yes", client);
        out = klaxon(t, &st, args);
        ck_assert_msg(st == 0, "%s", out);
        free(out);
        snprintf(args, sizeof(args), "--entity-name %s", client);
        out = describe_client_until(t, args, (const char *const[]){"request_percentage=25.0", NULL},
                                    "consumer_byte_rate");
        ck_assert_msg(!strstr(out, "consumer_byte_rate") && strstr(out, "request_percentage=25.0"), "%s", out);
        free(out);
        /* A key Kafka does not know is refused at plan time (validate_only); nothing changes. */
        snprintf(args, sizeof(args), "quota set --client-id %s no_such_quota=1 --yes", client);
        out = klaxon(t, &st, args);
        ck_assert_int_ne(st, 0);
        free(out);
        ck_assert(klaxon_quota(t, "client-id", client, "no_such_quota") < 0);
}
END_TEST

START_TEST(test_quota_default_entity_and_read_only)
{
        const struct target *t = &targets[_i];
        int st;
        char *out;

        out = klaxon(t, &st, "quota set --default-client-id producer_byte_rate=777777 --yes");
        ck_assert_msg(st == 0, "%s", out);
        free(out);
        out = describe_client_until(t, "--entity-default", (const char *const[]){"producer_byte_rate=777777.0", NULL},
                                    NULL);
        ck_assert_msg(strstr(out, "producer_byte_rate=777777.0"), "%s", out);
        free(out);
        ck_assert(klaxon_quota_becomes(t, "client-id", NULL, "producer_byte_rate", 777777.0) == 777777.0);
        /* --read-only: refused in core, the quota stays. */
        out = klaxon(t, &st, "--read-only quota remove --default-client-id producer_byte_rate --yes");
        ck_assert_int_ne(st, 0);
        free(out);
        ck_assert(klaxon_quota(t, "client-id", NULL, "producer_byte_rate") == 777777.0);
        out = klaxon(t, &st, "quota remove --default-client-id producer_byte_rate --yes");
        ck_assert_msg(st == 0, "%s", out);
        free(out);
        ck_assert(klaxon_quota_becomes(t, "client-id", NULL, "producer_byte_rate", -1) < 0);
}
END_TEST

/* kafka-log-dirs' size of "topic-partition" on broker, or -1. */
static long long tool_size(json_t *tooldoc, int broker, const char *tp)
{
        json_t *b, *d, *p;
        size_t i, j, k;

        json_array_foreach(json_object_get(tooldoc, "brokers"), i, b) {
                if (json_integer_value(json_object_get(b, "broker")) != broker)
                        continue;
                json_array_foreach(json_object_get(b, "logDirs"), j, d)
                        json_array_foreach(json_object_get(d, "partitions"), k, p)
                                if (!strcmp(json_string_value(json_object_get(p, "partition")), tp))
                                        return (long long)json_integer_value(json_object_get(p, "size"));
        }
        return -1;
}

/* Compare every partition of topic in `klaxon disk --json` with
 * kafka-log-dirs; returns the number of (broker, partition) pairs seen. */
static int compare_disk(const struct target *t, const char *topic, int expect_pairs)
{
        char args[300], tp[300], *kout, *tout, *last;
        json_t *kdoc, *tdoc, *b, *d, *p;
        size_t i, j, k;
        int st, seen = 0;
        long long total = 0;

        kout = klaxon(t, &st, "disk --json");
        ck_assert_msg(st == 0, "klaxon disk failed: %s", kout);
        snprintf(args, sizeof(args), "--describe --topic-list %s", topic);
        tout = tool(t, &st, "kafka-log-dirs", args);
        ck_assert_int_eq(st, 0);
        last = strrchr(tout, '{') ? strstr(tout, "{\"brokers\"") : NULL;
        ck_assert_ptr_nonnull(last);
        kdoc = json_loads(kout, 0, NULL);
        tdoc = json_loads(last, JSON_DISABLE_EOF_CHECK, NULL);
        ck_assert(kdoc && tdoc);
        json_array_foreach(json_object_get(kdoc, "brokers"), i, b) {
                int id = (int)json_integer_value(json_object_get(b, "id"));

                ck_assert_msg(!json_object_get(b, "error"), "broker %d: %s", id,
                              json_string_value(json_object_get(b, "error")));
                json_array_foreach(json_object_get(b, "log_dirs"), j, d)
                        json_array_foreach(json_object_get(d, "partitions"), k, p) {
                                long long mine = (long long)json_integer_value(json_object_get(p, "bytes"));

                                if (strcmp(json_string_value(json_object_get(p, "topic")), topic))
                                        continue;
                                snprintf(tp, sizeof(tp), "%s-%d", topic,
                                         (int)json_integer_value(json_object_get(p, "partition")));
                                ck_assert_msg(tool_size(tdoc, id, tp) == mine, "broker %d %s: klaxon %lld, kafka %lld",
                                              id, tp, mine, tool_size(tdoc, id, tp));
                                total += mine;
                                seen++;
                        }
        }
        ck_assert_int_eq(seen, expect_pairs);
        ck_assert_msg(total > 0, "the produced records take no bytes?");
        json_decref(kdoc);
        json_decref(tdoc);
        free(kout);
        free(tout);
        return seen;
}

/* Poll kafka-log-dirs until each of topic's partitions has rf replicas,
 * all of one size. */
static void wait_replicas_settled(const struct target *t, const char *topic, int partitions, int rf)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        char args[300], tp[300], *out = NULL;
        bool settled;
        int st;

        snprintf(args, sizeof(args), "--describe --topic-list %s", topic);
        do {
                const char *doc;
                json_t *tdoc;

                free(out);
                out = tool(t, &st, "kafka-log-dirs", args);
                doc = st == 0 ? strstr(out, "{\"brokers\"") : NULL;
                tdoc = doc ? json_loads(doc, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
                settled = tdoc != NULL;
                for (int p = 0; settled && p < partitions; p++) {
                        long long size = -1;
                        int n = 0;

                        snprintf(tp, sizeof(tp), "%s-%d", topic, p);
                        for (int b = 1; b <= rf; b++) {
                                long long sz = tool_size(tdoc, b, tp);

                                if (sz >= 0 && (size < 0 || sz == size)) {
                                        size = sz;
                                        n++;
                                }
                        }
                        settled = n == rf;
                }
                json_decref(tdoc);
        } while (!settled && kx_test_wait_more(&w, 500));
        ck_assert_msg(settled, "replicas of %s never reached one size; kafka-log-dirs: %s", topic, out);
        free(out);
}

START_TEST(test_disk_matches_kafka_log_dirs)
{
        const struct target *t = &targets[_i];
        char topic[128];

        if (_i != 0)
                return;   /* kafkatest's producer speaks plaintext only: the secure disk cases are below */
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.disk"));
        kt_create_topic(t->boot, topic, 3, 1);
        for (int p = 0; p < 3; p++)
                kt_produce(t->boot, topic, p, 50 * (p + 1));
        compare_disk(t, topic, 3);
}
END_TEST

START_TEST(test_disk_3_brokers_every_replica)
{
        struct target t3 = {.name = "check3"};
        const char *b3 = getenv("KLAXON_BOOTSTRAP3");
        char topic[128];

        ck_assert_ptr_nonnull(b3);
        snprintf(t3.boot, sizeof(t3.boot), "%s", b3);
        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.disk3"));
        kt_create_topic(b3, topic, 4, 3);
        for (int p = 0; p < 4; p++)
                kt_produce(b3, topic, p, 30 + p);
        /* Both tools must read files that no longer move: wait until
         * kafka-log-dirs shows every replica of every partition at the
         * same size (followers fetch asynchronously). */
        wait_replicas_settled(&t3, topic, 4, 3);
        compare_disk(&t3, topic, 4 * 3);
}
END_TEST

START_TEST(test_disk_over_sasl)
{
        const struct target *t = &targets[1 + _i];
        char topic[128], args[300];
        int st;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.disksec"));
        snprintf(args, sizeof(args), "--create --topic %s --partitions 2 --replication-factor 1", topic);
        free(tool(t, &st, "kafka-topics", args));
        ck_assert_int_eq(st, 0);
        free(kx_test_sh(&st,
                        "seq 1 200 | tests/env/kafka tool kafka-console-producer --bootstrap-server '%s' "
                        "--producer.config %s/admin.properties --topic %s >/dev/null 2>&1", t->boot,
                        _i ? getenv("KLAXON_TLS_DIR") : getenv("KLAXON_SECURE_DIR"), topic));
        ck_assert_int_eq(st, 0);
        compare_disk(t, topic, 2);
}
END_TEST

/* ---- SCRAM and TLS through the core module ---- */

/* A config for target t with librdkafka on PLAIN (t->kx_args' settings). */
static void target_config(const struct target *t, struct kx_config *cfg)
{
        const char *dir = getenv("KLAXON_TLS_DIR");
        char path[600];

        kx_config_init(cfg);
        kx_config_set_str(&cfg->bootstrap, t->boot);
        kx_config_set_prop(cfg, "security.protocol", t == &targets[2] ? "SASL_SSL" : "SASL_PLAINTEXT", "test");
        kx_config_set_prop(cfg, "sasl.mechanisms", "PLAIN", "test");
        kx_config_set_prop(cfg, "sasl.username", "admin", "test");
        kx_config_set_prop(cfg, "sasl.password", "admin-secret", "test");
        if (t != &targets[2])
                return;
        snprintf(path, sizeof(path), "%s/ca.pem", dir);
        kx_config_set_prop(cfg, "ssl.ca.location", path, "test");
        snprintf(path, sizeof(path), "%s/client.crt", dir);
        kx_config_set_prop(cfg, "ssl.certificate.location", path, "test");
        snprintf(path, sizeof(path), "%s/client-enc.key", dir);
        kx_config_set_prop(cfg, "ssl.key.location", path, "test");
        kx_config_set_prop(cfg, "ssl.key.password", "client-key-secret", "test");
}

/* Brokers from librdkafka (PLAIN), then klaxon's module with mechanism. */
static void scram_admin(const struct target *t, struct kx_config *cfg, struct kx_kadmin *ka, const char *mechanism,
                        const char *user, const char *password)
{
        struct kx_err err;

        target_config(t, cfg);
        ck_assert_msg(kx_kadmin_from_config(ka, cfg, 10000, &err) == 0, "%s", err.msg);
        snprintf(ka->sec.mechanism, sizeof(ka->sec.mechanism), "%s", mechanism);
        ka->sec.username = user;
        ka->sec.password = password;
}

static int scram_list(const struct target *t, const char *mechanism, const char *user, const char *password,
                      struct kx_err *err)
{
        struct kx_config cfg;
        struct kx_kadmin ka;
        struct kx_quotas_desc q;
        struct kx_arena a;
        int rc;

        scram_admin(t, &cfg, &ka, mechanism, user, password);
        kx_arena_init(&a);
        rc = kx_quotas_list(&ka, &a, &q, err);
        kx_arena_done(&a);
        kx_kadmin_done(&ka);
        kx_config_done(&cfg);
        return rc;
}

START_TEST(test_scram_sha256)
{
        struct kx_err err;

        kx_err_clear(&err);
        ck_assert_msg(scram_list(&targets[1], "SCRAM-SHA-256", "admin", "admin-secret", &err) == 0, "%s", err.msg);
        ck_assert_int_eq(scram_list(&targets[1], "SCRAM-SHA-256", "admin", "wrong-pass-xyz", &err), KX_ERR_REFUSED);
        ck_assert_msg(!strstr(err.msg, "wrong-pass-xyz"), "secret in message: %s", err.msg);
}
END_TEST

START_TEST(test_scram_over_tls)
{
        const char *mech = _i ? "SCRAM-SHA-512" : "SCRAM-SHA-256";
        struct kx_logdirs_usage u;
        struct kx_elect_result r;
        struct kx_config cfg;
        struct kx_kadmin ka;
        struct kx_arena a;
        struct kx_err err;

        kx_err_clear(&err);
        ck_assert_msg(scram_list(&targets[2], mech, "admin", "admin-secret", &err) == 0, "%s: %s", mech, err.msg);
        ck_assert_int_eq(scram_list(&targets[2], mech, "app", "not-apps-password", &err), KX_ERR_REFUSED);
        ck_assert_msg(!strstr(err.msg, "not-apps-password"), "secret in message: %s", err.msg);
        /* Log dirs of all 3 brokers and an election of every partition
         * over SASL_SSL + SCRAM: each partition listed answers done (0) or
         * ELECTION_NOT_NEEDED (84); an election of everything lists only
         * the partitions it moved (the election test below moves leadership
         * on purpose). */
        scram_admin(&targets[2], &cfg, &ka, mech, "admin", "admin-secret");
        ck_assert_msg(kx_logdirs_collect(&ka, &u, &err) == 0, "%s", err.msg);
        ck_assert_int_eq(u.broker_cnt, 3);
        for (int b = 0; b < u.broker_cnt; b++) {
                ck_assert_int_ge(u.brokers[b].desc.dir_cnt, 1);
                ck_assert_ptr_nonnull(strstr(u.brokers[b].desc.dirs[0].path, "checktls"));
        }
        kx_logdirs_usage_done(&u);
        kx_arena_init(&a);
        ck_assert_msg(kx_elect_leaders(&ka, KX_ELECT_PREFERRED, NULL, 0, 10000, &a, &r, &err) == 0, "%s", err.msg);
        for (int i = 0; i < r.part_cnt; i++)
                ck_assert_msg(r.parts[i].error == 0 || r.parts[i].error == 84, "%s/%d: error %d", r.parts[i].topic,
                              (int)r.parts[i].partition, r.parts[i].error);
        kx_arena_done(&a);
        kx_kadmin_done(&ka);
        kx_config_done(&cfg);
}
END_TEST

START_TEST(test_tls_refusals)
{
        struct kx_config cfg;
        struct kx_kadmin ka;
        struct kx_kconn *c = NULL;
        struct kx_err err;

        scram_admin(&targets[2], &cfg, &ka, "SCRAM-SHA-256", "admin", "admin-secret");
        /* No CA given: the system CAs do not trust the test CA. */
        ka.sec.ca = NULL;
        ck_assert_int_eq(kx_kadmin_connect(&ka, -1, &c, &err), KX_ERR_UNREACHABLE);
        ck_assert_msg(strstr(err.msg, "not trusted"), "%s", err.msg);
        /* A wrong key password names the option, never the password. */
        kx_kadmin_done(&ka);
        kx_config_done(&cfg);
        scram_admin(&targets[2], &cfg, &ka, "SCRAM-SHA-256", "admin", "admin-secret");
        ka.sec.key_password = "bad-key-pw-123";
        ck_assert_int_eq(kx_kadmin_connect(&ka, -1, &c, &err), KX_ERR_CONFIG);
        ck_assert_msg(strstr(err.msg, "ssl.key.location") && !strstr(err.msg, "bad-key-pw-123"), "%s", err.msg);
        /* No client certificate: the broker requires one. */
        kx_kadmin_done(&ka);
        kx_config_done(&cfg);
        scram_admin(&targets[2], &cfg, &ka, "SCRAM-SHA-256", "admin", "admin-secret");
        ka.sec.cert = ka.sec.key = NULL;
        ck_assert_int_ne(kx_kadmin_connect(&ka, -1, &c, &err), 0);
        ck_assert_ptr_null(c);
        kx_kadmin_done(&ka);
        kx_config_done(&cfg);
}
END_TEST

/* ---- preferred leader election on 3 brokers ---- */

struct part_leader {
        int leader, preferred;
};

/* Leaders and first replicas of topic's partitions from kafka-topics on t. */
static int describe_leaders(const struct target *t, const char *topic, struct part_leader *out, int max)
{
        int st, n = 0;
        char args[300];
        char *text;

        snprintf(args, sizeof(args), "--describe --topic %s", topic);
        text = tool(t, &st, "kafka-topics", args);
        char *line = text, *next;

        ck_assert_int_eq(st, 0);
        for (; line && *line; line = next) {
                char *p, *l, *r;
                int part;

                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                p = strstr(line, "Partition: ");
                l = strstr(line, "Leader: ");
                r = strstr(line, "Replicas: ");
                if (!p || !l || !r)
                        continue;
                part = atoi(p + 11);
                if (part >= 0 && part < max) {
                        out[part].leader = strncmp(l + 8, "none", 4) ? atoi(l + 8) : -1;
                        out[part].preferred = atoi(r + 10);
                        n++;
                }
        }
        free(text);
        return n;
}

/* stop-broker / start-broker ID on the tests/env cluster named cluster. */
static void env_kafka(const char *cluster, const char *verb, int id)
{
        int st;
        char *out = kx_test_sh(&st, "tests/env/kafka %s %d --name '%s' >&2", verb, id, cluster);

        free(out);
        ck_assert_msg(st == 0, "tests/env/kafka %s %d --name %s failed", verb, id, cluster);
}

/* The 3-broker clusters an election runs on: 0 plaintext check3; 1
 * checktls (3 brokers, SASL_SSL, self-signed CA, client certificates) with
 * klaxon's own client on SCRAM-SHA-512. Sets *t; returns the cluster's
 * tests/env name. */
static const char *elect_cluster(int i, struct target *t)
{
        const char *b3 = getenv("KLAXON_BOOTSTRAP3"), *name = getenv("KLAXON_CLUSTER3");

        if (i == 1) {
                *t = targets[3];
                name = getenv("KLAXON_CLUSTER_TLS");
        } else {
                memset(t, 0, sizeof(*t));
                t->name = "check3";
                ck_assert_msg(b3, "KLAXON_BOOTSTRAP3 not set");
                snprintf(t->boot, sizeof(t->boot), "%s", b3);
        }
        ck_assert_msg(name, "KLAXON_CLUSTER3/KLAXON_CLUSTER_TLS not set");
        return name;
}

/* Create topic on t with partitions x replication (the Java tool, so the
 * secure clusters work too). */
static void create_on(const struct target *t, const char *topic, const char *layout)
{
        int st;
        char args[300];
        char *out;

        snprintf(args, sizeof(args), "--create --topic %s %s", topic, layout);
        out = tool(t, &st, "kafka-topics", args);
        ck_assert_msg(st == 0, "create %s on %s: %s", topic, t->name, out);
        free(out);
}

START_TEST(test_elect_restores_preferred_leaders)
{
        struct target t3;
        const char *cluster = elect_cluster(_i, &t3);
        struct part_leader pl[6];
        struct kx_test_wait w;
        char topic[128], args[300];
        int st, led_by_2 = 0, off = 0, still;
        char *out;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.elect"));
        create_on(&t3, topic, "--partitions 6 --replication-factor 3");
        /* Leadership of a new topic settles within moments. */
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        while (describe_leaders(&t3, topic, pl, 6) != 6 && kx_test_wait_more(&w, 250))
                ;
        ck_assert_int_eq(describe_leaders(&t3, topic, pl, 6), 6);
        for (int p = 0; p < 6; p++) {
                ck_assert_int_eq(pl[p].leader, pl[p].preferred);
                led_by_2 += pl[p].leader == 2;
        }
        ck_assert_int_gt(led_by_2, 0);
        /* 1. Stop broker 2: its partitions get other leaders. */
        env_kafka(cluster, "stop-broker", 2);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                still = 0;
                describe_leaders(&t3, topic, pl, 6);
                for (int p = 0; p < 6; p++)
                        still += pl[p].leader == 2;
        } while (still && kx_test_wait_more(&w, 250));
        for (int p = 0; p < 6; p++)
                ck_assert_msg(pl[p].leader != 2, "partition %d still led by the stopped broker 2", p);
        /* 2. Start it again: leadership stays where it moved. */
        env_kafka(cluster, "start-broker", 2);
        describe_leaders(&t3, topic, pl, 6);
        for (int p = 0; p < 6; p++)
                off += pl[p].leader != pl[p].preferred;
        ck_assert_int_eq(off, led_by_2);
        /* The dry run lists exactly those partitions and changes nothing. */
        snprintf(args, sizeof(args), "elect-leaders --topic %s --dry-run", topic);
        out = klaxon(&t3, &st, args);
        ck_assert_msg(st == 0 && strstr(out, "dry run"), "%s", out);
        for (int p = 0; p < 6; p++) {
                char what[200];

                snprintf(what, sizeof(what), "%s/%d leader", topic, p);
                ck_assert_msg((strstr(out, what) != NULL) == (pl[p].leader != pl[p].preferred), "%s: %s", what, out);
        }
        free(out);
        describe_leaders(&t3, topic, pl, 6);
        off = 0;
        for (int p = 0; p < 6; p++)
                off += pl[p].leader != pl[p].preferred;
        ck_assert_int_eq(off, led_by_2);
        /* 3. klaxon elect-leaders: the preferred replicas lead again (the
         * broker may still be rejoining the ISR: klaxon then says it cannot
         * move yet, so retry as an operator would). */
        snprintf(args, sizeof(args), "elect-leaders --topic %s --yes --reason 'broker 2 is back'", topic);
        out = NULL;
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                free(out);
                out = klaxon(&t3, &st, args);
        } while ((st != 0 || strstr(out, "cannot move")) && kx_test_wait_more(&w, 500));
        ck_assert_msg(st == 0 && !strstr(out, "cannot move"), "elect-leaders: %s", out);
        free(out);
        describe_leaders(&t3, topic, pl, 6);
        for (int p = 0; p < 6; p++)
                ck_assert_msg(pl[p].leader == pl[p].preferred, "partition %d led by %d, preferred %d", p, pl[p].leader,
                              pl[p].preferred);
        /* The action is in the audit log. */
        out = kx_test_sh(&st, "%s --state-dir %s audit log", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "elect-leaders") && strstr(out, "broker 2 is back"), "%s", out);
        free(out);
}
END_TEST

/* Poll kafka-topics until partition 0 of topic is led by `leader` (-1:
 * offline); false once KX_TEST_WAIT_MS has passed. */
static bool wait_leader(const struct target *t, const char *topic, int leader)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        struct part_leader pl[1] = {{-2, -2}};

        do {
                if (describe_leaders(t, topic, pl, 1) == 1 && pl[0].leader == leader)
                        return true;
        } while (kx_test_wait_more(&w, 250));
        return false;
}

/* High watermark of partition 0 of topic, from kafka-get-offsets. */
static long long end_offset(const char *boot, const char *topic)
{
        int st;
        char *out = kx_test_sh(&st, "tests/env/kafka tool kafka-get-offsets --bootstrap-server '%s' --topic %s "
                                    "--partitions 0 2>/dev/null", boot, topic);
        const char *colon = strrchr(out, ':');
        long long v = st == 0 && colon ? atoll(colon + 1) : -1;

        free(out);
        return v;
}

/* The offline-partition remedy: the only in-sync replica is gone and an
 * out-of-sync one is alive. `elect-leaders --unclean` plans exactly that
 * partition, the dry run changes nothing, the real run brings it back led
 * by the survivor, and the records only the lost replica had are gone, as
 * the plan warned. */
START_TEST(test_unclean_election_brings_offline_partition_back)
{
        struct target t3;
        const char *cluster = elect_cluster(0, &t3), *b3 = t3.boot;
        struct kx_test_wait w;
        char topic[128], args[300];
        int st;
        char *out;

        snprintf(topic, sizeof(topic), "%s", kx_test_unique("it.unclean"));
        create_on(&t3, topic, "--replica-assignment 1:2");
        ck_assert(wait_leader(&t3, topic, 1));
        kt_produce(b3, topic, 0, 5);           /* on both replicas */
        /* Broker 2 leaves; 5 more records exist only on broker 1. */
        env_kafka(cluster, "stop-broker", 2);
        kt_produce(b3, topic, 0, 5);
        ck_assert_int_eq(end_offset(b3, topic), 10);
        /* Broker 1, the last in-sync replica, leaves too (the controller
         * quorum is lost until broker 2 returns); broker 2 comes back out
         * of sync, and the partition stays offline. */
        env_kafka(cluster, "stop-broker", 1);
        env_kafka(cluster, "start-broker", 2);
        ck_assert_msg(wait_leader(&t3, topic, -1), "%s/0 is not offline", topic);
        /* Nothing to do for a preferred election; the unclean plan lists it. */
        snprintf(args, sizeof(args), "elect-leaders --topic %s --unclean --dry-run", topic);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        out = NULL;
        do { /* until broker 2 is registered again */
                free(out);
                out = klaxon(&t3, &st, args);
        } while (!(st == 0 && strstr(out, "1 offline partition")) && kx_test_wait_more(&w, 500));
        ck_assert_msg(st == 0 && strstr(out, "1 offline partition"), "the unclean plan never listed %s/0: %s", topic,
                      out);
        ck_assert_msg(strstr(out, "dry run") && strstr(out, "LOST"), "%s", out);
        free(out);
        ck_assert(wait_leader(&t3, topic, -1));
        /* The real run: broker 2 leads, without the 5 records it never had. */
        snprintf(args, sizeof(args), "elect-leaders --topic %s --unclean --yes --reason 'broker 1 disk is gone'",
                 topic);
        out = klaxon(&t3, &st, args);
        ck_assert_msg(st == 0 && strstr(out, "verified"), "%s", out);
        free(out);
        ck_assert_msg(wait_leader(&t3, topic, 2), "%s/0 not led by broker 2", topic);
        ck_assert_int_eq(end_offset(b3, topic), 5);
        out = kx_test_sh(&st, "%s --state-dir %s audit log", kx_test_klaxon(), state_dir);
        ck_assert_msg(strstr(out, "unclean-election") && strstr(out, "broker 1 disk is gone"), "%s", out);
        free(out);
        /* Broker 1 returns and follows (truncating what was lost). */
        env_kafka(cluster, "start-broker", 1);
        snprintf(args, sizeof(args), "elect-leaders --topic %s --unclean --dry-run", topic);
        out = klaxon(&t3, &st, args);
        ck_assert_msg(st == 0 && strstr(out, "none offline"), "%s", out);
        free(out);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("admin_proto");
        TCase *q = tcase_create("quotas");
        TCase *d = tcase_create("disk");
        TCase *sc = tcase_create("scram");
        TCase *el = tcase_create("elect");

        tcase_add_checked_fixture(q, setup, NULL);
        tcase_set_timeout(q, 120);
        tcase_add_loop_test(q, test_quota_from_kafka_configs_read_by_klaxon, 0, NTARGETS);
        tcase_add_loop_test(q, test_quota_set_by_klaxon_read_by_kafka_configs, 0, NTARGETS);
        tcase_add_loop_test(q, test_quota_default_entity_and_read_only, 0, NTARGETS);
        tcase_add_checked_fixture(d, setup, NULL);
        tcase_set_timeout(d, 120);
        tcase_add_loop_test(d, test_disk_matches_kafka_log_dirs, 0, 1);
        tcase_add_test(d, test_disk_3_brokers_every_replica);
        tcase_add_loop_test(d, test_disk_over_sasl, 0, 2);
        tcase_add_checked_fixture(sc, setup, NULL);
        tcase_set_timeout(sc, 120);
        tcase_add_test(sc, test_scram_sha256);
        tcase_add_loop_test(sc, test_scram_over_tls, 0, 2);
        tcase_add_test(sc, test_tls_refusals);
        tcase_add_checked_fixture(el, setup, NULL);
        tcase_add_unchecked_fixture(el, NULL, kx_test_restore_clusters);
        tcase_set_timeout(el, 180);
        tcase_add_loop_test(el, test_elect_restores_preferred_leaders, 0, 2);
        tcase_add_test(el, test_unclean_election_brings_offline_partition_back);
        suite_add_tcase(s, q);
        suite_add_tcase(s, d);
        suite_add_tcase(s, sc);
        suite_add_tcase(s, el);
        return kx_test_run(s);
}
