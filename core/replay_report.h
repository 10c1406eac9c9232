/* replay_report.h - a replay's end verification: per source partition, the
 * records of the range that passed the filter against those the target
 * acknowledged. Pure. */
#ifndef KX_REPLAY_REPORT_H
#define KX_REPLAY_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_replay_count {
        int32_t partition;
        int64_t from, to;     /* the source range */
        int64_t matched;      /* records in it that passed the filter */
        int64_t written;      /* of those, acknowledged by the target */
};

/* A new report object (caller decrefs): {"ok", "matched", "written",
 * "partitions": [{partition, from, to, matched, written, ok}], "error"?}.
 * ok (also stored in *ok) holds only when every partition's counts agree
 * and error is NULL (a delivery error). */
json_t *kx_replay_report(const struct kx_replay_count *c, int n, const char *error, bool *ok);

#endif
