/* test_replay.c - replay jobs against the real cluster: a key-filtered time
 * range lands in a new topic exactly (read back independently with kcat, in
 * order per partition, with provenance headers); kill -9 at about half way
 * and resume gives no gap and no duplicate; a live group's committed offsets
 * do not move; a job started from a tmux session that is then killed runs to
 * completion; bad input gets a clear error. */
#include "../lib/kafkatest.h"
#include "../lib/testlib.h"
#include "../lib/tmuxtest.h"
#include "../../core/group_offsets.h"
#include "../../core/job_store.h"
#include "../../core/kafka.h"

#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char boot[512], state_dir[128];

static void setup(void)
{
        snprintf(boot, sizeof(boot), "%s", kx_test_bootstrap());
        snprintf(state_dir, sizeof(state_dir), "/tmp/klaxon-it-replay-%d", (int)getpid());
}

/* kx_test_unique plus the clock: pids repeat across runs on a kept cluster. */
static const char *unique(const char *prefix)
{
        static char buf[100];

        snprintf(buf, sizeof(buf), "%.60s-%lld", kx_test_unique(prefix), (long long)(kx_now_ms() % 100000000));
        return buf;
}

/* Run klaxon with the suite's cluster and state dir; caller frees. */
static char *klaxon(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *klaxon(int *status, const char *fmt, ...)
{
        char args[4096];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(args, sizeof(args), fmt, ap);
        va_end(ap);
        return kx_test_sh(status, "%s -b '%s' --state-dir %s %s", kx_test_klaxon(), boot, state_dir,
                          args);
}

/* Produce count records to partition: key "k<i % 5>", value "<tag>-<p>-<i>",
 * header trace=<tag>. acks=all, flushed. */
static void produce(const char *topic, int32_t partition, int count, const char *tag)
{
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        char errstr[256];

        rd_kafka_conf_set(conf, "bootstrap.servers", boot, NULL, 0);
        rd_kafka_conf_set(conf, "acks", "all", NULL, 0);
        rd_kafka_conf_set(conf, "log_level", "3", NULL, 0);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        ck_assert_msg(rk != NULL, "%s", errstr);
        for (int i = 0; i < count; i++) {
                char key[16], value[64];

                snprintf(key, sizeof(key), "k%d", i % 5);
                snprintf(value, sizeof(value), "%s-%d-%d", tag, partition, i);
                ck_assert_int_eq(rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                                   RD_KAFKA_V_PARTITION(partition),
                                                   RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                                   RD_KAFKA_V_KEY(key, strlen(key)),
                                                   RD_KAFKA_V_VALUE(value, strlen(value)),
                                                   RD_KAFKA_V_HEADER("trace", tag, -1),
                                                   RD_KAFKA_V_END),
                                 0);
        }
        ck_assert_int_eq(rd_kafka_flush(rk, 30000), 0);
        rd_kafka_destroy(rk);
}

static void iso(int64_t ms, char *buf, size_t size)
{
        time_t s = (time_t)(ms / 1000);
        struct tm tm;

        gmtime_r(&s, &tm);
        size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);

        snprintf(buf + n, size - n, ".%03dZ", (int)(ms % 1000));
}

/* The job id from "job rXXXX: ..." in out, into id. */
static void job_id(const char *out, char *id, size_t size)
{
        const char *p = strstr(out, "job r");

        ck_assert_msg(p != NULL, "no job id in: %s", out);
        snprintf(id, size, "%.*s", (int)strcspn(p + 4, ": \n"), p + 4);
}

/* The target read back with kcat: "partition|key|value|headers" lines. */
static char *kcat_dump(const char *topic)
{
        int st;
        char *out = kx_test_sh(&st, "kcat -C -b '%s' -t '%s' -e -q -f '%%p|%%k|%%s|%%h\\n'", boot, topic);

        ck_assert_int_eq(st, 0);
        return out;
}

