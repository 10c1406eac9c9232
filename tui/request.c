/* request.c - the request table as data. */
#include "request.h"

#include <string.h>

static const struct request_info requests[] = {
#define TUI_REQ_INFO(id, name, flags, help) {id, name, flags, help},
        TUI_REQUESTS(TUI_REQ_INFO)
#undef TUI_REQ_INFO
};

const struct request_info *tui_requests(int *count)
{
        *count = (int)(sizeof(requests) / sizeof(requests[0]));
        return requests;
}

const struct request_info *tui_request_by_name(const char *name)
{
        for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
                if (!strcmp(requests[i].name, name))
                        return &requests[i];
        return NULL;
}

const struct request_info *tui_request_info(enum request req)
{
        for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
                if (requests[i].request == req)
                        return &requests[i];
        return NULL;
}
