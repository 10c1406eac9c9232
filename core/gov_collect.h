/* gov_collect.h - everything the governance commands read, in one go:
 * a snapshot, every topic's configs, a LEO sample recorded into sqlite and
 * the throughput measured from the samples. */
#ifndef KX_GOV_COLLECT_H
#define KX_GOV_COLLECT_H

#include "config.h"
#include "err.h"
#include "kafka.h"
#include "snapshot.h"
#include "store.h"

#include <jansson.h>

#define KX_RATE_WINDOW_MS (24LL * 3600 * 1000)   /* throughput measured over a day ... */
#define KX_RATE_MIN_MS (60LL * 1000)             /* ... from samples at least a minute old */

struct kx_gov_data {
        struct kx_snapshot *snap;   /* one reference, owned */
        json_t *configs;            /* {topic: {config: value}}, owned */
        json_t *rates;              /* {topic: msgs/s} measured, owned */
        char warning[300];          /* a partial failure to report, or "" */
};

/* Collect cfg's cluster once, record LEO samples into store at now_ms
 * (store may be NULL: no history, no rates), and fetch the configs.
 * Errors: KX_ERR_UNREACHABLE, KX_ERR_CONFIG, KX_ERR_USAGE from the
 * collector; partial failures land in out->warning. Free with
 * kx_gov_data_done(). */
int kx_gov_collect(const struct kx_config *cfg, struct kx_logbuf *lb, struct kx_store *store,
                   int64_t now_ms, struct kx_gov_data *out, struct kx_err *err);

void kx_gov_data_done(struct kx_gov_data *d);

#endif
