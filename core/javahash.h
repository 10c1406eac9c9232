/* javahash.h - Java's String.hashCode() and the group coordinator partition.
 *
 * Kafka places a group's offsets in __consumer_offsets partition
 * Utils.abs(groupId.hashCode()) % partitionCount, where abs(INT_MIN) is 0.
 * The leader of that partition is the group's coordinator, so klaxon can
 * send OffsetFetch there without a FindCoordinator round trip.
 */
#ifndef KX_JAVAHASH_H
#define KX_JAVAHASH_H

#include <stddef.h>
#include <stdint.h>

/* Java String.hashCode() of the UTF-8 bytes s[0..len), computed over the
 * UTF-16 code units Java would decode them to (malformed bytes become
 * U+FFFD, one per byte). */
int32_t kx_java_string_hash(const char *s, size_t len);

/* The __consumer_offsets partition of group_id, given that topic's
 * partition count (> 0). Returns -1 if partition_count <= 0. */
int32_t kx_group_offsets_partition(const char *group_id, int32_t partition_count);

#endif
