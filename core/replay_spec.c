/* replay_spec.c - a replay request: keys, partitions, checks, JSON. */
#include "replay_spec.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kx_replay_spec_init(struct kx_replay_spec *spec)
{
        memset(spec, 0, sizeof(*spec));
}

void kx_replay_spec_done(struct kx_replay_spec *spec)
{
        free(spec->topic);
        free(spec->partitions);
        for (size_t i = 0; i < spec->key_cnt; i++)
                free(spec->keys[i]);
        free(spec->keys);
        free(spec->target_topic);
        free(spec->target_group);
        memset(spec, 0, sizeof(*spec));
}

static void add_key(struct kx_replay_spec *spec, const char *key, size_t len)
{
        char *k = kx_xmalloc(len + 1);

        memcpy(k, key, len);
        k[len] = '\0';
        spec->keys = kx_xrealloc(spec->keys, (spec->key_cnt + 1) * sizeof(*spec->keys));
        spec->keys[spec->key_cnt++] = k;
}

void kx_replay_spec_add_keys(struct kx_replay_spec *spec, const char *list)
{
        while (*list) {
                size_t len = strcspn(list, ",");

                if (len)
                        add_key(spec, list, len);
                list += len;
                if (*list == ',')
                        list++;
        }
}

int kx_replay_spec_keys_file(struct kx_replay_spec *spec, const char *path, struct kx_err *err)
{
        FILE *f = fopen(path, "r");
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        int lineno = 0, rc = 0;

        if (!f)
                return kx_err_set(err, KX_ERR_IO, "--keys-file %s: %s", path, strerror(errno));
        while ((len = getline(&line, &cap, f)) >= 0) {
                lineno++;
                if (len && line[len - 1] == '\n')
                        len--;
                if (len && line[len - 1] == '\r')
                        len--;
                if (memchr(line, '\0', (size_t)len)) {
                        rc = kx_err_set(err, KX_ERR_USAGE, "--keys-file %s:%d: a NUL byte in the key",
                                        path, lineno);
                        break;
                }
                if (len)
                        add_key(spec, line, (size_t)len);
        }
        free(line);
        fclose(f);
        return rc;
}

int kx_replay_spec_partitions(struct kx_replay_spec *spec, const char *list, struct kx_err *err)
{
        const char *p = list;

        while (*p) {
                char *end;
                long v;

                errno = 0;
                v = strtol(p, &end, 10);
                if (end == p || errno || v < 0 || v > INT32_MAX || (*end && *end != ','))
                        return kx_err_set(err, KX_ERR_USAGE, "--partitions \"%s\": \"%.*s\" is not a "
                                                             "partition number", list,
                                          (int)strcspn(p, ","), p);
                spec->partitions = kx_xrealloc(spec->partitions,
                                               (size_t)(spec->partition_cnt + 1) * sizeof(int32_t));
                spec->partitions[spec->partition_cnt++] = (int32_t)v;
                p = *end ? end + 1 : end;
        }
        if (!spec->partition_cnt)
                return kx_err_set(err, KX_ERR_USAGE, "--partitions: empty list");
        return 0;
}

int kx_replay_spec_check(const struct kx_replay_spec *spec, bool rate_given, bool bytes_rate_given,
                         struct kx_err *err)
{
        if (!spec->topic || !*spec->topic)
                return kx_err_set(err, KX_ERR_USAGE, "--topic is required");
        if (spec->from_ms >= spec->to_ms)
                return kx_err_set(err, KX_ERR_USAGE, "--from must be before --to (from %lld ms, to "
                                                     "%lld ms)",
                                  (long long)spec->from_ms, (long long)spec->to_ms);
        if (!spec->target_topic == !spec->target_group)
                return kx_err_set(err, KX_ERR_USAGE,
                                  "give exactly one of --target-topic and --target-group");
        if (spec->target_topic && !strcmp(spec->target_topic, spec->topic))
                return kx_err_set(err, KX_ERR_USAGE, "--target-topic %s is the source topic: "
                                                     "replaying a topic into itself would loop",
                                  spec->topic);
        if (rate_given && !(spec->rate > 0))
                return kx_err_set(err, KX_ERR_USAGE, "--rate must be > 0 messages/s (got %g)",
                                  spec->rate);
        if (bytes_rate_given && !(spec->bytes_rate > 0))
                return kx_err_set(err, KX_ERR_USAGE, "--bytes-rate must be > 0 bytes/s (got %g)",
                                  spec->bytes_rate);
        if (spec->target_group && (spec->key_cnt || spec->rate > 0 || spec->bytes_rate > 0))
                return kx_err_set(err, KX_ERR_USAGE, "--target-group rewinds the group's offsets: "
                                                     "--keys, --rate and --bytes-rate need "
                                                     "--target-topic");
        return 0;
}

