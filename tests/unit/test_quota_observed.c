/* test_quota_observed.c - which observed quota sensor belongs to which
 * configured quota key and entity (quota_observed.h). */
#include "../lib/testlib.h"
#include "../../core/quota_observed.h"

#include <check.h>
#include <string.h>

static struct kx_quota_observed items[] = {
        {KX_QUOTA_PRODUCE, "", "slow", 812, 1024},
        {KX_QUOTA_FETCH, "", "slow", 0, 2048},
        {KX_QUOTA_PRODUCE, "alice", "", 5, 10},
        {KX_QUOTA_REQUEST, "alice", "app", 7, -1},
};
static const struct kx_quota_observations obs = {items, 4};

START_TEST(test_key_and_entity_pick_the_sensor)
{
        struct kx_quota_entity slow[] = {{"client-id", "slow"}};
        struct kx_quota_entity alice[] = {{"user", "alice"}};
        struct kx_quota_entity both[] = {{"user", "alice"}, {"client-id", "app"}};
        struct kx_quota_entity deflt[] = {{"client-id", NULL}};
        struct kx_quota_entity ip[] = {{"ip", "10.0.0.1"}};

        ck_assert_ptr_eq(kx_quota_observed_for(&obs, slow, 1, "producer_byte_rate"), &items[0]);
        ck_assert_ptr_eq(kx_quota_observed_for(&obs, slow, 1, "consumer_byte_rate"), &items[1]);
        ck_assert_ptr_null(kx_quota_observed_for(&obs, slow, 1, "request_percentage"));
        ck_assert_ptr_null(kx_quota_observed_for(&obs, slow, 1, "controller_mutation_rate"));
        ck_assert_ptr_eq(kx_quota_observed_for(&obs, alice, 1, "producer_byte_rate"), &items[2]);
        ck_assert_ptr_eq(kx_quota_observed_for(&obs, both, 2, "request_percentage"), &items[3]);
        ck_assert_ptr_null(kx_quota_observed_for(&obs, both, 2, "producer_byte_rate"));
        /* Default and ip entities: their sensors carry the real names. */
        ck_assert_ptr_null(kx_quota_observed_for(&obs, deflt, 1, "producer_byte_rate"));
        ck_assert_ptr_null(kx_quota_observed_for(&obs, ip, 1, "producer_byte_rate"));
        ck_assert_ptr_null(kx_quota_observed_for(NULL, slow, 1, "producer_byte_rate"));
}
END_TEST

START_TEST(test_text_and_json)
{
        char buf[120];
        json_t *j = kx_quota_observed_json(&items[3]);

        ck_assert_str_eq(kx_quota_observed_text(&items[0], buf, sizeof(buf)), "throttle 812 ms, 1024 B/s");
        ck_assert_str_eq(kx_quota_observed_text(&items[3], buf, sizeof(buf)), "throttle 7 ms, -");
        ck_assert_str_eq(json_string_value(json_object_get(j, "quota")), "Request");
        ck_assert_str_eq(json_string_value(json_object_get(j, "user")), "alice");
        ck_assert(json_is_null(json_object_get(j, "byte_rate")));
        json_decref(j);
        j = kx_quota_observed_json(&items[0]);
        ck_assert(json_is_null(json_object_get(j, "user")));
        ck_assert(json_number_value(json_object_get(j, "throttle_ms")) == 812);
        json_decref(j);
}
END_TEST

int main(void)
{
        Suite *s = suite_create("quota_observed");
        TCase *tc = tcase_create("match");

        tcase_add_test(tc, test_key_and_entity_pick_the_sensor);
        tcase_add_test(tc, test_text_and_json);
        suite_add_tcase(s, tc);
        return kx_test_run(s);
}