START_TEST(test_key_filtered_time_range)
{
        char src[128], dst[128], from[40], to[40], id[32], *out, *got;
        char want[16384] = "";
        int64_t t_from, t_to;
        int st;

        snprintf(src, sizeof(src), "%s", unique("it.replay.src"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.dst"));
        kt_create_topic(boot, src, 2, 1);
        kt_create_topic(boot, dst, 2, 1);
        for (int p = 0; p < 2; p++)
                produce(src, p, 20, "a");
        usleep(1200 * 1000);
        t_from = kx_now_ms();
        usleep(300 * 1000);
        for (int p = 0; p < 2; p++)
                produce(src, p, 20, "b");
        usleep(1200 * 1000);
        t_to = kx_now_ms();
        usleep(300 * 1000);
        for (int p = 0; p < 2; p++)
                produce(src, p, 20, "c");
        iso(t_from, from, sizeof(from));
        iso(t_to, to, sizeof(to));

        out = klaxon(&st, "replay --topic %s --from %s --to %s --keys k1,k3 --target-topic %s "
                          "--dry-run", src, from, to, dst);
        ck_assert_int_eq(st, 0);
        ck_assert_ptr_nonnull(strstr(out, "offsets 20..40"));
        ck_assert_ptr_nonnull(strstr(out, "dry run: nothing changed"));
        free(out);
        got = kcat_dump(dst);
        ck_assert_str_eq(got, ""); /* the dry run wrote nothing */
        free(got);

        out = klaxon(&st, "replay --topic %s --from %s --to %s --keys k1,k3 --target-topic %s --yes",
                     src, from, to, dst);
        ck_assert_msg(st == 0, "replay failed: %s", out);
        ck_assert_ptr_nonnull(strstr(out, "done and verified"));
        job_id(out, id, sizeof(id));
        free(out);
        for (int p = 0; p < 2; p++)
                for (int i = 0; i < 20; i++) {
                        if (i % 5 != 1 && i % 5 != 3)
                                continue;
                        snprintf(want + strlen(want), sizeof(want) - strlen(want),
                                 "%d|k%d|b-%d-%d|trace=b,klaxon-replay-id=%s,"
                                 "klaxon-replay-source-topic=%s,klaxon-replay-source-partition=%d,"
                                 "klaxon-replay-source-offset=%d\n",
                                 p, i % 5, p, i, id, src, p, 20 + i);
                }
        got = kcat_dump(dst);
        /* kcat interleaves partitions; compare each partition's lines in order. */
        for (int p = 0; p < 2; p++) {
                char prefix[8], wp[8192] = "", gp[8192] = "";

                snprintf(prefix, sizeof(prefix), "%d|", p);
                for (char *l = want; *l; l = strchr(l, '\n') + 1)
                        if (!strncmp(l, prefix, strlen(prefix)))
                                strncat(wp, l, strcspn(l, "\n") + 1);
                for (char *l = got; *l; l = strchr(l, '\n') + 1)
                        if (!strncmp(l, prefix, strlen(prefix)))
                                strncat(gp, l, strcspn(l, "\n") + 1);
                ck_assert_str_eq(gp, wp);
        }
        ck_assert_uint_eq(strlen(got), strlen(want));
        free(got);
        out = klaxon(&st, "job show %s", id);
        ck_assert_ptr_nonnull(strstr(out, "state: done"));
        ck_assert_ptr_nonnull(strstr(out, "\"matched\": 16"));
        ck_assert_ptr_nonnull(strstr(out, "\"written\": 16"));
        free(out);

        /* --keep-timestamps: the target's timestamps are the source's. */
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.tsdst"));
        kt_create_topic(boot, dst, 2, 1);
        out = klaxon(&st, "replay --topic %s --from %s --to %s --keys k1,k3 --target-topic %s "
                          "--keep-timestamps --yes",
                     src, from, to, dst);
        ck_assert_msg(st == 0, "replay failed: %s", out);
        free(out);
        {
                char *a = kx_test_sh(&st, "kcat -C -b '%s' -t '%s' -e -q -f '%%p %%k %%s %%T\\n' | "
                                          "grep -E ' (k1|k3) b-' | sort", boot, src);
                char *b = kx_test_sh(&st, "kcat -C -b '%s' -t '%s' -e -q -f '%%p %%k %%s %%T\\n' | sort",
                                     boot, dst);

                ck_assert_int_eq(strlen(a) > 0, 1);
                ck_assert_str_eq(b, a);
                free(a);
                free(b);
        }
}
END_TEST

/* Source offsets written for src, per partition, counted from the target's
 * provenance headers: dup set if any offset appears twice. */
static void check_exact(const char *dst, const char *id, int partitions, int per_partition)
{
        char *got = kcat_dump(dst);
        int *seen = calloc((size_t)(partitions * per_partition), sizeof(int));
        int lines = 0;

        for (char *l = got; *l; l = strchr(l, '\n') + 1) {
                char needle[64];
                const char *h;
                int p, o;

                snprintf(needle, sizeof(needle), "klaxon-replay-id=%s,", id);
                ck_assert_msg(strstr(l, needle) != NULL, "record without this job's id: %.200s", l);
                h = strstr(l, "klaxon-replay-source-partition=");
                ck_assert_ptr_nonnull(h);
                ck_assert_int_eq(sscanf(h, "klaxon-replay-source-partition=%d,"
                                           "klaxon-replay-source-offset=%d", &p, &o), 2);
                ck_assert(p >= 0 && p < partitions && o >= 0 && o < per_partition);
                ck_assert_msg(seen[p * per_partition + o] == 0, "duplicate: %d/%d", p, o);
                seen[p * per_partition + o] = 1;
                lines++;
        }
        for (int i = 0; i < partitions * per_partition; i++)
                ck_assert_msg(seen[i], "gap: partition %d offset %d missing", i / per_partition,
                              i % per_partition);
        ck_assert_int_eq(lines, partitions * per_partition);
        free(seen);
        free(got);
}

static int64_t job_done(const char *id, char *state, size_t size)
{
        int st;
        char *out = klaxon(&st, "job list");
        char *l = strstr(out, id);
        long long done = -1;
        int pct;

        state[0] = '\0';
        if (l)
                sscanf(l + strlen(id), " %15s %d%% %lld", state, &pct, &done);
        (void)size;
        free(out);
        return done;
}

static int job_pid(const char *id)
{
        int st, pid = 0;
        char *out = klaxon(&st, "job show %s", id);
        char *p = strstr(out, "\npid: ");

        if (p)
                pid = atoi(p + 6);
        free(out);
        return pid;
}

/* The runner's pid, once the job records it. */
static int wait_job_pid(const char *id)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        int pid;

        while (!(pid = job_pid(id)) && kx_test_wait_more(&w, 100))
                ;
        ck_assert_msg(pid > 0, "job %s never recorded its runner's pid", id);
        return pid;
}

/* Poll `job list` until the job is in state want or in a final state
 * (failed, done, cancelled), and assert it is in want; state gets the last
 * one seen. Returns the job's done count. */
static int64_t wait_job_state(const char *id, const char *want, char *state, size_t size)
{
        struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
        int64_t done;

        do {
                done = job_done(id, state, size);
                if (!strcmp(state, want) || kx_job_state_final(state))
                        break;
        } while (kx_test_wait_more(&w, 100));
        ck_assert_msg(!strcmp(state, want), "job %s: state \"%s\", waited for \"%s\"", id, state, want);
        return done;
}

START_TEST(test_kill9_and_resume_exact)
{
        char src[128], dst[128], id[32], state[16], *out;
        struct kx_test_wait w;
        int st, pid;
        int64_t done = 0;

        snprintf(src, sizeof(src), "%s", unique("it.replay.k9src"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.k9dst"));
        kt_create_topic(boot, src, 2, 1);
        kt_create_topic(boot, dst, 2, 1);
        produce(src, 0, 1000, "x");
        produce(src, 1, 1000, "x");
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s "
                          "--rate 250 --yes --detach",
                     src, dst);
        ck_assert_msg(st == 0, "%s", out);
        ck_assert_ptr_nonnull(strstr(out, "running detached"));
        job_id(out, id, sizeof(id));
        free(out);
        /* Kill it about half way (the job checkpoints once a second). The
         * runner is stopped (SIGSTOP) while its progress is read, so it
         * cannot finish meanwhile however slowly `job list` runs here; it
         * runs a second between reads (at most ~275 records). */
        pid = wait_job_pid(id);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                ck_assert_int_eq(kill(pid, SIGSTOP), 0);
                done = job_done(id, state, sizeof(state));
                if (done >= 1000)
                        break;
                ck_assert_int_eq(kill(pid, SIGCONT), 0);
        } while (kx_test_wait_more(&w, 1000));
        ck_assert_msg(done >= 1000 && done < 2000, "job at %lld, state %s", (long long)done, state);
        ck_assert_int_eq(kill(pid, SIGKILL), 0);
        wait_job_state(id, "interrupted", state, sizeof(state));
        out = klaxon(&st, "job resume %s --yes", id);
        ck_assert_msg(st == 0, "resume failed: %s", out);
        ck_assert_ptr_nonnull(strstr(out, "done and verified"));
        free(out);
        check_exact(dst, id, 2, 1000);
        out = klaxon(&st, "job resume %s --yes", id);
        ck_assert_int_ne(st, 0); /* a finished job does not run twice */
        free(out);
}
END_TEST

START_TEST(test_live_group_untouched)
{
        char src[128], dst[128], group[128], *out;
        rd_kafka_topic_partition_list_t *l;
        struct kx_config cfg;
        struct kx_logbuf lb;
        struct kx_err err;
        rd_kafka_t *rk;
        int st;

        snprintf(src, sizeof(src), "%s", unique("it.replay.gsrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.gdst"));
        snprintf(group, sizeof(group), "%s", unique("it-replay-live"));
        kt_create_topic(boot, src, 2, 1);
        kt_create_topic(boot, dst, 2, 1);
        produce(src, 0, 50, "g");
        produce(src, 1, 50, "g");
        kt_commit(boot, group, src, 0, 17);
        kt_commit(boot, group, src, 1, 33);
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s --yes",
                     src, dst);
        ck_assert_msg(st == 0, "%s", out);
        free(out);
        kx_config_init(&cfg);
        kx_config_set_str(&cfg.bootstrap, boot);
        kx_logbuf_init(&lb);
        rk = kx_kafka_new(&cfg, &lb, "it-replay", NULL, &err);
        ck_assert_ptr_nonnull(rk);
        l = rd_kafka_topic_partition_list_new(2);
        rd_kafka_topic_partition_list_add(l, src, 0);
        rd_kafka_topic_partition_list_add(l, src, 1);
        ck_assert_int_eq(kx_group_committed(rk, group, l, 10000, &err), 0);
        ck_assert_int_eq(l->elems[0].offset, 17);
        ck_assert_int_eq(l->elems[1].offset, 33);
        rd_kafka_topic_partition_list_destroy(l);
        rd_kafka_destroy(rk);
        kx_logbuf_done(&lb);
        kx_config_done(&cfg);
        /* And the replay left no committed offsets of its own anywhere. */
        out = kx_test_sh(&st, "%s -b '%s' snapshot --json | grep -c klaxon-replay-r", kx_test_klaxon(),
                         boot);
        ck_assert_str_eq(out, "0\n");
        free(out);
}
END_TEST

