/* action_elect_leaders.h - move leadership back to the preferred replicas
 * (after a broker returned), through ElectLeaders.
 *
 * plan     librdkafka metadata: every partition (of one topic, or of every
 *          non-internal topic) whose leader is not its first replica;
 *          leader before -> preferred after. Partitions whose preferred
 *          replica is out of the ISR cannot move and are only counted;
 * execute  a preferred election for exactly the planned partitions;
 * verify   re-reads metadata (briefly waiting for it to converge): every
 *          planned partition is led by its preferred replica.
 * Undo is the previous leaders (informational: Kafka elects preferred or
 * unclean leaders only).
 */
#ifndef KX_ACTION_ELECT_LEADERS_H
#define KX_ACTION_ELECT_LEADERS_H

#include "action.h"

/* topic NULL: every non-internal topic. cfg borrowed; must outlive the
 * action. */
struct kx_action *kx_action_elect_leaders(const struct kx_config *cfg, const char *topic);

#endif