void kx_replay_key_set(const struct kx_replay_spec *spec, struct kx_strmap *set)
{
        kx_strmap_init(set);
        for (size_t i = 0; i < spec->key_cnt; i++)
                kx_strmap_put(set, spec->keys[i], strlen(spec->keys[i]), set);
}

bool kx_replay_key_match(const struct kx_strmap *set, const void *key, size_t key_len)
{
        if (!set->count)
                return true;
        return key && kx_strmap_get(set, key, key_len) != NULL;
}

json_t *kx_replay_spec_to_json(const struct kx_replay_spec *spec)
{
        json_t *parts = json_array(), *keys = json_array();

        for (int i = 0; i < spec->partition_cnt; i++)
                json_array_append_new(parts, json_integer(spec->partitions[i]));
        for (size_t i = 0; i < spec->key_cnt; i++)
                json_array_append_new(keys, json_string(spec->keys[i]));
        return json_pack("{s:s, s:I, s:I, s:o, s:o, s:s?, s:s?, s:f, s:f, s:b, s:b}", "topic",
                         spec->topic, "from_ms", (json_int_t)spec->from_ms, "to_ms",
                         (json_int_t)spec->to_ms, "partitions", parts, "keys", keys, "target_topic",
                         spec->target_topic, "target_group", spec->target_group, "rate", spec->rate,
                         "bytes_rate", spec->bytes_rate, "keep_timestamps", spec->keep_timestamps,
                         "clamp", spec->clamp);
}

int kx_replay_spec_from_json(struct kx_replay_spec *spec, const json_t *j, struct kx_err *err)
{
        const char *topic = NULL;
        json_int_t from = 0, to = 0;
        json_t *parts = NULL, *keys = NULL, *tt = NULL, *tg = NULL, *v;
        int keep = 0, clamp = 0;
        json_error_t je;
        size_t i;

        if (json_unpack_ex((json_t *)j, &je, 0, "{s:s, s:I, s:I, s:o, s:o, s?o, s?o, s:F, s:F, s:b, s:b}",
                           "topic", &topic, "from_ms", &from, "to_ms", &to, "partitions", &parts,
                           "keys", &keys, "target_topic", &tt, "target_group", &tg, "rate",
                           &spec->rate, "bytes_rate", &spec->bytes_rate, "keep_timestamps", &keep,
                           "clamp", &clamp))
                return kx_err_set(err, KX_ERR_STATE, "replay job spec: %s", je.text);
        spec->topic = kx_xstrdup(topic);
        spec->target_topic = kx_xstrdup(json_string_value(tt));
        spec->target_group = kx_xstrdup(json_string_value(tg));
        spec->from_ms = from;
        spec->to_ms = to;
        spec->keep_timestamps = keep;
        spec->clamp = clamp;
        json_array_foreach(parts, i, v) {
                spec->partitions = kx_xrealloc(spec->partitions,
                                               (size_t)(spec->partition_cnt + 1) * sizeof(int32_t));
                spec->partitions[spec->partition_cnt++] = (int32_t)json_integer_value(v);
        }
        json_array_foreach(keys, i, v)
                if (json_is_string(v))
                        add_key(spec, json_string_value(v), json_string_length(v));
        return 0;
}
