/* replay_report.c - compare what was matched with what was written. */
#include "replay_report.h"

json_t *kx_replay_report(const struct kx_replay_count *c, int n, const char *error, bool *ok)
{
        json_t *parts = json_array();
        int64_t matched = 0, written = 0;

        *ok = error == NULL;
        for (int i = 0; i < n; i++) {
                bool same = c[i].matched == c[i].written;

                *ok = *ok && same;
                matched += c[i].matched;
                written += c[i].written;
                json_array_append_new(parts, json_pack("{s:i, s:I, s:I, s:I, s:I, s:b}", "partition",
                                                       c[i].partition, "from", (json_int_t)c[i].from,
                                                       "to", (json_int_t)c[i].to, "matched",
                                                       (json_int_t)c[i].matched, "written",
                                                       (json_int_t)c[i].written, "ok", same));
        }
        return json_pack("{s:b, s:I, s:I, s:o, s:s?}", "ok", *ok, "matched", (json_int_t)matched,
                         "written", (json_int_t)written, "partitions", parts, "error", error);
}
