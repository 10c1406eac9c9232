/* action_elect_leaders.h - leader elections through ElectLeaders.
 *
 * Preferred ("elect-leaders"): move leadership back to the preferred
 * replicas after a broker returned.
 * plan     librdkafka metadata: every partition (of one topic, or of every
 *          non-internal topic) whose leader is not its first replica;
 *          leader before -> preferred after. Partitions whose preferred
 *          replica is dead or out of the ISR cannot move and are only
 *          counted;
 * execute  a preferred election for exactly the planned partitions;
 * verify   re-reads metadata (briefly waiting for it to converge): every
 *          planned partition is led by its preferred replica.
 *
 * Unclean ("unclean-election"): bring offline partitions back when no
 * in-sync replica is alive, accepting the loss of every record the new
 * leader lacks (the plan says so).
 * plan     every leaderless partition with a replica on a live broker;
 *          leaderless partitions with no live replica are only counted;
 * execute  an unclean election for exactly the planned partitions;
 * verify   every planned partition has a leader again.
 *
 * Undo is the previous leaders (informational: Kafka elects preferred or
 * unclean leaders only; an unclean election cannot be undone).
 */
#ifndef KX_ACTION_ELECT_LEADERS_H
#define KX_ACTION_ELECT_LEADERS_H

#include "action.h"
#include "kmsg_elect.h"

/* topic NULL: every non-internal topic. cfg borrowed; must outlive the
 * action; topic is copied. The caller owns the action (kx_action_free). */
struct kx_action *kx_action_elect_leaders(const struct kx_config *cfg, const char *topic,
                                          enum kx_election type);

#endif