START_TEST(test_survives_tmux_session_killed)
{
        char src[128], dst[128], cmd[2048], id[32] = "", state[16] = "", *screen;
        int64_t done = 0;

        tt_init();
        snprintf(src, sizeof(src), "%s", unique("it.replay.tsrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.tdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 600, "t");
        snprintf(cmd, sizeof(cmd), "sh -c \"%s -b '%s' --state-dir %s replay --topic %s --from 0 "
                                   "--to 4102444800000 --target-topic %s --rate 200 --yes --detach; "
                                   "sleep 600\"",
                 kx_test_klaxon(), boot, state_dir, src, dst);
        tt_start("replay", 160, 20, cmd);
        ck_assert(tt_wait_for("replay", "running detached", TT_WAIT_MS));
        screen = tt_capture("replay");
        job_id(screen, id, sizeof(id));
        free(screen);
        tt_kill_session("replay"); /* the terminal goes away: SIGHUP to its session */
        done = wait_job_state(id, "done", state, sizeof(state));
        ck_assert_int_eq(done, 600);
        check_exact(dst, id, 1, 600);
}
END_TEST

START_TEST(test_bad_input)
{
        char src[128], dst[128], *out;
        int st;

        snprintf(src, sizeof(src), "%s", unique("it.replay.bsrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.bdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 30, "d");
        out = klaxon(&st, "replay --topic no.such.topic.%d --from 0 --to 9999999999999 "
                          "--target-topic %s --dry-run 2>&1", (int)getpid(), dst);
        ck_assert_int_ne(st, 0);
        ck_assert_ptr_nonnull(strstr(out, "unknown topic"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 2026-01-02T00:00:00Z --to 2026-01-01T00:00:00Z "
                          "--target-topic %s --dry-run 2>&1", src, dst);
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "--from must be before --to"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic %s "
                          "--dry-run 2>&1", src, src);
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "is the source topic"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic %s --rate 0 "
                          "--dry-run 2>&1", src, dst);
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "--rate must be > 0"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic %s "
                          "--bytes-rate -3 --dry-run 2>&1", src, dst);
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "--bytes-rate must be > 0"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic "
                          "no.such.target.%d --dry-run 2>&1", src, (int)getpid());
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "does not exist"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic %s "
                          "--keys-file /nonexistent/keys --dry-run 2>&1", src, dst);
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "/nonexistent/keys"));
        free(out);
        /* Older than the log start: an error, or an explicit clamp. */
        kt_delete_records(boot, src, 0, 10);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic %s "
                          "--dry-run 2>&1", src, dst);
        ck_assert_int_eq(st, 2);
        ck_assert_ptr_nonnull(strstr(out, "before the log start offset 10"));
        ck_assert_ptr_nonnull(strstr(out, "--clamp"));
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-topic %s --clamp "
                          "--dry-run 2>&1", src, dst);
        ck_assert_int_eq(st, 0);
        ck_assert_ptr_nonnull(strstr(out, "clamped to the log start"));
        ck_assert_ptr_nonnull(strstr(out, "offsets 10..30"));
        free(out);
        /* Read-only: refused in core, nothing written. */
        out = klaxon(&st, "--read-only replay --topic %s --from 0 --to 9999999999999 --target-topic "
                          "%s --clamp --yes 2>&1", src, dst);
        ck_assert_int_ne(st, 0);
        ck_assert_ptr_nonnull(strstr(out, "read-only"));
        free(out);
        out = kcat_dump(dst);
        ck_assert_str_eq(out, "");
        free(out);
}
END_TEST

