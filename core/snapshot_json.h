/* snapshot_json.h - the `klaxon snapshot --json` document.
 *
 * Field names are a contract (DESIGN.md "Contracts"): cluster_id,
 * collected_at, duration_ms, brokers[], topics[], groups[], errors[]. Extra
 * fields may be added, these never change. Unknown offsets are JSON null.
 * Strings that are not valid UTF-8 are emitted in their sanitized form
 * (\xHH escapes), since JSON cannot carry raw bytes.
 */
#ifndef KX_SNAPSHOT_JSON_H
#define KX_SNAPSHOT_JSON_H

#include "snapshot.h"

#include <jansson.h>
#include <stdio.h>

/* Write the JSON document for snap to out (one object, newline-terminated,
 * ASCII only). Writes straight to the stream: no tree is built. */
void kx_snapshot_write_json(const struct kx_snapshot *snap, FILE *out);

/* A JSON string for raw bytes from Kafka: as is when valid UTF-8, else
 * sanitized. NULL in gives JSON null. New reference. */
json_t *kx_json_text(const char *s);

/* Format ms since the epoch as ISO 8601 UTC with milliseconds into buf
 * ("2026-11-23T21:34:12.345Z"). Returns buf. */
char *kx_iso8601(int64_t ms, char *buf, size_t size);

#endif
