/* replay_spec.h - what a replay job is asked to do, checked before any
 * cluster is touched, and its JSON form (kept with the job in sqlite so a
 * detached or resumed run reads the same request).
 */
#ifndef KX_REPLAY_SPEC_H
#define KX_REPLAY_SPEC_H

#include "err.h"
#include "strmap.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct kx_replay_spec {
        char *topic;             /* source topic */
        int64_t from_ms, to_ms;  /* [from, to) in ms since the epoch */
        int32_t *partitions;     /* subset, or NULL for every partition */
        int partition_cnt;
        char **keys;             /* exact keys to keep, or NULL for all records */
        size_t key_cnt;
        char *target_topic;      /* exactly one of target_topic / target_group */
        char *target_group;
        double rate;             /* messages/s; 0 = unthrottled */
        double bytes_rate;       /* bytes/s; 0 = unthrottled */
        bool keep_timestamps;    /* produce with the source record's timestamp */
        bool clamp;              /* clamp a range older than the log start */
        int32_t create_partitions; /* > 0: a missing target is planned as created with
                                    * this many partitions (not kept in the JSON) */
};

/* Zero spec. */
void kx_replay_spec_init(struct kx_replay_spec *spec);

/* Free what spec owns and zero it. */
void kx_replay_spec_done(struct kx_replay_spec *spec);

/* Append keys from a comma-separated list ("k1,k2"); empty items are
 * skipped. Strings are copied. */
void kx_replay_spec_add_keys(struct kx_replay_spec *spec, const char *list);

/* Append keys from path, one key per line (a trailing \r is dropped, empty
 * lines skipped). KX_ERR_IO naming the file if it cannot be read,
 * KX_ERR_USAGE naming file and line for a line with a NUL byte. */
int kx_replay_spec_keys_file(struct kx_replay_spec *spec, const char *path, struct kx_err *err);

/* Parse a partition list "0,3,5" into spec->partitions. KX_ERR_USAGE
 * naming the bad item. */
int kx_replay_spec_partitions(struct kx_replay_spec *spec, const char *list, struct kx_err *err);

/* The checks that need no cluster: a topic, from < to, exactly one target,
 * a target topic different from the source, rates not negative or zero when
 * given (rate_given/bytes_rate_given say the option was on the command
 * line). KX_ERR_USAGE naming the field otherwise. */
int kx_replay_spec_check(const struct kx_replay_spec *spec, bool rate_given, bool bytes_rate_given,
                         struct kx_err *err);

/* A set of spec's keys for kx_replay_key_match (values unused). The caller
 * calls kx_strmap_done. Empty when spec has no keys. */
void kx_replay_key_set(const struct kx_replay_spec *spec, struct kx_strmap *set);

/* Whether a record key passes the filter: always when set is empty; a NULL
 * key never matches a non-empty set. */
bool kx_replay_key_match(const struct kx_strmap *set, const void *key, size_t key_len);

/* spec as a new JSON object (caller decrefs), and back. kx_replay_spec_from_json
 * fills an initialised spec; KX_ERR_STATE naming the field when it is bad. */
json_t *kx_replay_spec_to_json(const struct kx_replay_spec *spec);
int kx_replay_spec_from_json(struct kx_replay_spec *spec, const json_t *j, struct kx_err *err);

#endif
