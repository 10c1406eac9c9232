/* mm2_records.h - MirrorMaker 2's binary records, decoded.
 *
 * MM2 writes its internal records with Kafka's own protocol types
 * (big-endian integers; a STRING is an int16 length then UTF-8 bytes):
 *   checkpoint key    STRING group, STRING topic, INT32 partition
 *                     (topic is the target side's name, e.g. source.orders)
 *   checkpoint value  INT16 version (0), INT64 upstream offset (the
 *                     group's offset on the source), INT64 downstream offset
 *                     (the same position on the target), STRING metadata
 *   heartbeat key     STRING source alias, STRING target alias
 *   heartbeat value   INT16 version (0), INT64 timestamp (ms)
 * (seen on the wire from Kafka 4.1.1's connect-mirror.)
 */
#ifndef KX_MM2_RECORDS_H
#define KX_MM2_RECORDS_H

#include <stddef.h>
#include <stdint.h>

struct kx_mm2_checkpoint {
        char group[256];
        char topic[256];         /* target-side topic name */
        int32_t partition;
        int64_t upstream;        /* offset on the source */
        int64_t downstream;      /* the translated offset on the target */
};

struct kx_mm2_heartbeat {
        char source[128];
        char target[128];
        int64_t ts_ms;
};

/* Decode one checkpoint record. Returns 0, or -1 if the bytes are not a
 * version-0 checkpoint (truncated, wrong version, a name too long). */
int kx_mm2_checkpoint_decode(const void *key, size_t key_len, const void *value, size_t value_len,
                             struct kx_mm2_checkpoint *out);

/* Decode one heartbeat record; 0 or -1 as above. */
int kx_mm2_heartbeat_decode(const void *key, size_t key_len, const void *value, size_t value_len,
                            struct kx_mm2_heartbeat *out);

#endif
