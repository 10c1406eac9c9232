/* testlib.h - shared helpers for klaxon's Check suites.
 *
 * Unit suites only need kx_test_run(). Integration suites also use the
 * helpers that run the real klaxon binary and Kafka's own tools against the
 * cluster the test runner started (KLAXON_BOOTSTRAP).
 */
#ifndef KX_TESTLIB_H
#define KX_TESTLIB_H

#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Run every test in s, print Check's summary, free s. Returns the process
 * exit status (EXIT_SUCCESS only if nothing failed). */
int kx_test_run(Suite *s);

/* The same, in one process (CK_NOFORK): for suites whose fixture keeps a
 * thread running across tests (a live group member), since a forked child
 * has no such thread and LeakSanitizer would report what it references. */
int kx_test_run_nofork(Suite *s);

/* Write text to a new temporary file; its path goes into path (size >= 32).
 * The caller unlinks it. */
void kx_test_temp_file(const char *text, char *path, size_t size);

/* Run a shell command, capture stdout into a new heap string (caller frees;
 * never NULL) and store the exit status in *status (-1 if it did not exit
 * normally). stderr passes through to the test log. */
char *kx_test_sh(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The bootstrap servers of the suite's cluster, from $KLAXON_BOOTSTRAP;
 * fails the test if unset. */
const char *kx_test_bootstrap(void);

/* Path of the klaxon binary under test ($KLAXON_BIN, default ./klaxon). */
const char *kx_test_klaxon(void);

/* A name unique to this test process, "PREFIX-PID-N", for topics/groups.
 * Returns a static buffer valid until the next call. */
const char *kx_test_unique(const char *prefix);

/* Run `klaxon snapshot --json -b BOOTSTRAP EXTRA` and parse its output.
 * Stores the exit code in *status. Returns a new JSON reference (caller
 * decrefs) or NULL if stdout was not JSON. */
json_t *kx_test_snapshot(const char *bootstrap, int *status, const char *extra);

/* Find a group or topic object by name in a snapshot document (borrowed). */
json_t *kx_test_find(json_t *snapshot, const char *array, const char *key, const char *name);

/* Waits on a real cluster or service (leader elections, group joins, job
 * and connector state changes, MM2 replication, a listener starting) poll
 * until the condition holds or this generous deadline passes: a slow or
 * loaded run (ASan, 2 cores shared) only makes them take longer, never
 * fail. Tests never assert on how long a wait took. */
#define KX_TEST_WAIT_MS 90000

/* A poll deadline, for loops that re-check a condition:
 *     struct kx_test_wait w = kx_test_wait_start(KX_TEST_WAIT_MS);
 *     do {
 *             ...check; break if it holds...
 *     } while (kx_test_wait_more(&w, 250));
 *     ck_assert_msg(held, "never ...: last ...");
 * kx_test_wait_more sleeps interval_ms and returns true while the deadline
 * (monotonic clock) has not passed, false once it has. */
struct kx_test_wait {
        int64_t deadline_ms;
};
struct kx_test_wait kx_test_wait_start(int timeout_ms);
bool kx_test_wait_more(struct kx_test_wait *w, int interval_ms);

/* Start again any stopped node of the shared tests/env/kafka clusters:
 * $KLAXON_CLUSTER (default "check", 1 broker), $KLAXON_CLUSTER3 (3
 * brokers) and $KLAXON_CLUSTER_TLS (3 brokers, SASL_SSL): when `tests/env/kafka status` shows a node down, `up`
 * restarts it and waits until it is ready. For unchecked
 * teardowns of cases that stop brokers: it makes no Check calls, and runs
 * in the parent even when Check killed the case at its timeout, so a
 * failure between stop-broker and start-broker does not leave the next
 * suites a broker short. */
void kx_test_restore_clusters(void);

#endif
