/* test_snapshot_json.c - the snapshot JSON writer: the contract's field
 * names, null for unknowns, valid ASCII JSON for any bytes Kafka hands us
 * (core/snapshot_json.c). */
#include "../lib/testlib.h"
#include "../../core/snapshot_json.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *round_trip(const struct kx_snapshot *snap, char **raw)
{
        size_t size = 0;
        FILE *fp = open_memstream(raw, &size);
        json_error_t jerr;
        json_t *doc;

        kx_snapshot_write_json(snap, fp);
        fclose(fp);
        doc = json_loads(*raw, 0, &jerr);
        ck_assert_msg(doc != NULL, "not JSON (%s): %s", jerr.text, *raw);
        return doc;
}

START_TEST(test_fields_and_nulls)
{
        struct kx_snapshot *s = kx_snapshot_new();
        struct kx_arena *a = &s->arena;
        int32_t reps[2] = {1, 2}, isr[1] = {1};
        json_t *doc, *p, *g;
        char *raw;

        s->cluster_id = "abc";
        s->collected_at_ms = 1795471323390;
        s->broker_cnt = 2;
        s->brokers = kx_arena_alloc(a, 2 * sizeof(*s->brokers));
        s->brokers[0] = (struct kx_broker){.id = 1, .host = "h1", .port = 9092, .up = true};
        s->brokers[1] = (struct kx_broker){.id = 2};
        s->topic_cnt = 1;
        s->topics = kx_arena_alloc(a, sizeof(*s->topics));
        s->topics[0].name = "orders";
        s->topics[0].partition_cnt = 1;
        s->topics[0].partitions = kx_arena_alloc(a, sizeof(struct kx_partition));
        s->topics[0].partitions[0] = (struct kx_partition){
                .leader = 1, .replicas = reps, .replica_cnt = 2, .isr = isr, .isr_cnt = 1,
                .under_replicated = true, .log_start_offset = 5, .high_watermark = KX_OFFSET_UNKNOWN};
        s->group_cnt = 1;
        s->groups = kx_arena_alloc(a, sizeof(*s->groups));
        s->groups[0].group = "g";
        s->groups[0].state = "Empty";
        s->groups[0].members = -1;
        s->groups[0].partition_cnt = 1;
        s->groups[0].partitions = kx_arena_alloc(a, sizeof(struct kx_group_partition));
        s->groups[0].partitions[0] = (struct kx_group_partition){
                .topic = "orders", .committed_offset = KX_OFFSET_UNKNOWN, .high_watermark = 9,
                .log_start_offset = 0, .lag = -1};
        kx_snapshot_add_error(s, "brokers", "broker %d is down", 2);

        doc = round_trip(s, &raw);
        ck_assert_str_eq(json_string_value(json_object_get(doc, "cluster_id")), "abc");
        ck_assert_str_eq(json_string_value(json_object_get(doc, "collected_at")), "2026-11-23T22:02:03.390Z");
        ck_assert(json_is_integer(json_object_get(doc, "duration_ms")));
        ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(doc, "brokers"), 1), "host")));
        ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(doc, "brokers"), 1), "up")));
        p = json_array_get(json_object_get(json_array_get(json_object_get(doc, "topics"), 0), "partitions"), 0);
        ck_assert_int_eq(json_array_size(json_object_get(p, "replicas")), 2);
        ck_assert_int_eq(json_array_size(json_object_get(p, "isr")), 1);
        ck_assert(json_is_true(json_object_get(p, "under_replicated")));
        ck_assert(json_is_false(json_object_get(p, "offline")));
        ck_assert_int_eq(json_integer_value(json_object_get(p, "log_start_offset")), 5);
        ck_assert(json_is_null(json_object_get(p, "high_watermark")));
        g = json_array_get(json_object_get(doc, "groups"), 0);
        ck_assert(json_is_null(json_object_get(g, "members")));
        p = json_array_get(json_object_get(g, "partitions"), 0);
        ck_assert(json_is_null(json_object_get(p, "committed_offset")));
        ck_assert(json_is_null(json_object_get(p, "lag")));
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "errors"), 0),
                                                           "message")),
                         "broker 2 is down");
        json_decref(doc);
        free(raw);
        kx_snapshot_unref(s);
}
END_TEST

START_TEST(test_hostile_and_invalid_strings)
{
        struct kx_snapshot *s = kx_snapshot_new();
        json_t *doc;
        char *raw;

        s->group_cnt = 3;
        s->groups = kx_arena_alloc(&s->arena, 3 * sizeof(*s->groups));
        s->groups[0].group = "evil\x1b]0;t\x07\"q\"\\";
        s->groups[1].group = "gr\xc3\xbc\xc3\x9f \xf0\x9f\x98\x80";
        s->groups[2].group = "bad\xff\xfe";
        doc = round_trip(s, &raw);
        for (const char *c = raw; *c; c++)
                ck_assert_msg((unsigned char)*c < 0x80 && ((unsigned char)*c >= 0x20 || *c == '\n'),
                              "raw byte 0x%02x in output", (unsigned char)*c);
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "groups"), 0),
                                                           "group")),
                         "evil\x1b]0;t\x07\"q\"\\");
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "groups"), 1),
                                                           "group")),
                         "gr\xc3\xbc\xc3\x9f \xf0\x9f\x98\x80");
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "groups"), 2),
                                                           "group")),
                         "bad\\xff\\xfe");
        json_decref(doc);
        free(raw);
        kx_snapshot_unref(s);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("snapshot_json");
        TCase *tc = tcase_create("writer");

        tcase_add_test(tc, test_fields_and_nulls);
        tcase_add_test(tc, test_hostile_and_invalid_strings);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