START_TEST(test_target_group_is_a_rewind)
{
        char src[128], group[128], *out;
        json_t *doc, *g;
        int st;

        snprintf(src, sizeof(src), "%s", unique("it.replay.rsrc"));
        snprintf(group, sizeof(group), "%s", unique("it-replay-rewind"));
        kt_create_topic(boot, src, 1, 1);
        produce(src, 0, 10, "r");
        kt_commit(boot, group, src, 0, 10);
        out = klaxon(&st, "replay --topic %s --from 0 --to 9999999999999 --target-group %s --yes",
                     src, group);
        ck_assert_msg(st == 0, "%s", out);
        ck_assert_ptr_nonnull(strstr(out, "reset group"));
        ck_assert_ptr_nonnull(strstr(out, "done and verified"));
        free(out);
        doc = kx_test_snapshot(boot, &st, NULL);
        ck_assert_ptr_nonnull(doc);
        g = kx_test_find(doc, "groups", "group", group);
        ck_assert_ptr_nonnull(g);
        ck_assert_int_eq(json_integer_value(json_object_get(
                                 json_array_get(json_object_get(g, "partitions"), 0), "committed_offset")),
                         0);
        json_decref(doc);
}
END_TEST


/* arg: {job id, text, text}: the job's row holds both texts. */
static bool row_has(const char *screen, void *arg)
{
        const char **want = arg;
        char *line = tt_line_with(screen, want[0]);
        bool ok = line && strstr(line, want[1]) && strstr(line, want[2]);

        free(line);
        return ok;
}

