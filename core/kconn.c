/* kconn.c - TCP (+TLS) connection, framing I/O and ApiVersions. */
#include "kconn.h"
#include "ksasl.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

struct kx_kconn {
        int fd;
        SSL_CTX *ctx;
        SSL *ssl;
        int32_t next_corr;
        struct kx_kapis apis;
        char peer[300];
};

static int tcp_connect(const char *host, int port, int timeout_ms, struct kx_kconn *c, struct kx_err *err)
{
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL, *ai;
        char portstr[16];
        int rc, last = 0;

        snprintf(portstr, sizeof(portstr), "%d", port);
        rc = getaddrinfo(host, portstr, &hints, &res);
        if (rc)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "%s: %s", c->peer, gai_strerror(rc));
        for (ai = res; ai; ai = ai->ai_next) {
                int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
                struct pollfd pfd = {.fd = fd, .events = POLLOUT};
                struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
                socklen_t len = sizeof(last);
                int one = 1;

                if (fd < 0) {
                        last = errno;
                        continue;
                }
                fcntl(fd, F_SETFL, O_NONBLOCK);
                if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
                        last = errno;
                } else if (poll(&pfd, 1, timeout_ms) != 1) {
                        last = ETIMEDOUT;
                } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &last, &len) == 0 && last == 0) {
                        fcntl(fd, F_SETFL, 0);
                        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
                        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
                        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
                        c->fd = fd;
                        freeaddrinfo(res);
                        return 0;
                }
                close(fd);
        }
        freeaddrinfo(res);
        return kx_err_set(err, KX_ERR_UNREACHABLE, "%s: %s", c->peer, strerror(last ? last : ECONNREFUSED));
}

static int tls_fail(struct kx_kconn *c, const char *what, struct kx_err *err)
{
        char buf[160] = "";
        unsigned long e = ERR_get_error();

        if (e)
                ERR_error_string_n(e, buf, sizeof(buf));
        ERR_clear_error();
        return kx_err_set(err, KX_ERR_UNREACHABLE, "%s: TLS %s: %s", c->peer, what, buf[0] ? buf : "failed");
}

static int key_password_cb(char *buf, int size, int rwflag, void *u)
{
        const char *pw = u;
        int n = pw ? (int)strlen(pw) : 0;

        (void)rwflag;
        if (n > size)
                n = size;
        memcpy(buf, pw ? pw : "", (size_t)n);
        return n;
}

static int tls_start(struct kx_kconn *c, const char *host, const struct kx_ksec *sec, struct kx_err *err)
{
        struct stat st;

        c->ctx = SSL_CTX_new(TLS_client_method());
        if (!c->ctx)
                return tls_fail(c, "context", err);
        SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
        SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
        if (sec->ca) {
                bool dir = !stat(sec->ca, &st) && S_ISDIR(st.st_mode);

                if (SSL_CTX_load_verify_locations(c->ctx, dir ? NULL : sec->ca, dir ? sec->ca : NULL) != 1) {
                        ERR_clear_error();
                        return kx_err_set(err, KX_ERR_CONFIG, "ssl.ca.location: cannot load \"%s\"", sec->ca);
                }
        } else {
                SSL_CTX_set_default_verify_paths(c->ctx);
        }
        /* Always a callback: OpenSSL's default would prompt on the terminal. */
        SSL_CTX_set_default_passwd_cb(c->ctx, key_password_cb);
        SSL_CTX_set_default_passwd_cb_userdata(c->ctx, (void *)sec->key_password);
        if (sec->cert && SSL_CTX_use_certificate_chain_file(c->ctx, sec->cert) != 1) {
                ERR_clear_error();
                return kx_err_set(err, KX_ERR_CONFIG, "ssl.certificate.location: cannot load \"%s\"", sec->cert);
        }
        if (sec->key && SSL_CTX_use_PrivateKey_file(c->ctx, sec->key, SSL_FILETYPE_PEM) != 1) {
                ERR_clear_error();
                return kx_err_set(err, KX_ERR_CONFIG,
                                  "ssl.key.location: cannot load \"%s\" (wrong ssl.key.password?)", sec->key);
        }
        c->ssl = SSL_new(c->ctx);
        if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1)
                return tls_fail(c, "setup", err);
        SSL_set_tlsext_host_name(c->ssl, host);
        if (sec->verify_host)
                SSL_set1_host(c->ssl, host);
        if (SSL_connect(c->ssl) != 1) {
                long v = SSL_get_verify_result(c->ssl);

                if (v != X509_V_OK) {
                        ERR_clear_error();
                        return kx_err_set(err, KX_ERR_UNREACHABLE, "%s: TLS certificate not trusted: %s", c->peer,
                                          X509_verify_cert_error_string(v));
                }
                return tls_fail(c, "handshake", err);
        }
        return 0;
}

static int io_fail(struct kx_kconn *c, const char *what, ssize_t n, struct kx_err *err)
{
        if (n == 0)
                return kx_err_set(err, KX_ERR_UNREACHABLE, "%s: connection closed by the broker while %s",
                                  c->peer, what);
        if (errno == EAGAIN || errno == EWOULDBLOCK)
                return kx_err_set(err, KX_ERR_TIMEOUT, "%s: timed out %s", c->peer, what);
        return kx_err_set(err, KX_ERR_UNREACHABLE, "%s: %s %s", c->peer, what, strerror(errno));
}

