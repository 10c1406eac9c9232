/* test_job_store.c - replay jobs in sqlite: create with checkpoints,
 * progress, cancel request, finish with a report, list, and a job whose
 * process is gone showing as interrupted (core/job_store.c). */
#include "../lib/testlib.h"
#include "../../core/job_store.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static struct kx_store store;
static char path[64];

static void setup(void)
{
        struct kx_err err;

        snprintf(path, sizeof(path), "/tmp/klaxon-jobstore-%d.db", (int)getpid());
        unlink(path);
        ck_assert_int_eq(kx_store_open_path(path, &store, &err), 0);
}

static void teardown(void)
{
        char side[80];

        kx_store_close(&store);
        unlink(path);
        snprintf(side, sizeof(side), "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof(side), "%s-shm", path);
        unlink(side);
}

static void make_job(char *id)
{
        struct kx_job_cp cps[2] = {{0, 10, 0, 0, 0}, {1, 20, 0, 0, 5}};
        json_t *spec = json_pack("{s:s, s:s}", "topic", "src", "target_topic", "dst");
        json_t *plan = json_pack("{s:[], s:i}", "ranges", "target_partitions", 2);
        struct kx_err err;

        ck_assert_int_eq(kx_job_create(&store, "replay", spec, plan, "h:1", 90, cps, 2, id, 32, &err),
                         0);
        json_decref(spec);
        json_decref(plan);
}

START_TEST(test_create_progress_finish)
{
        struct kx_job_cp *cps, upd[1] = {{1, 60, 30, 30, 42}};
        struct kx_job job;
        struct kx_err err;
        char id[32], state[16];
        int cnt;

        make_job(id);
        ck_assert_int_eq(id[0], 'r');
        ck_assert_int_eq(kx_job_get(&store, id, &job, &err), 0);
        ck_assert_str_eq(job.state, "queued");
        ck_assert_str_eq(kx_job_state_shown(&job), "queued");
        ck_assert_int_eq(job.total, 90);
        ck_assert_str_eq(json_string_value(json_object_get(job.spec, "target_topic")), "dst");
        ck_assert_ptr_null(job.report);
        kx_job_free(&job);
        ck_assert_int_eq(kx_job_progress(&store, id, 50, 12.5, upd, 1, &err), 0);
        ck_assert_int_eq(kx_job_checkpoints(&store, id, &cps, &cnt, &err), 0);
        ck_assert_int_eq(cnt, 2);
        ck_assert_int_eq(cps[0].next_offset, 10);
        ck_assert_int_eq(cps[1].next_offset, 60);
        ck_assert_int_eq(cps[1].written, 30);
        ck_assert_int_eq(cps[1].scan_from, 42);
        free(cps);
        ck_assert_int_eq(kx_job_set_state(&store, id, "cancelling", "asked", -1, &err), 0);
        ck_assert_int_eq(kx_job_state(&store, id, state, sizeof(state), &err), 0);
        ck_assert_str_eq(state, "cancelling");
        json_t *report = json_pack("{s:b}", "ok", 1);
        ck_assert_int_eq(kx_job_finish(&store, id, "done", NULL, report, &err), 0);
        json_decref(report);
        ck_assert_int_eq(kx_job_get(&store, id, &job, &err), 0);
        ck_assert_str_eq(job.state, "done");
        ck_assert(kx_job_state_final(job.state));
        ck_assert(json_is_true(json_object_get(job.report, "ok")));
        ck_assert_int_eq(job.done, 50);
        kx_job_free(&job);
        ck_assert_int_eq(kx_job_get(&store, "rnope", &job, &err), KX_ERR_NOT_FOUND);
        ck_assert_ptr_nonnull(strstr(err.msg, "rnope"));
}
END_TEST

START_TEST(test_dead_runner_is_interrupted)
{
        struct kx_job *jobs;
        struct kx_err err;
        char id[32], id2[32];
        size_t cnt;
        pid_t pid = fork();

        if (pid == 0)
                _exit(0);
        waitpid(pid, NULL, 0);
        make_job(id);
        make_job(id2);
        ck_assert_int_eq(kx_job_set_state(&store, id, "running", NULL, (int)pid, &err), 0);
        ck_assert_int_eq(kx_job_set_state(&store, id2, "running", NULL, (int)getpid(), &err), 0);
        ck_assert_int_eq(kx_job_list(&store, &jobs, &cnt, &err), 0);
        ck_assert_uint_eq(cnt, 2);
        for (size_t i = 0; i < cnt; i++) {
                ck_assert_str_eq(kx_job_state_shown(&jobs[i]),
                                 !strcmp(jobs[i].id, id) ? "interrupted" : "running");
                kx_job_free(&jobs[i]);
        }
        free(jobs);
}
END_TEST

/* The store version stays put while nothing is committed, and moves for a
 * write on this connection and for one by another process's connection
 * (a runner), so the console reloads the jobs only then. */
START_TEST(test_store_version_moves_only_on_commit)
{
        struct kx_store_version a, b;
        struct kx_store other;
        struct kx_job_cp upd[1] = {{0, 11, 1, 1, 0}};
        struct kx_err err;
        char id[32];

        make_job(id);
        ck_assert_int_eq(kx_job_store_version(&store, &a, &err), 0);
        ck_assert_int_eq(kx_job_store_version(&store, &b, &err), 0);
        ck_assert(a.data_version == b.data_version && a.own_changes == b.own_changes);
        ck_assert_int_eq(kx_job_progress(&store, id, 1, 1.0, upd, 1, &err), 0);
        ck_assert_int_eq(kx_job_store_version(&store, &b, &err), 0);
        ck_assert(b.own_changes != a.own_changes);
        a = b;
        ck_assert_int_eq(kx_store_open_path(path, &other, &err), 0);
        ck_assert_int_eq(kx_job_set_state(&other, id, "running", NULL, -1, &err), 0);
        kx_store_close(&other);
        ck_assert_int_eq(kx_job_store_version(&store, &b, &err), 0);
        ck_assert(b.data_version != a.data_version);
        ck_assert(b.own_changes == a.own_changes);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("job_store");
        TCase *tc = tcase_create("jobs");

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_create_progress_finish);
        tcase_add_test(tc, test_dead_runner_is_interrupted);
        tcase_add_test(tc, test_store_version_moves_only_on_commit);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
