/* metrics_server.c - the /metrics listener (see metrics_server.h). */
#include "metrics_server.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 8
#define MAX_REQUEST 4096
#define CLIENT_TIMEOUT_MS 5000

struct client {
        int fd;                 /* -1: free slot */
        char in[MAX_REQUEST];
        size_t in_len;
        char *out;              /* the answer, once the request is read */
        size_t out_len, out_off;
        int64_t deadline;       /* monotonic ms */
};

struct kx_metrics_server {
        int listen_fd;
        int wake[2];            /* a byte on wake[1] stops the thread */
        pthread_t thread;
        kx_metrics_render_fn render;
        void *ctx;
        char addr[128];
        struct client clients[MAX_CLIENTS];
};

static int64_t mono_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void client_close(struct client *c)
{
        if (c->fd >= 0)
                close(c->fd);
        free(c->out);
        c->fd = -1;
        c->out = NULL;
        c->in_len = c->out_len = c->out_off = 0;
}

static void respond(struct client *c, const char *status, const char *type, const char *extra,
                    char *body)
{
        size_t blen = strlen(body);
        char head[256];
        int hlen = snprintf(head, sizeof(head),
                            "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
                            "Connection: close\r\n\r\n",
                            status, type, blen, extra);

        c->out = kx_xmalloc((size_t)hlen + blen);
        memcpy(c->out, head, (size_t)hlen);
        memcpy(c->out + hlen, body, blen);
        c->out_len = (size_t)hlen + blen;
        c->out_off = 0;
        free(body);
}

/* The request head is complete (or too long): build the answer. */
static void answer(struct kx_metrics_server *s, struct client *c, bool too_long)
{
        char method[16] = "", path[256] = "";
        char *q;

        if (too_long) {
                respond(c, "431 Request Header Fields Too Large", "text/plain", "",
                        kx_xstrdup("request too large\n"));
                return;
        }
        c->in[c->in_len] = '\0';
        if (sscanf(c->in, "%15s %255s HTTP/", method, path) != 2) {
                respond(c, "400 Bad Request", "text/plain", "", kx_xstrdup("bad request\n"));
                return;
        }
        if ((q = strchr(path, '?')))
                *q = '\0';
        if (strcmp(path, "/metrics"))
                respond(c, "404 Not Found", "text/plain", "", kx_xstrdup("not found: try /metrics\n"));
        else if (strcmp(method, "GET"))
                respond(c, "405 Method Not Allowed", "text/plain", "Allow: GET\r\n",
                        kx_xstrdup("only GET\n"));
        else
                respond(c, "200 OK", "text/plain; version=0.0.4; charset=utf-8", "", s->render(s->ctx));
}

static void on_readable(struct kx_metrics_server *s, struct client *c)
{
        ssize_t n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len, 0);

        if (n <= 0) {
                if (n == 0 || (errno != EAGAIN && errno != EINTR))
                        client_close(c);
                return;
        }
        c->in_len += (size_t)n;
        c->in[c->in_len] = '\0';
        if (strstr(c->in, "\r\n\r\n") || strstr(c->in, "\n\n"))
                answer(s, c, false);
        else if (c->in_len >= sizeof(c->in) - 1)
                answer(s, c, true);
}

static void on_writable(struct client *c)
{
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);

        if (n < 0) {
                if (errno != EAGAIN && errno != EINTR)
                        client_close(c);
                return;
        }
        c->out_off += (size_t)n;
        if (c->out_off >= c->out_len) {
                shutdown(c->fd, SHUT_WR);
                client_close(c);
        }
}

static void accept_one(struct kx_metrics_server *s)
{
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (fd < 0)
                return;
        for (int i = 0; i < MAX_CLIENTS; i++)
                if (s->clients[i].fd < 0) {
                        s->clients[i].fd = fd;
                        s->clients[i].deadline = mono_ms() + CLIENT_TIMEOUT_MS;
                        return;
                }
        close(fd);      /* not reached: the listener is not polled when full */
}

static void *serve(void *arg)
{
        struct kx_metrics_server *s = arg;

        for (;;) {
                struct pollfd pfd[MAX_CLIENTS + 2];
                int idx[MAX_CLIENTS], n = 2, used = 0;
                int64_t now = mono_ms();

                pfd[0] = (struct pollfd){.fd = s->wake[0], .events = POLLIN};
                for (int i = 0; i < MAX_CLIENTS; i++) {
                        struct client *c = &s->clients[i];

                        if (c->fd < 0)
                                continue;
                        if (now >= c->deadline) {
                                client_close(c);
                                continue;
                        }
                        used++;
                        idx[n - 2] = i;
                        pfd[n++] = (struct pollfd){.fd = c->fd, .events = c->out ? POLLOUT : POLLIN};
                }
                pfd[1] = (struct pollfd){.fd = used < MAX_CLIENTS ? s->listen_fd : -1, .events = POLLIN};
                if (poll(pfd, (nfds_t)n, 250) < 0 && errno != EINTR)
                        break;
                if (pfd[0].revents)
                        break;
                if (pfd[1].revents & POLLIN)
                        accept_one(s);
                for (int k = 2; k < n; k++) {
                        struct client *c = &s->clients[idx[k - 2]];

                        if (pfd[k].revents & (POLLERR | POLLNVAL))
                                client_close(c);
                        else if (c->out && (pfd[k].revents & (POLLOUT | POLLHUP)))
                                on_writable(c);
                        else if (!c->out && (pfd[k].revents & (POLLIN | POLLHUP)))
                                on_readable(s, c);
                }
        }
        return NULL;
}

