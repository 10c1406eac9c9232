/* latency_hist.c - log-bucket latency histogram (see latency_hist.h). */
#include "latency_hist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int kx_hist_index(double ms)
{
        double i;

        if (!(ms > 1))
                return 0;
        i = ceil(4 * log2(ms) - 1e-9);
        return i >= KX_HIST_BUCKETS - 1 ? KX_HIST_BUCKETS - 1 : (int)i;
}

double kx_hist_upper(int i)
{
        return pow(2.0, i / 4.0);
}

void kx_hist_add(struct kx_hist *h, double ms)
{
        h->count[kx_hist_index(ms)]++;
        h->total++;
}

void kx_hist_merge(struct kx_hist *into, const struct kx_hist *from)
{
        for (int i = 0; i < KX_HIST_BUCKETS; i++)
                into->count[i] += from->count[i];
        into->total += from->total;
}

double kx_hist_quantile(const struct kx_hist *h, double q)
{
        uint64_t rank, seen = 0;

        if (!h->total)
                return -1;
        rank = (uint64_t)ceil(q * (double)h->total);
        if (rank < 1)
                rank = 1;
        for (int i = 0; i < KX_HIST_BUCKETS; i++) {
                seen += h->count[i];
                if (seen >= rank)
                        return kx_hist_upper(i);
        }
        return kx_hist_upper(KX_HIST_BUCKETS - 1);
}

void kx_hist_format(const struct kx_hist *h, char *buf, size_t size)
{
        size_t off = 0;

        buf[0] = '\0';
        for (int i = 0; i < KX_HIST_BUCKETS && off < size; i++) {
                if (!h->count[i])
                        continue;
                off += (size_t)snprintf(buf + off, size - off, "%s%d:%llu", off ? "," : "", i,
                                        (unsigned long long)h->count[i]);
        }
}

int kx_hist_parse_add(struct kx_hist *h, const char *text)
{
        const char *p = text;

        while (*p) {
                char *end;
                long i = strtol(p, &end, 10);
                unsigned long long c;

                if (end == p || *end != ':' || i < 0 || i >= KX_HIST_BUCKETS)
                        return -1;
                p = end + 1;
                c = strtoull(p, &end, 10);
                if (end == p || (*end && *end != ','))
                        return -1;
                h->count[i] += c;
                h->total += c;
                p = *end ? end + 1 : end;
        }
        return 0;
}
