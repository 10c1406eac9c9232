/* check_disk.c - log dirs online and not full. */
#include "check_disk.h"

#include <stdio.h>

enum kx_check_result kx_check_disk(const struct kx_snapshot *s, struct kx_incident_ctx *ctx, bool fill,
                                   int min_free_pct, char *detail, size_t size)
{
        const struct kx_snapshot_logdir *lowest = NULL;
        double lowest_pct = 101.0;

        if (!s->logdirs_at_ms) {
                snprintf(detail, size, "log-dir sizes not read yet%s%s", s->logdirs_error ? ": " : "",
                         s->logdirs_error ? s->logdirs_error : "");
                return KX_CHECK_UNKNOWN;
        }
        /* A broker that is down (or did not answer) cannot say: its disk
         * must be looked at on the host. */
        for (int b = 0; b < s->broker_cnt; b++) {
                bool seen = false;

                for (int i = 0; i < s->logdir_cnt && !seen; i++)
                        seen = s->logdirs[i].broker == s->brokers[b].id;
                if (!s->brokers[b].up || !seen) {
                        if (fill)
                                ctx->broker = s->brokers[b].id;
                        snprintf(detail, size, "broker %d %s: check its log dirs on the host (df -h)",
                                 (int)s->brokers[b].id,
                                 s->brokers[b].up ? "did not answer DescribeLogDirs" : "is down");
                        return KX_CHECK_UNKNOWN;
                }
        }
        for (int i = 0; i < s->logdir_cnt; i++) {
                const struct kx_snapshot_logdir *d = &s->logdirs[i];
                double pct;

                if (d->error) {
                        if (fill)
                                ctx->broker = d->broker;
                        snprintf(detail, size, "broker %d: log dir %s is offline (Kafka error %d)", (int)d->broker,
                                 d->path, (int)d->error);
                        return KX_CHECK_FAIL;
                }
                if (d->total_bytes <= 0 || d->usable_bytes < 0)
                        continue;
                pct = 100.0 * (double)d->usable_bytes / (double)d->total_bytes;
                if (pct < lowest_pct) {
                        lowest_pct = pct;
                        lowest = d;
                }
        }
        if (lowest && lowest_pct < min_free_pct) {
                if (fill)
                        ctx->broker = lowest->broker;
                snprintf(detail, size, "broker %d: log dir %s has only %.1f%% free (%lld bytes)", (int)lowest->broker,
                         lowest->path, lowest_pct, (long long)lowest->usable_bytes);
                return KX_CHECK_FAIL;
        }
        if (lowest)
                snprintf(detail, size, "%d log dir(s) online; least free: broker %d %s, %.1f%%", s->logdir_cnt,
                         (int)lowest->broker, lowest->path, lowest_pct);
        else
                snprintf(detail, size, "%d log dir(s) online (the brokers do not report capacity)", s->logdir_cnt);
        return KX_CHECK_PASS;
}
