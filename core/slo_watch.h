/* slo_watch.h - a thread that evaluates the SLOs every period (its own
 * sqlite handle, Prometheus with its timeout), so a slow or dead
 * Prometheus never blocks the console. The latest report is copied out
 * under a lock.
 */
#ifndef KX_SLO_WATCH_H
#define KX_SLO_WATCH_H

#include "config.h"
#include "slo_report.h"

#include <stdbool.h>

struct kx_slo_watch;

/* Start watching: SLO config from slo_path (NULL: the default file or the
 * built-in values), probe topic (NULL: the config's probe_topic), every period_ms.
 * cfg is copied as needed (state dir). Never fails: a bad SLO config or an
 * unreadable store is reported through kx_slo_watch_get's error. Stop and
 * free with kx_slo_watch_stop(). */
struct kx_slo_watch *kx_slo_watch_start(const struct kx_config *cfg, const char *slo_path,
                                        const char *topic, int period_ms);

/* Copy the newest report into *out and its SLO config into *slo (either may
 * be NULL) and whole-report problems (bad config, no store) into error
 * ("" if none). Returns false until the first report exists. Thread-safe. */
bool kx_slo_watch_get(struct kx_slo_watch *w, struct kx_slo_report *out,
                      struct kx_slo_config *slo, char *error, size_t size);

/* Stop the thread and free w. NULL is a no-op. */
void kx_slo_watch_stop(struct kx_slo_watch *w);

#endif
