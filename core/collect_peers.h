/* collect_peers.h - the services around the cluster, collected with each
 * snapshot when configured: MirrorMaker 2 health (cfg->mm2_source: this
 * cluster is the MM2 target; cfg->connect_url: the MM2 worker) into
 * snap->mm2, and the schema registry's subjects (cfg->registry_url) into
 * snap->schemas. Their failures stay inside those structs: they never make
 * the cluster's snapshot partial. */
#ifndef KX_COLLECT_PEERS_H
#define KX_COLLECT_PEERS_H

#include "config.h"
#include "kafka.h"
#include "snapshot.h"

struct kx_peers;

/* NULL when cfg configures no peer. cfg is copied; lb must outlive it. */
struct kx_peers *kx_peers_new(const struct kx_config *cfg, struct kx_logbuf *lb);

/* Fill snap->mm2 and snap->schemas (owned by snap). */
void kx_peers_collect(struct kx_peers *p, struct kx_snapshot *snap, int timeout_ms);

void kx_peers_destroy(struct kx_peers *p);

#endif
