/* main.c - klaxon-traffic's entry point: options, setup, run, shutdown.
 *
 *   klaxon-traffic -b BOOTSTRAP [--seconds N] [--rate MSGS/S] [--setup-only]
 *                  [-X KEY=VALUE]...
 *
 * Exit codes: 0 done, 1 Kafka or setup failure, 2 usage.
 */
#include "traffic.h"
#include "../../../core/kafka.h"
#include "../../../core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATUS_EVERY_MS 30000

static void usage(FILE *out)
{
        fputs("usage: " TR_NAME " -b BOOTSTRAP [--seconds N] [--rate MSGS/S] [--setup-only]\n"
              "                      [-X KEY=VALUE]...\n"
              "\n"
              "Creates demo topics and consumer groups on a (local) Kafka and keeps\n"
              "producing realistic traffic until SIGINT/SIGTERM or --seconds.\n"
              "\n"
              "  -b, --brokers LIST  bootstrap servers\n"
              "  --seconds N         stop after N seconds (default: run until a signal)\n"
              "  --rate R            total messages per second (default 200)\n"
              "  --setup-only        create topics and the one-shot groups, then exit\n"
              "  -X KEY=VALUE        librdkafka property for every client (repeatable)\n"
              "\n"
              "Groups: payments-settlement (Stable, keeps up), ledger-projector (Stable,\n"
              "lag grows), orders-analytics (Empty, assign()-based, commits),\n"
              "audit-archiver (Empty, commit frozen), ledger-backfill (Empty, behind\n"
              "retention).\n",
              out);
}

static int parse_number(const char *opt, const char *s, double min, double *out)
{
        char *end;
        double v = strtod(s, &end);

        if (end == s || *end || v < min) {
                fprintf(stderr, TR_NAME ": %s: bad value \"%s\"\n", opt, s);
                return -1;
        }
        *out = v;
        return 0;
}

/* Returns 0, 1 for --help (already printed), or -1 after a message. */
static int parse_args(struct tr_opts *o, int argc, char **argv)
{
        double v;

        o->rate = 200;
        o->props = kx_xcalloc((size_t)argc, sizeof(char *));
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                bool has_value = i + 1 < argc;

                if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                        usage(stdout);
                        return 1;
                } else if (!strcmp(a, "--setup-only")) {
                        o->setup_only = true;
                } else if ((!strcmp(a, "-b") || !strcmp(a, "--brokers")) && has_value) {
                        o->bootstrap = argv[++i];
                } else if (!strcmp(a, "-X") && has_value) {
                        o->props[o->prop_cnt++] = argv[++i];
                } else if (!strcmp(a, "--seconds") && has_value) {
                        if (parse_number(a, argv[++i], 0, &v))
                                return -1;
                        o->seconds = (int)v;
                } else if (!strcmp(a, "--rate") && has_value) {
                        if (parse_number(a, argv[++i], 0, &v))
                                return -1;
                        o->rate = v;
                } else {
                        fprintf(stderr, TR_NAME ": unknown or incomplete option \"%s\"\n", a);
                        usage(stderr);
                        return -1;
                }
        }
        if (!o->bootstrap) {
                fprintf(stderr, TR_NAME ": -b BOOTSTRAP is required\n");
                usage(stderr);
                return -1;
        }
        return 0;
}

/* Topics and the one-shot groups. */
static int setup(struct tr_ctx *ctx, struct kx_err *err)
{
        int rc = tr_broker_count(ctx->producer, 30000, err);

        if (rc < 0)
                return rc;
        ctx->brokers = rc;
        rc = tr_topics_setup(ctx, err);
        if (rc)
                return rc;
        tr_log("%d broker(s); %d topics ready (replication factor %d)", ctx->brokers,
               TR_TOPIC_CNT, ctx->brokers < 3 ? ctx->brokers : 3);
        rc = tr_oneshot_stalled(ctx, err);
        if (rc)
                return rc;
        tr_log("audit-archiver: committed and left (Empty, commit frozen)");
        rc = tr_oneshot_behind_retention(ctx, err);
        if (rc)
                return rc;
        tr_log("ledger-backfill: committed 0, records before 500 deleted (behind retention)");
        return 0;
}

static void report(int64_t started)
{
        double s = (double)(kx_mono_ms() - started) / 1000.0;
        long long sent = atomic_load(&tr_pstats.sent);

        tr_log("produced %lld (%.0f msg/s), delivered %lld, failed %lld", sent,
               s > 0 ? (double)sent / s : 0.0, (long long)atomic_load(&tr_pstats.delivered),
               (long long)atomic_load(&tr_pstats.failed));
        tr_consumers_report();
}

/* Produce and consume until a signal or the deadline. */
static int run(struct tr_ctx *ctx, struct kx_err *err)
{
        int64_t started = kx_mono_ms(), last_report = started;
        int rc;

        /* Count the run only: the setup's seed records are all delivered. */
        atomic_store(&tr_pstats.sent, 0);
        atomic_store(&tr_pstats.delivered, 0);
        atomic_store(&tr_pstats.failed, 0);
        rc = tr_consumers_start(ctx, err);
        if (rc)
                return rc;
        rc = tr_producer_start(ctx, err);
        if (rc) {
                tr_stop_request();
                tr_consumers_stop();
                return rc;
        }
        tr_log("running at %.0f msg/s%s", ctx->opts->rate,
               ctx->opts->seconds ? "" : " until SIGINT/SIGTERM");
        while (tr_sleep_ms(200)) {
                int64_t now = kx_mono_ms();

                if (ctx->opts->seconds && now - started >= (int64_t)ctx->opts->seconds * 1000)
                        break;
                if (now - last_report >= STATUS_EVERY_MS) {
                        report(started);
                        last_report = now;
                }
        }
        tr_stop_request();
        tr_producer_stop();
        tr_consumers_stop();
        report(started);
        return 0;
}

int main(int argc, char **argv)
{
        struct tr_opts opts = {0};
        struct tr_ctx ctx = {.opts = &opts};
        struct kx_err err;
        int rc;

        kx_err_clear(&err);
        rc = parse_args(&opts, argc, argv);
        if (rc) {
                free(opts.props);
                return rc > 0 ? 0 : 2;
        }
        tr_signals_install();
        ctx.producer = tr_producer_new(&opts, &err);
        if (!ctx.producer) {
                fprintf(stderr, TR_NAME ": %s\n", err.msg);
                free(opts.props);
                return 2;
        }
        rc = setup(&ctx, &err);
        if (!rc && !opts.setup_only)
                rc = run(&ctx, &err);
        rd_kafka_flush(ctx.producer, 10000);
        rd_kafka_destroy(ctx.producer);
        free(opts.props);
        if (rc) {
                fprintf(stderr, TR_NAME ": %s\n", err.msg);
                return err.code == KX_ERR_CONFIG || err.code == KX_ERR_USAGE ? 2 : 1;
        }
        tr_log("done");
        return 0;
}