static int write_all(struct kx_kconn *c, const unsigned char *p, size_t n, struct kx_err *err)
{
        while (n) {
                ssize_t w;

                errno = 0;
                w = c->ssl ? SSL_write(c->ssl, p, (int)n) : send(c->fd, p, n, MSG_NOSIGNAL);
                if (w <= 0) {
                        if (!c->ssl && w < 0 && errno == EINTR)
                                continue;
                        ERR_clear_error();
                        return io_fail(c, "sending", w < 0 ? -1 : (errno ? -1 : 0), err);
                }
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

static int read_all(struct kx_kconn *c, unsigned char *p, size_t n, struct kx_err *err)
{
        while (n) {
                ssize_t r;

                errno = 0;
                r = c->ssl ? SSL_read(c->ssl, p, (int)n) : recv(c->fd, p, n, 0);
                if (r <= 0) {
                        if (!c->ssl && r < 0 && errno == EINTR)
                                continue;
                        ERR_clear_error();
                        return io_fail(c, "receiving", errno ? -1 : 0, err);
                }
                p += r;
                n -= (size_t)r;
        }
        return 0;
}

int kx_kconn_call(struct kx_kconn *c, int16_t key, int16_t version, const struct kx_kenc *body,
                  unsigned char **resp, size_t *resp_len, struct kx_err *err)
{
        struct kx_kenc e;
        unsigned char hdr[4], *frame;
        int32_t corr = c->next_corr++;
        uint32_t size;
        struct kx_kdec d;
        int rc;

        *resp = NULL;
        *resp_len = 0;
        kx_kenc_init(&e);
        kx_kproto_begin(&e, key, version, corr, "klaxon");
        if (body)
                kx_kenc_raw(&e, body->buf, body->len);
        kx_kproto_end(&e);
        rc = write_all(c, e.buf, e.len, err);
        kx_kenc_done(&e);
        if (rc || (rc = read_all(c, hdr, 4, err)))
                return rc;
        size = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
        if (size > KX_KCONN_MAX_RESPONSE)
                return kx_err_set(err, KX_ERR_KAFKA, "%s: response of %u bytes is too large", c->peer, size);
        frame = kx_xmalloc(size ? size : 1);
        if ((rc = read_all(c, frame, size, err))) {
                free(frame);
                return rc;
        }
        kx_kdec_init(&d, frame, size);
        if ((rc = kx_kproto_response_header(&d, key, version, corr, err))) {
                free(frame);
                return rc;
        }
        *resp_len = kx_kdec_left(&d);
        memmove(frame, frame + d.pos, *resp_len);
        *resp = frame;
        return 0;
}

/* ApiVersions v3, or v0 if the broker answers UNSUPPORTED_VERSION. */
static int negotiate(struct kx_kconn *c, struct kx_err *err)
{
        int16_t version = 3;

        for (int attempt = 0; attempt < 2; attempt++) {
                struct kx_kenc body;
                unsigned char *resp;
                size_t len;
                int rc;

                kx_kenc_init(&body);
                kx_kproto_apiversions_body(&body, version);
                rc = kx_kconn_call(c, KX_KAPI_API_VERSIONS, version, &body, &resp, &len, err);
                kx_kenc_done(&body);
                if (rc)
                        return rc;
                /* The error code comes first in every layout; an unsupported
                 * version is answered in the v0 layout. */
                if (len >= 2 && ((resp[0] << 8) | resp[1]) == KX_KERR_UNSUPPORTED_VERSION && version) {
                        free(resp);
                        version = 0;
                        continue;
                }
                rc = kx_kproto_apiversions_decode(resp, len, version, &c->apis, err);
                free(resp);
                if (rc)
                        return rc;
                if (c->apis.error)
                        return kx_err_set(err, KX_ERR_KAFKA, "%s: ApiVersions error %d", c->peer,
                                          (int)c->apis.error);
                return 0;
        }
        return kx_err_set(err, KX_ERR_KAFKA, "%s: ApiVersions v0 unsupported", c->peer);
}

int kx_kconn_open(const char *host, int port, const struct kx_ksec *sec, int timeout_ms,
                  struct kx_kconn **out, struct kx_err *err)
{
        struct kx_kconn *c = kx_xcalloc(1, sizeof(*c));
        int rc;

        c->fd = -1;
        c->next_corr = 1;
        snprintf(c->peer, sizeof(c->peer), "%s:%d", host, port);
        rc = tcp_connect(host, port, timeout_ms, c, err);
        if (!rc && sec->tls)
                rc = tls_start(c, host, sec, err);
        if (!rc)
                rc = negotiate(c, err);
        if (!rc && sec->sasl)
                rc = kx_ksasl_auth(c, sec, err);
        if (rc) {
                kx_kconn_close(c);
                *out = NULL;
                return rc;
        }
        *out = c;
        return 0;
}

const struct kx_kapis *kx_kconn_apis(const struct kx_kconn *c)
{
        return &c->apis;
}

const char *kx_kconn_peer(const struct kx_kconn *c)
{
        return c->peer;
}

void kx_kconn_close(struct kx_kconn *c)
{
        if (!c)
                return;
        if (c->ssl) {
                SSL_shutdown(c->ssl);
                SSL_free(c->ssl);
        }
        SSL_CTX_free(c->ctx);
        if (c->fd >= 0)
                close(c->fd);
        free(c);
}