/* Split "HOST:PORT" / "[V6]:PORT" into host and port. */
static int split_addr(const char *addr, char *host, size_t hsize, char *port, size_t psize,
                      struct kx_err *err)
{
        const char *colon, *h = addr;
        size_t hlen;

        if (addr[0] == '[') {
                const char *close_br = strchr(addr, ']');

                if (!close_br || close_br[1] != ':')
                        goto bad;
                h = addr + 1;
                hlen = (size_t)(close_br - h);
                colon = close_br + 1;
        } else {
                colon = strrchr(addr, ':');
                if (!colon || strchr(addr, ':') != colon)
                        goto bad;
                hlen = (size_t)(colon - addr);
        }
        if (!colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
            strlen(colon + 1) >= psize || hlen >= hsize || atol(colon + 1) > 65535)
                goto bad;
        memcpy(host, h, hlen);
        host[hlen] = '\0';
        snprintf(port, psize, "%s", colon + 1);
        return 0;
bad:
        return kx_err_set(err, KX_ERR_USAGE, "metrics address \"%s\": expected HOST:PORT (e.g. 127.0.0.1:9464)",
                          addr);
}

static int listen_on(struct kx_metrics_server *s, const char *addr, struct kx_err *err)
{
        char host[100], port[8], hbuf[NI_MAXHOST], pbuf[NI_MAXSERV];
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                                 .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *res, *ai;
        struct sockaddr_storage bound;
        socklen_t blen = sizeof(bound);
        int rc, one = 1, last_errno = 0;

        if (split_addr(addr, host, sizeof(host), port, sizeof(port), err))
                return err->code;
        rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
        if (rc)
                return kx_err_set(err, KX_ERR_IO, "metrics address %s: %s", addr, gai_strerror(rc));
        for (ai = res; ai; ai = ai->ai_next) {
                int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                                ai->ai_protocol);

                if (fd < 0) {
                        last_errno = errno;
                        continue;
                }
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
                if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 16) == 0) {
                        s->listen_fd = fd;
                        break;
                }
                last_errno = errno;
                close(fd);
        }
        freeaddrinfo(res);
        if (s->listen_fd < 0)
                return kx_err_set(err, KX_ERR_IO, "metrics address %s: cannot listen: %s", addr,
                                  strerror(last_errno));
        if (getsockname(s->listen_fd, (struct sockaddr *)&bound, &blen) == 0 &&
            getnameinfo((struct sockaddr *)&bound, blen, hbuf, sizeof(hbuf), pbuf, sizeof(pbuf),
                        NI_NUMERICHOST | NI_NUMERICSERV) == 0)
                snprintf(s->addr, sizeof(s->addr), strchr(hbuf, ':') ? "[%s]:%s" : "%s:%s", hbuf, pbuf);
        else
                snprintf(s->addr, sizeof(s->addr), "%s", addr);
        return 0;
}

int kx_metrics_server_start(const char *addr, kx_metrics_render_fn render, void *ctx,
                            struct kx_metrics_server **out, struct kx_err *err)
{
        struct kx_metrics_server *s = kx_xcalloc(1, sizeof(*s));
        int rc;

        *out = NULL;
        s->listen_fd = s->wake[0] = s->wake[1] = -1;
        s->render = render;
        s->ctx = ctx;
        for (int i = 0; i < MAX_CLIENTS; i++)
                s->clients[i].fd = -1;
        rc = listen_on(s, addr, err);
        if (!rc && pipe2(s->wake, O_CLOEXEC))
                rc = kx_err_set(err, KX_ERR_IO, "metrics: pipe: %s", strerror(errno));
        if (!rc && (errno = pthread_create(&s->thread, NULL, serve, s)))
                rc = kx_err_set(err, KX_ERR_IO, "metrics: thread: %s", strerror(errno));
        if (rc) {
                if (s->listen_fd >= 0)
                        close(s->listen_fd);
                if (s->wake[0] >= 0) {
                        close(s->wake[0]);
                        close(s->wake[1]);
                }
                free(s);
                return rc;
        }
        *out = s;
        return 0;
}

const char *kx_metrics_server_addr(const struct kx_metrics_server *s)
{
        return s->addr;
}

void kx_metrics_server_stop(struct kx_metrics_server *s)
{
        ssize_t w;

        if (!s)
                return;
        do
                w = write(s->wake[1], "x", 1);
        while (w < 0 && errno == EINTR);
        pthread_join(s->thread, NULL);
        for (int i = 0; i < MAX_CLIENTS; i++)
                client_close(&s->clients[i]);
        close(s->listen_fd);
        close(s->wake[0]);
        close(s->wake[1]);
        free(s);
}