/* The console's jobs view (7) shows a running job with its bar, rate and
 * state, the overview counts it, and it turns "done" by itself. */
START_TEST(test_console_jobs_view)
{
        char src[128], dst[128], cmd[2048], id[32], *out, *line;
        int st, pid;

        snprintf(src, sizeof(src), "%s", unique("it.replay.csrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.cdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 900, "v");
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s "
                          "--rate 100 --yes --detach",
                     src, dst);
        ck_assert_msg(st == 0, "%s", out);
        job_id(out, id, sizeof(id));
        free(out);
        /* Hold the runner (SIGSTOP) until the console shows it running: a
         * console slow to start must not find the job already done. */
        pid = wait_job_pid(id);
        ck_assert_int_eq(kill(pid, SIGSTOP), 0);
        snprintf(cmd, sizeof(cmd), "%s -b '%s' --state-dir %s --refresh 1", kx_test_klaxon(), boot,
                 state_dir);
        tt_start("jobs", 200, 30, cmd);
        ck_assert(tt_wait_for("jobs", "replay job(s) running", TT_WAIT_MS));
        tt_key("jobs", "7");
        ck_assert(tt_wait_for("jobs", "[7 Jobs]", TT_WAIT_MS));
        ck_assert(tt_wait_for("jobs", id, TT_WAIT_MS));
        out = tt_capture("jobs");
        line = tt_line_with(out, id);
        ck_assert_ptr_nonnull(line);
        ck_assert_msg(strstr(line, "running") && strstr(line, "[") && strstr(line, "%") &&
                              strstr(line, src),
                      "job row: %s", line);
        free(line);
        free(out);
        ck_assert_int_eq(kill(pid, SIGCONT), 0);
        ck_assert(tt_wait_until("jobs", row_has, (void *)(const char *[]){id, "running", "[#"},
                                TT_WAIT_MS)); /* progress moves */
        ck_assert(tt_wait_until("jobs", row_has, (void *)(const char *[]){id, "done", "100%"},
                                120000));
        out = tt_capture("jobs");
        line = tt_line_with(out, id);
        ck_assert_ptr_nonnull(line);
        ck_assert_msg(strstr(line, "done"), "job row: %s", line);
        free(line);
        free(out);
        tt_key("jobs", "q");
        tt_kill_session("jobs");
}
END_TEST

/* The data-corruption runbook's replay step: one key, a prompt for the
 * window and repair topic, a one-key confirmation, then a detached job that
 * the jobs view shows done, and exactly the filtered records in the target. */
START_TEST(test_runbook_replay_step)
{
        char src[128], dst[128], cmd[2048], answer[300], *out;
        int lines = 0;

        snprintf(src, sizeof(src), "%s", unique("it.replay.rbsrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.rbdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 40, "s");
        snprintf(cmd, sizeof(cmd), "%s -b '%s' --state-dir %s --refresh 1", kx_test_klaxon(), boot,
                 state_dir);
        tt_start("rb", 200, 40, cmd);
        ck_assert(tt_wait_for("rb", "Overview", TT_WAIT_MS));
        tt_key("rb", "6");
        tt_type("rb", "/");
        tt_type("rb", "data-corruption");
        tt_key("rb", "Enter");
        tt_key("rb", "Enter");
        ck_assert_msg(tt_wait_for("rb", "Replay the corrupted window", TT_WAIT_MS), "runbook not open");
        ck_assert(tt_runbook_select_action("rb", "replay", TT_WAIT_MS));
        tt_key("rb", "a");
        ck_assert_msg(tt_wait_for("rb", "FROM TO TARGET-TOPIC", TT_WAIT_MS), "no replay prompt");
        for (int i = 0; i < 120; i++) /* clear the topic the incident suggests */
                tt_key("rb", "BSpace");
        snprintf(answer, sizeof(answer), "%s 0 4102444800000 %s k1", src, dst);
        tt_type("rb", answer);
        tt_key("rb", "Enter");
        ck_assert_msg(tt_wait_for("rb", "y applies", TT_WAIT_MS), "no one-key confirmation");
        tt_key("rb", "y");
        ck_assert_msg(tt_wait_for("rb", "running detached", TT_WAIT_MS), "job did not start");
        tt_key("rb", "7");
        ck_assert(tt_wait_until("rb", row_has, (void *)(const char *[]){dst, "done", "100%"},
                                TT_WAIT_MS));
        tt_key("rb", "q");
        tt_kill_session("rb");
        out = kcat_dump(dst);
        for (char *l = out; *l; l = strchr(l, '\n') + 1, lines++)
                ck_assert_msg(!strncmp(l, "0|k1|", 5) && strstr(l, "klaxon-replay-source-offset="),
                              "unexpected record: %.200s", l);
        ck_assert_int_eq(lines, 8);
        free(out);
}
END_TEST

/* The only broker goes away mid-job: the job shows "paused" with a reason,
 * and finishes exactly by itself once the broker is back. */
START_TEST(test_broker_lost_pauses)
{
        const char *cluster = getenv("KLAXON_CLUSTER") ? getenv("KLAXON_CLUSTER") : "check";
        char src[128], dst[128], id[32], state[16] = "", *out;
        struct kx_test_wait w;
        int st, pid;
        int64_t done = 0;

        snprintf(src, sizeof(src), "%s", unique("it.replay.psrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.pdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 1500, "p");
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s "
                          "--rate 200 --yes --detach",
                     src, dst);
        ck_assert_msg(st == 0, "%s", out);
        job_id(out, id, sizeof(id));
        free(out);
        /* Stop the broker while the job is part way: the runner is held
         * (SIGSTOP) from the moment it is seen past 200 until the broker is
         * down, so it cannot finish first however slow this run is. */
        pid = wait_job_pid(id);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                ck_assert_int_eq(kill(pid, SIGSTOP), 0);
                done = job_done(id, state, sizeof(state));
                if (done >= 200)
                        break;
                ck_assert_int_eq(kill(pid, SIGCONT), 0);
        } while (kx_test_wait_more(&w, 1000));
        ck_assert_msg(done >= 200 && done < 1500, "job at %lld, state %s", (long long)done, state);
        out = kx_test_sh(&st, "tests/env/kafka stop-broker 1 --name %s >/dev/null 2>&1", cluster);
        free(out);
        ck_assert_int_eq(kill(pid, SIGCONT), 0);
        ck_assert_int_eq(st, 0);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do
                job_done(id, state, sizeof(state));
        while (strcmp(state, "paused") && !kx_job_state_final(state) && kx_test_wait_more(&w, 100));
        out = klaxon(&st, "job show %s", id);
        ck_assert_msg(!strcmp(state, "paused"), "state %s: %s", state, out);
        free(out);
        out = kx_test_sh(&st, "tests/env/kafka start-broker 1 --name %s >/dev/null 2>&1", cluster);
        free(out);
        ck_assert_int_eq(st, 0);
        wait_job_state(id, "done", state, sizeof(state));
        check_exact(dst, id, 1, 1500);
}
END_TEST

/* job cancel: the runner stops within a second or so, the job ends
 * "cancelled", and what it wrote is a gap-free prefix with no duplicate. */
START_TEST(test_cancel)
{
        char src[128], dst[128], id[32], state[16] = "", *out, *got;
        struct kx_test_wait w;
        int st, lines = 0, last = -1, pid;
        int64_t done = 0;

        snprintf(src, sizeof(src), "%s", unique("it.replay.xsrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.xdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 2000, "x");
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s "
                          "--rate 200 --yes --detach",
                     src, dst);
        ck_assert_msg(st == 0, "%s", out);
        job_id(out, id, sizeof(id));
        free(out);
        /* Cancel it part way: the runner is held (SIGSTOP) while its
         * progress is read, and let go just before the cancel request. */
        pid = wait_job_pid(id);
        w = kx_test_wait_start(KX_TEST_WAIT_MS);
        do {
                ck_assert_int_eq(kill(pid, SIGSTOP), 0);
                done = job_done(id, state, sizeof(state));
                ck_assert_int_eq(kill(pid, SIGCONT), 0);
        } while (done < 200 && kx_test_wait_more(&w, 1000));
        ck_assert_msg(done >= 200 && done < 2000, "job at %lld, state %s", (long long)done, state);
        out = klaxon(&st, "job cancel %s --yes", id);
        ck_assert_msg(st == 0 && strstr(out, "cancelled"), "cancel: %s", out);
        free(out);
        job_done(id, state, sizeof(state));
        ck_assert_str_eq(state, "cancelled");
        got = kcat_dump(dst);
        for (char *l = got; *l; l = strchr(l, '\n') + 1, lines++) {
                const char *h = strstr(l, "klaxon-replay-source-offset=");
                int o;

                ck_assert_ptr_nonnull(h);
                o = atoi(h + strlen("klaxon-replay-source-offset="));
                ck_assert_int_eq(o, last + 1);
                last = o;
        }
        ck_assert_int_gt(lines, 0);
        ck_assert_int_lt(lines, 2000);
        free(got);
        out = klaxon(&st, "job resume %s --yes", id);
        ck_assert_int_ne(st, 0); /* a cancelled job is final */
        free(out);
}
END_TEST

/* Open the jobs view (7) in a console session and select job id by filter. */
static void console_on_job(const char *session, const char *id, const char *extra)
{
        char cmd[2048];

        snprintf(cmd, sizeof(cmd), "%s -b '%s' --state-dir %s --refresh 1 %s", kx_test_klaxon(), boot,
                 state_dir, extra);
        tt_start(session, 200, 30, cmd);
        ck_assert(tt_wait_for(session, "replay job(s) running", TT_WAIT_MS));
        tt_key(session, "7");
        ck_assert(tt_wait_for(session, "[7 Jobs]", TT_WAIT_MS));
        tt_key(session, "/");
        tt_type(session, id);
        tt_key(session, "Enter");
        ck_assert(tt_wait_for(session, id, TT_WAIT_MS));
}

/* Cancel is an action: refused in read-only mode (CLI and console key, the
 * job keeps running); in the jobs view x plans it, y confirms, the row turns
 * "cancelled" and the audit log has job-cancel verified. */
START_TEST(test_console_cancel_key)
{
        char src[128], dst[128], id[32], state[16] = "", *out;
        int st;

        snprintf(src, sizeof(src), "%s", unique("it.replay.ksrc"));
        snprintf(dst, sizeof(dst), "%s", unique("it.replay.kdst"));
        kt_create_topic(boot, src, 1, 1);
        kt_create_topic(boot, dst, 1, 1);
        produce(src, 0, 3000, "k");
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s "
                          "--rate 100 --yes --detach",
                     src, dst);
        ck_assert_msg(st == 0, "%s", out);
        job_id(out, id, sizeof(id));
        free(out);

        out = klaxon(&st, "--read-only job cancel %s --yes 2>&1", id);
        ck_assert_msg(st != 0 && strstr(out, "read-only"), "read-only cancel: %s", out);
        free(out);
        job_done(id, state, sizeof(state));
        ck_assert_msg(!strcmp(state, "running") || !strcmp(state, "queued"), "state %s", state);
        out = klaxon(&st, "job cancel %s --dry-run 2>&1", id);
        ck_assert_msg(st == 0 && strstr(out, "dry run") && strstr(out, "cancelling"), "dry run: %s", out);
        free(out);

        console_on_job("jro", id, "--read-only");
        tt_key("jro", "x");
        ck_assert(tt_wait_for("jro", "read-only mode: \"job-cancel\" refused", TT_WAIT_MS));
        tt_key("jro", "q");
        tt_kill_session("jro");
        job_done(id, state, sizeof(state));
        ck_assert_msg((strcmp(state, "cancelled") && strcmp(state, "cancelling")), "read-only console changed the job: %s", state);

        console_on_job("jcx", id, "");
        tt_key("jcx", "x");
        ck_assert(tt_wait_for("jcx", "y applies", TT_WAIT_MS));
        tt_key("jcx", "y");
        ck_assert(tt_wait_until("jcx", row_has, (void *)(const char *[]){id, "cancelled", "cancelled"},
                                120000));
        ck_assert(tt_wait_for("jcx", "job-cancel done and verified", TT_WAIT_MS));
        tt_key("jcx", "q");
        tt_kill_session("jcx");
        job_done(id, state, sizeof(state));
        ck_assert_str_eq(state, "cancelled");
        out = klaxon(&st, "audit log 2>&1");
        ck_assert_msg(strstr(out, "job-cancel     refused") && strstr(out, "job-cancel     verified"), "%s", out);
        free(out);
}
END_TEST

/* The topic's partition count per kcat -L over every topic (0 when it does
 * not exist; asking for the one topic could auto-create it). */
static int topic_partitions(const char *topic)
{
        int st, n = 0;
        char *out = kx_test_sh(&st, "kcat -L -b '%s' 2>&1", boot), needle[200];
        const char *p;

        snprintf(needle, sizeof(needle), "\"%s\" with ", topic);
        if ((p = strstr(out, needle)))
                n = atoi(p + strlen(needle));
        free(out);
        return n;
}

/* --create-target: a missing target is created through the provisioning
 * path (policy checked, every broken rule listed, audited) with the
 * source's partition count, then the replay runs into it. */
START_TEST(test_create_target_through_policy)
{
        char src[160], dst[160], bad[160], policy[128], *out, *got;
        int st, lines = 0;

        snprintf(policy, sizeof(policy), "/tmp/klaxon-it-replay-%d.yaml", (int)getpid());
        out = kx_test_sh(&st, "sed -e 's/replication-factor: 3/replication-factor: 1/' "
                              "-e 's/min-insync-replicas: 2/min-insync-replicas: 1/' config/policy.yaml > '%s'",
                         policy);
        ck_assert_int_eq(st, 0);
        free(out);
        snprintf(src, sizeof(src), "ledger.commands.%s.v1", unique("csrc"));
        snprintf(dst, sizeof(dst), "ledger.commands.%s.v1", unique("cdst"));
        snprintf(bad, sizeof(bad), "Ledger_%s", unique("cbad"));
        out = kx_test_sh(&st, "tests/env/kafka tool kafka-topics --bootstrap-server '%s' --create --topic '%s' "
                              "--partitions 6 --config retention.ms=604800000 2>&1", boot, src);
        ck_assert_msg(st == 0, "%s", out);
        free(out);
        for (int p = 0; p < 6; p++)
                produce(src, p, 4, "c");

        /* Without the flag: the old error, now naming the flag. */
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s --dry-run 2>&1",
                     src, dst);
        ck_assert_msg(st == 2 && strstr(out, "does not exist") && strstr(out, "--create-target"), "%s", out);
        free(out);
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s --create-target "
                          "--dry-run 2>&1", src, dst);
        ck_assert_msg(st == 2 && strstr(out, "--team"), "%s", out);
        free(out);

        /* The dry run shows the creation with the source's 6 partitions. */
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s --create-target "
                          "--team ledger-team --policy %s --dry-run 2>&1", src, dst, policy);
        ck_assert_msg(st == 0 && strstr(out, "create the target topic") && strstr(out, "6 partitions") &&
                              strstr(out, "dry run"), "%s", out);
        ck_assert_msg(strstr(out, "[5] ->") && strstr(out, "24 record(s)"), "%s", out);
        free(out);
        ck_assert_int_eq(topic_partitions(dst), 0);

        /* A target the policy refuses: every broken rule at once, audited, nothing made. */
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s --create-target "
                          "--team payments-team --policy %s --yes 2>&1", src, bad, policy);
        ck_assert_msg(st == 1 && strstr(out, "refused: creating --target-topic") && strstr(out, "naming") &&
                              strstr(out, "owner"), "%s", out);
        ck_assert_msg(!strstr(out, "job "), "%s", out);
        free(out);
        ck_assert_int_eq(topic_partitions(bad), 0);

        /* The real run creates it through topic-create, then replays into it. */
        out = klaxon(&st, "replay --topic %s --from 0 --to 4102444800000 --target-topic %s --create-target "
                          "--team ledger-team --policy %s --yes 2>&1", src, dst, policy);
        ck_assert_msg(st == 0 && strstr(out, "done and verified (klaxon job show"), "%s", out);
        free(out);
        ck_assert_int_eq(topic_partitions(dst), 6);
        got = kcat_dump(dst);
        for (char *l = got; *l; l = strchr(l, '\n') + 1)
                lines++;
        ck_assert_int_eq(lines, 24);
        free(got);
        out = klaxon(&st, "audit log 2>&1");
        ck_assert_msg(strstr(out, "topic-create   refused") && strstr(out, "topic-create   executed") &&
                              strstr(out, "topic-create   verified"), "%s", out);
        free(out);
        unlink(policy);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("replay");
        TCase *tc = tcase_create("replay");
        int rc;

        tt_init();
        tcase_add_unchecked_fixture(tc, setup, kx_test_restore_clusters);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_key_filtered_time_range);
        tcase_add_test(tc, test_kill9_and_resume_exact);
        tcase_add_test(tc, test_live_group_untouched);
        tcase_add_test(tc, test_survives_tmux_session_killed);
        tcase_add_test(tc, test_bad_input);
        tcase_add_test(tc, test_target_group_is_a_rewind);
        tcase_add_test(tc, test_console_jobs_view);
        tcase_add_test(tc, test_runbook_replay_step);
        tcase_add_test(tc, test_broker_lost_pauses);
        tcase_add_test(tc, test_cancel);
        tcase_add_test(tc, test_create_target_through_policy);
        tcase_add_test(tc, test_console_cancel_key);
        suite_add_tcase(s, tc);
        rc = kx_test_run(s);
        tt_cleanup();
        return rc;
}
