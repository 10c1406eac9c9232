/* metrics_server.h - a minimal HTTP listener for Prometheus scrapes: its
 * own thread, one socket, poll(); `GET /metrics` gets the text a render
 * callback returns, any other path 404, any other method 405. Requests are
 * bounded (4 KiB of header), at most 8 connections at a time, each closed
 * after one answer or 5 s of silence. The probe loop never waits on it.
 */
#ifndef KX_METRICS_SERVER_H
#define KX_METRICS_SERVER_H

#include "err.h"

#include <stddef.h>

/* Returns the body as a malloc'd string (the server frees it); called on
 * the server's thread. */
typedef char *(*kx_metrics_render_fn)(void *ctx);

struct kx_metrics_server;

/* Listen on addr "HOST:PORT" ("[::1]:PORT" for IPv6; port 0 picks a free
 * one) and start serving. *out receives the server (free with _stop).
 * Errors: KX_ERR_USAGE (malformed address), KX_ERR_IO (resolve, bind or
 * listen failed; the message names the address and the reason). */
int kx_metrics_server_start(const char *addr, kx_metrics_render_fn render, void *ctx,
                            struct kx_metrics_server **out, struct kx_err *err);

/* The bound address as "HOST:PORT" (the real port when 0 was asked);
 * owned by the server. */
const char *kx_metrics_server_addr(const struct kx_metrics_server *s);

/* Stop the thread, close every socket, free s. NULL is a no-op. */
void kx_metrics_server_stop(struct kx_metrics_server *s);

#endif
