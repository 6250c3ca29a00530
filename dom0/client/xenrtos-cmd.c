/*
 * xenrtos-cmd - talk to the RTOS's command service from Linux (dom0) over its vchan, with
 * Debian's libxenvchan (the RTOS is the vchan server, this is the client).
 *
 *   xenrtos-cmd [-d domid] [-p xenstore-path] [-n count] [-q] command [args...]
 *       send the command (count times), print the answer, and the round-trip times
 *   xenrtos-cmd [-d domid] [-p path] -l seconds [-w window]
 *       load generator: keep `window` pings in flight for `seconds`, print the rate
 *
 * An answer ends with a line "ok" or "error: ...". Exit status: 0 all answers ok, 1 an answer
 * was an error, 2 connection or protocol failure.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxenvchan.h>

static struct libxenvchan *chan;
static char rbuf[65536];
static size_t rlen;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int send_all(const char *s, size_t n)
{
    while (n > 0) {
        int w = libxenvchan_write(chan, s, n);
        if (w < 0) {
            perror("xenrtos-cmd: vchan write");
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Next complete line from the channel into `line` (without '\n'). 0 ok, -1 closed/error. */
static int read_line(char *line, size_t size)
{
    for (;;) {
        char *nl = memchr(rbuf, '\n', rlen);
        if (nl != NULL) {
            size_t n = (size_t)(nl - rbuf);
            size_t c = n < size - 1 ? n : size - 1;
            memcpy(line, rbuf, c);
            line[c] = '\0';
            memmove(rbuf, nl + 1, rlen - n - 1);
            rlen -= n + 1;
            return 0;
        }
        if (rlen == sizeof(rbuf)) {
            fprintf(stderr, "xenrtos-cmd: line longer than %zu bytes\n", sizeof(rbuf));
            return -1;
        }
        if (!libxenvchan_is_open(chan) && libxenvchan_data_ready(chan) == 0) {
            fprintf(stderr, "xenrtos-cmd: the RTOS closed the channel\n");
            return -1;
        }
        int r = libxenvchan_read(chan, rbuf + rlen, sizeof(rbuf) - rlen);
        if (r < 0) {
            perror("xenrtos-cmd: vchan read");
            return -1;
        }
        rlen += (size_t)r;
    }
}

/* Read one answer; prints it unless quiet. 0 ok, 1 error answer, 2 failure. */
static int read_answer(int quiet)
{
    char line[512];
    for (;;) {
        if (read_line(line, sizeof(line)) != 0) {
            return 2;
        }
        if (!quiet) {
            printf("%s\n", line);
        }
        if (strcmp(line, "ok") == 0) {
            return 0;
        }
        if (strncmp(line, "error:", 6) == 0) {
            return 1;
        }
    }
}

/* `trace dump FILE`: the RTOS sends the stopped trace buffer as text frames (apps/service/cmd.c):
 * "trace <n> bytes", then "trx <offset> <hex bytes> <8-bit sum>" lines, then
 * "trace end <32-bit sum>" and "ok". Each frame is checked and placed at its offset; FILE gets
 * the buffer (a .trx, tools/trace2perfetto) only when everything checked out. */
static int trace_dump(const char *path)
{
    static unsigned char buf[1u << 20];
    char line[512];
    unsigned long size = 0, got = 0, total = 0, end;
    if (send_all("trace dump\n", 11) != 0 || read_line(line, sizeof(line)) != 0) {
        return 2;
    }
    if (sscanf(line, "trace %lu bytes", &size) != 1 || size > sizeof(buf)) {
        fprintf(stderr, "xenrtos-cmd: trace dump: %s\n", line);
        return 1;
    }
    for (;;) {
        if (read_line(line, sizeof(line)) != 0) {
            return 2;
        }
        if (strncmp(line, "trx ", 4) != 0) {
            break;
        }
        char hex[300];
        unsigned long off, sum;
        if (sscanf(line, "trx %lx %299s %lx", &off, hex, &sum) != 3 || off != got ||
            strlen(hex) % 2 != 0 || off + strlen(hex) / 2 > size) {
            fprintf(stderr, "xenrtos-cmd: trace dump: bad frame: %.40s\n", line);
            return 1;
        }
        unsigned line_sum = 0;
        for (size_t i = 0; i < strlen(hex) / 2; i++) {
            unsigned v;
            if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
                fprintf(stderr, "xenrtos-cmd: trace dump: bad hex at %lx\n", off);
                return 1;
            }
            buf[off + i] = (unsigned char)v;
            line_sum += v;
        }
        if ((line_sum & 0xffu) != sum) {
            fprintf(stderr, "xenrtos-cmd: trace dump: checksum error at %lx\n", off);
            return 1;
        }
        total += line_sum;
        got += strlen(hex) / 2;
    }
    if (sscanf(line, "trace end %lx", &end) != 1 || got != size || end != (total & 0xffffffffu) ||
        read_answer(1) != 0) {
        fprintf(stderr, "xenrtos-cmd: trace dump: incomplete (%lu of %lu bytes): %s\n", got, size,
                line);
        return 1;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(buf, 1, size, f) != size || fclose(f) != 0) {
        perror(path);
        return 2;
    }
    printf("trace: %lu bytes to %s\n", size, path);
    return 0;
}

