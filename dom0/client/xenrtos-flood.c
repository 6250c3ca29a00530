/*
 * xenrtos-flood - a raw event-channel flood from Linux (dom0) at the RTOS, with Debian's
 * libxenevtchn: binds the unbound port the RTOS offers dom0 (the service publishes it at
 * /local/domain/<domid>/data/xenrtos/events-port) and notifies it in a tight loop, without any
 * protocol and without the "notify only when the peer sleeps" suppression a vchan does.
 *
 *   xenrtos-flood -d domid -p port [-n count] [-s seconds]
 *       notify `count` times (default: no limit) or for `seconds` (default 5 when neither is
 *       given), whichever comes first; print how many notifications were sent
 *
 * An interdomain port can be bound once: while one flooder runs, a second one fails to bind.
 * Exit status: 0 the flood ran, 2 bad arguments or an error (open, bind, notify).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenevtchn.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(const char *argv0)
{
    fprintf(stderr, "usage: %s -d domid -p port [-n count] [-s seconds]\n", argv0);
    return 2;
}

int main(int argc, char **argv)
{
    long domid = -1, port = -1;
    unsigned long long count = 0;
    double seconds = 0;
    int opt;
    while ((opt = getopt(argc, argv, "d:p:n:s:")) != -1) {
        char *end = NULL;
        switch (opt) {
        case 'd':
            domid = strtol(optarg, &end, 10);
            break;
        case 'p':
            port = strtol(optarg, &end, 10);
            break;
        case 'n':
            count = strtoull(optarg, &end, 10);
            break;
        case 's':
            seconds = strtod(optarg, &end);
            break;
        default:
            return usage(argv[0]);
        }
        if (end == optarg || *end != '\0') {
            return usage(argv[0]);
        }
    }
    if (optind != argc || domid <= 0 || domid >= 0x7ff0 || port <= 0 || port >= 4096 ||
        seconds < 0) {
        return usage(argv[0]);
    }
    if (count == 0 && seconds == 0) {
        seconds = 5;
    }

    xenevtchn_handle *xce = xenevtchn_open(NULL, 0);
    if (xce == NULL) {
        fprintf(stderr, "xenrtos-flood: xenevtchn_open: %s\n", strerror(errno));
        return 2;
    }
    xenevtchn_port_or_error_t local =
        xenevtchn_bind_interdomain(xce, (uint32_t)domid, (evtchn_port_t)port);
    if (local < 0) {
        fprintf(stderr, "xenrtos-flood: bind to domain %ld port %ld: %s\n", domid, port,
                strerror(errno));
        xenevtchn_close(xce);
        return 2;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    int rc = 0;
    unsigned long long sent = 0;
    double t0 = now_s(), end = t0 + seconds, t = t0;
    while (!stop && (count == 0 || sent < count)) {
        if (xenevtchn_notify(xce, (evtchn_port_t)local) != 0) {
            fprintf(stderr, "xenrtos-flood: notify %llu: %s\n", sent, strerror(errno));
            rc = 2;
            break;
        }
        sent++;
        /* The clock is read every 256 notifications, so the loop is all notifications. */
        if (seconds > 0 && (sent & 255u) == 0) {
            t = now_s();
            if (t >= end) {
                break;
            }
        }
    }
    t = now_s();
    double el = t - t0;
    printf("flood: %llu notifications to domain %ld port %ld (local port %d) in %.2f s: %.0f/s\n",
           sent, domid, port, local, el, el > 0 ? (double)sent / el : 0.0);
    if (xenevtchn_unbind(xce, (evtchn_port_t)local) != 0) {
        fprintf(stderr, "xenrtos-flood: unbind: %s\n", strerror(errno));
        rc = 2;
    }
    xenevtchn_close(xce);
    return rc;
}
