/* progress_text.c - bar, percentage, ETA. */
#include "progress_text.h"

#include <stdio.h>

int kx_progress_pct(int64_t done, int64_t total)
{
        if (total <= 0 || done <= 0)
                return 0;
        if (done >= total)
                return 100;
        return (int)(done * 100 / total);
}

void kx_progress_bar(char *buf, size_t size, int width, int64_t done, int64_t total)
{
        int fill = total > 0 ? (int)((done > total ? total : done < 0 ? 0 : done) * width / total) : 0;
        int i;

        for (i = 0; i < width && (size_t)i + 1 < size; i++)
                buf[i] = i < fill ? '#' : '.';
        if (size)
                buf[i] = '\0';
}

void kx_eta_text(char *buf, size_t size, int64_t remaining, double rate)
{
        long long s;

        if (!(rate > 0)) {
                snprintf(buf, size, "-");
                return;
        }
        s = (long long)((double)(remaining > 0 ? remaining : 0) / rate + 0.5);
        if (s >= 3600)
                snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
        else
                snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
}