static int load(double seconds, int window)
{
    static const char ping[] = "ping\n";
    long sent = 0, answered = 0;
    double t0 = now_us(), end = t0 + seconds * 1e6;
    while (sent < window) {
        if (send_all(ping, sizeof(ping) - 1) != 0) {
            return 2;
        }
        sent++;
    }
    while (answered < sent) {
        int rc = read_answer(1);
        if (rc != 0) {
            fprintf(stderr, "xenrtos-cmd: load: answer %ld: %s\n", answered,
                    rc == 1 ? "error" : "failure");
            return 2;
        }
        answered++;
        if (now_us() < end) {
            if (send_all(ping, sizeof(ping) - 1) != 0) {
                return 2;
            }
            sent++;
        }
    }
    double el = (now_us() - t0) / 1e6;
    printf("load: %ld pings answered in %.2f s: %.0f/s (window %d)\n", answered, el, answered / el,
           window);
    return 0;
}

int main(int argc, char **argv)
{
    int domid = 1, count = 1, quiet = 0, window = 8, opt;
    double load_s = 0;
    const char *path = NULL;
    char defpath[128];
    while ((opt = getopt(argc, argv, "d:p:n:ql:w:")) != -1) {
        switch (opt) {
        case 'd':
            domid = atoi(optarg);
            break;
        case 'p':
            path = optarg;
            break;
        case 'n':
            count = atoi(optarg);
            break;
        case 'q':
            quiet = 1;
            break;
        case 'l':
            load_s = atof(optarg);
            break;
        case 'w':
            window = atoi(optarg);
            break;
        default:
            fprintf(stderr,
                    "usage: %s [-d domid] [-p path] [-n count] [-q] command [args]\n"
                    "       %s [-d domid] [-p path] -l seconds [-w window]\n",
                    argv[0], argv[0]);
            return 2;
        }
    }
    if (domid <= 0 || domid >= 0x7ff0 || count < 1 || window < 1 || window > 64 ||
        (load_s <= 0 && optind >= argc)) {
        fprintf(stderr, "xenrtos-cmd: bad arguments (try -h)\n");
        return 2;
    }
    if (path == NULL) {
        snprintf(defpath, sizeof(defpath), "/local/domain/%d/data/vchan/0/cmd", domid);
        path = defpath;
    }
    double tc = now_us();
    /* Between two clients the RTOS replaces its endpoint (a few ms): retry for up to 3 s. */
    for (int tries = 0; tries < 150; tries++) {
        chan = libxenvchan_client_init(NULL, domid, path);
        if (chan != NULL) {
            break;
        }
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    if (chan == NULL) {
        fprintf(stderr, "xenrtos-cmd: cannot connect to domain %d at %s: %s\n", domid, path,
                strerror(errno));
        return 2;
    }
    chan->blocking = 1;
    double connect_us = now_us() - tc;

    int rc = 0;
    if (load_s > 0) {
        rc = load(load_s, window);
    } else if (argc - optind == 3 && strcmp(argv[optind], "trace") == 0 &&
               strcmp(argv[optind + 1], "dump") == 0) {
        rc = trace_dump(argv[optind + 2]);
    } else {
        char cmd[256] = "";
        size_t len = 0;
        for (int i = optind; i < argc; i++) {
            int n = snprintf(cmd + len, sizeof(cmd) - len, "%s%s", i > optind ? " " : "", argv[i]);
            if (n < 0 || (size_t)n >= sizeof(cmd) - len - 1) {
                fprintf(stderr, "xenrtos-cmd: command too long\n");
                return 2;
            }
            len += (size_t)n;
        }
        cmd[len++] = '\n';
        double min = 1e30, max = 0, sum = 0;
        for (int i = 0; i < count && rc != 2; i++) {
            double t0 = now_us();
            if (send_all(cmd, len) != 0) {
                rc = 2;
                break;
            }
            int r = read_answer(quiet || i > 0);
            double rtt = now_us() - t0;
            if (r > rc) {
                rc = r;
            }
            min = rtt < min ? rtt : min;
            max = rtt > max ? rtt : max;
            sum += rtt;
        }
        if (rc != 2) {
            fprintf(stderr, "rtt: %d x '%.*s': min %.0f avg %.0f max %.0f us (connect %.0f us)\n",
                    count, (int)len - 1, cmd, min, sum / count, max, connect_us);
        }
    }
    libxenvchan_close(chan);
    return rc;
}
