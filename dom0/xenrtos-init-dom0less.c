/*
 * xenrtos-init-dom0less - dom0's half of a dom0less domain's XenStore, in place of Debian's
 * init-dom0less (xen-utils-4.17), which fails for a domain of more than one vCPU.
 *
 * Xen builds the dom0less domains at boot; a domain with `xen,enhanced` gets an event channel for
 * XenStore (HVM_PARAM_STORE_EVTCHN) but no store page (HVM_PARAM_STORE_PFN stays ~0) and
 * xenstored knows nothing of it. Once xenstored runs, this program, for every domain but dom0
 * that has a store event channel and that xenstored has not been introduced to:
 *   1. adds one page at GUEST_MAGIC_BASE + XENSTORE_PFN_OFFSET pages to the domain (its maximum
 *      memory raised by that page), clears it and marks its connection XENSTORE_RECONNECT;
 *   2. seeds the domain's grant table (the store page in xenstored's reserved entry);
 *   3. gives it a fresh uuid (the domain handle) and the stub libxl configuration the xl tools
 *      read (/var/lib/xen/userdata-d.<domid>.<uuid>.libxl-json);
 *   4. writes, in one XenStore transaction (retried while it conflicts), the nodes libxl writes
 *      for a domain it creates: /vm/<uuid>/..., /local/domain/<domid>/... (owned by the domain,
 *      readable by dom0), one cpu/<i>/availability per vCPU, /libxl/<domid>/...;
 *   5. sets HVM_PARAM_STORE_PFN and introduces the domain to xenstored.
 * The nodes are written before the guest can see its store page (step 4 before 5): a failure
 * there leaves the guest waiting for a page, not holding one nobody serves.
 *
 * Why not Debian's: in Xen 4.17's tools/helpers/init-dom0less.c the vCPU loop (line 171-177)
 * writes "cpu/%u/availability/" (a trailing slash, which xenstored rejects), for vCPUs below
 * vcpu_max_id only, online or offline from the cpupool id taken as a bit mask. With 2 vCPUs the
 * first write fails, the transaction is abandoned and it exits through err(1) (line 283) after
 * having set HVM_PARAM_STORE_PFN (line 276): the guest finds a store page that xenstored never
 * serves. This is our own implementation of the same job, not a copy of that file.
 *
 * Usage: xenrtos-init-dom0less [-v]     (-v: print every node written)
 * Prints "Init dom0less domain: <domid>" for each domain it sets up, then one result line.
 * Exit status: 0 every domain set up (or nothing to do), 1 some domain failed (the others are
 * still set up), 2 the control interfaces cannot be opened.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenguest.h>
#include <xenstore.h>
#include <xenforeignmemory.h>
#include <xentoollog.h>
#include <libxl.h>
#include <xen/io/xs_wire.h>

/* The store page's frame: the second page of the guest's magic area, as Xen's tools put it. */
#define XENSTORE_PFN_OFFSET 1
#define STORE_GFN           ((xen_pfn_t)(GUEST_MAGIC_BASE >> XC_PAGE_SHIFT) + XENSTORE_PFN_OFFSET)
#define TXN_ATTEMPTS        20
#define PATH_LEN            160
#define VALUE_LEN           96

struct tools {
    xc_interface *xc;
    struct xs_handle *xs;
    xenforeignmemory_handle *fmem;
    libxl_ctx *xl;
    xentoollog_logger_stdiostream *log;
};

/* One XenStore node to write. owned: the domain owns it and dom0 may read it. */
struct node {
    char path[PATH_LEN];
    char value[VALUE_LEN];
    bool owned;
};

/* The nodes of one domain, built before the transaction (so a retry rewrites the same set). */
struct node_list {
    struct node *v;
    size_t n, cap;
};

static bool verbose;

static void report(unsigned int domid, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "xenrtos-init-dom0less: domain %u: ", domid);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Appends a node; value printf-style. False when out of memory or a string does not fit. */
static bool add_node(struct node_list *l, bool owned, const char *path, const char *fmt, ...)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 48;
        struct node *v = realloc(l->v, cap * sizeof(*v));
        if (v == NULL) {
            return false;
        }
        l->v = v;
        l->cap = cap;
    }
    struct node *nd = &l->v[l->n];
    if (strlen(path) >= sizeof(nd->path)) {
        errno = ENAMETOOLONG;
        return false;
    }
    strcpy(nd->path, path);
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(nd->value, sizeof(nd->value), fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= sizeof(nd->value)) {
        errno = EOVERFLOW;
        return false;
    }
    nd->owned = owned;
    l->n++;
    return true;
}

/* A node under /local/domain/<domid>/, owned by the domain. */
static bool add_dom(struct node_list *l, unsigned int domid, const char *rel, const char *fmt, ...)
{
    char path[PATH_LEN];
    int len = snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
    if (len < 0 || (size_t)len >= sizeof(path)) {
        errno = ENAMETOOLONG;
        return false;
    }
    char value[VALUE_LEN];
    va_list ap;
    va_start(ap, fmt);
    len = vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= sizeof(value)) {
        errno = EOVERFLOW;
        return false;
    }
    return add_node(l, true, path, "%s", value);
}

/*
 * The nodes libxl writes for a domain it creates (seen with xenstore-ls on an xl-created guest),
 * for a dom0less domain: every vCPU 0..vcpu_max_id is available, the store is the page and port
 * set up here.
 */
static bool build_nodes(struct node_list *l, const libxl_dominfo *info, const char *name,
                        const char *uuid, const char *type, evtchn_port_t port)
{
    unsigned int d = info->domid;
    char vm[PATH_LEN], path[PATH_LEN];
    struct timeval now;

    gettimeofday(&now, NULL);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);

    bool ok = add_node(l, false, strcat(strcpy(path, vm), "/name"), "%s", name) &&
              add_node(l, false, strcat(strcpy(path, vm), "/uuid"), "%s", uuid) &&
              add_node(l, false, strcat(strcpy(path, vm), "/start_time"), "%lld.%02ld",
                       (long long)now.tv_sec, (long)(now.tv_usec / 10000));

    ok = ok && add_dom(l, d, "vm", "%s", vm) && add_dom(l, d, "name", "%s", name) &&
         add_dom(l, d, "domid", "%u", d) && add_dom(l, d, "cpu", "%s", "");
    for (uint32_t cpu = 0; ok && cpu <= info->vcpu_max_id; cpu++) {
        char rel[48];
        snprintf(rel, sizeof(rel), "cpu/%" PRIu32 "/availability", cpu);
        ok = add_dom(l, d, rel, "%s", "online");
    }

    static const char *const empty[] = {
        "memory",
        "device",
        "device/suspend",
        "device/suspend/event-channel",
        "control",
        "control/shutdown",
        "control/feature-suspend",
        "control/sysrq",
        "data",
        "drivers",
        "feature",
        "attr",
    };
    static const char *const one[] = {
        "control/feature-poweroff",
        "control/feature-reboot",
        "control/platform-feature-multiprocessor-suspend",
        "control/platform-feature-xs_reset_watches",
    };
    for (size_t i = 0; ok && i < sizeof(empty) / sizeof(empty[0]); i++) {
        ok = add_dom(l, d, empty[i], "%s", "");
    }
    for (size_t i = 0; ok && i < sizeof(one) / sizeof(one[0]); i++) {
        ok = add_dom(l, d, one[i], "%s", "1");
    }
    ok = ok && add_dom(l, d, "memory/static-max", "%" PRIu64, info->max_memkb) &&
         add_dom(l, d, "memory/target", "%" PRIu64, info->current_memkb) &&
         add_dom(l, d, "memory/videoram", "%s", "-1") &&
         add_dom(l, d, "store/port", "%u", (unsigned int)port) &&
         add_dom(l, d, "store/ring-ref", "%llu", (unsigned long long)STORE_GFN);

    snprintf(path, sizeof(path), "/libxl/%u/type", d);
    ok = ok && add_node(l, false, path, "%s", type);
    snprintf(path, sizeof(path), "/libxl/%u/dm-version", d);
    ok = ok && add_node(l, false, path, "%s", "qemu_xen");
    return ok;
}

/* Writes the list in one transaction; starts again while xenstored reports a conflict. */
static int write_nodes(struct tools *t, unsigned int domid, const struct node_list *l)
{
    struct xs_permissions perms[2] = {
        {.id = domid, .perms = XS_PERM_NONE},
        {.id = 0, .perms = XS_PERM_READ},
    };

    for (int attempt = 1; attempt <= TXN_ATTEMPTS; attempt++) {
        xs_transaction_t txn = xs_transaction_start(t->xs);
        if (txn == XBT_NULL) {
            report(domid, "xs_transaction_start: %s", strerror(errno));
            return -1;
        }
        for (size_t i = 0; i < l->n; i++) {
            const struct node *nd = &l->v[i];
            if (!xs_write(t->xs, txn, nd->path, nd->value, strlen(nd->value)) ||
                (nd->owned && !xs_set_permissions(t->xs, txn, nd->path, perms, 2))) {
                int e = errno;
                xs_transaction_end(t->xs, txn, true);
                report(domid, "writing XenStore node %s = \"%s\": %s", nd->path, nd->value,
                       strerror(e));
                return -1;
            }
            if (verbose && attempt == 1) {
                printf("  %s = \"%s\"%s\n", nd->path, nd->value,
                       nd->owned ? " (owner the domain, dom0 reads)" : "");
            }
        }
        if (xs_transaction_end(t->xs, txn, false)) {
            return 0;
        }
        if (errno != EAGAIN) {
            report(domid, "committing the XenStore transaction: %s", strerror(errno));
            return -1;
        }
    }
    report(domid, "XenStore transaction still conflicting after %d attempts", TXN_ATTEMPTS);
    return -1;
}

/* Step 1: the store page, empty, its connection field saying "reconnect in progress". */
static int make_store_page(struct tools *t, const libxl_dominfo *info)
{
    unsigned int domid = info->domid;
    xen_pfn_t gfn = STORE_GFN;

    if (xc_domain_setmaxmem(t->xc, domid, info->max_memkb + XC_PAGE_SIZE / 1024) != 0) {
        report(domid, "raising its maximum memory by the store page: %s", strerror(errno));
        return -1;
    }
    if (xc_domain_populate_physmap_exact(t->xc, domid, 1, 0, 0, &gfn) != 0) {
        report(domid, "adding the store page at gfn %#llx: %s", (unsigned long long)STORE_GFN,
               strerror(errno));
        return -1;
    }
    if (xc_clear_domain_page(t->xc, domid, STORE_GFN) != 0) {
        report(domid, "clearing the store page: %s", strerror(errno));
        return -1;
    }
    xen_pfn_t map_gfn = STORE_GFN;
    struct xenstore_domain_interface *ring =
        xenforeignmemory_map(t->fmem, domid, PROT_READ | PROT_WRITE, 1, &map_gfn, NULL);
    if (ring == NULL) {
        report(domid, "mapping the store page: %s", strerror(errno));
        return -1;
    }
    ring->connection = XENSTORE_RECONNECT;
    xenforeignmemory_unmap(t->fmem, ring, 1);
    return 0;
}

/* Step 3b: the stub configuration xl list -l, xl destroy etc. expect of every domain. */
static int store_stub_config(struct tools *t, const libxl_dominfo *info, const libxl_uuid *uuid,
                             libxl_domain_type type, const char *name)
{
    libxl_domain_config cfg;
    int rc = -1;

    libxl_domain_config_init(&cfg);
    cfg.c_info.type = type;
    cfg.c_info.name = strdup(name);
    libxl_uuid_copy(t->xl, &cfg.c_info.uuid, uuid);
    libxl_domain_build_info_init_type(&cfg.b_info, type);
    char *json = libxl_domain_config_to_json(t->xl, &cfg);
    if (json == NULL) {
        report(info->domid, "libxl_domain_config_to_json failed");
    } else if (libxl_userdata_store(t->xl, info->domid, "libxl-json", (const uint8_t *)json,
                                    (int)strlen(json) + 1) != 0) {
        /* libxl's reader wants the terminating NUL stored too. */
        report(info->domid, "libxl_userdata_store of its libxl-json failed");
    } else {
        rc = 0;
    }
    free(json);
    libxl_domain_config_dispose(&cfg);
    return rc;
}

static int setup_domain(struct tools *t, const libxl_dominfo *info, evtchn_port_t port)
{
    unsigned int domid = info->domid;
    char name[32], uuid_str[40];
    libxl_uuid uuid;
    struct node_list nodes = {0};
    int rc = -1;

    /* Arm guests are HVM containers to Xen; libxl calls that PVH. */
    libxl_domain_type type =
        info->domain_type == LIBXL_DOMAIN_TYPE_HVM ? LIBXL_DOMAIN_TYPE_PVH : LIBXL_DOMAIN_TYPE_PV;
    snprintf(name, sizeof(name), "dom0less-%u", domid);

    if (make_store_page(t, info) != 0) {
        goto out;
    }
    if (xc_dom_gnttab_seed(t->xc, domid, true, (xen_pfn_t)-1, STORE_GFN, 0, 0) != 0) {
        report(domid, "seeding its grant table: %s", strerror(errno));
        goto out;
    }
    libxl_uuid_generate(&uuid);
    snprintf(uuid_str, sizeof(uuid_str), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(uuid));
    if (xc_domain_sethandle(t->xc, domid, libxl_uuid_bytearray(&uuid)) != 0) {
        report(domid, "setting its uuid %s: %s", uuid_str, strerror(errno));
        goto out;
    }
    if (store_stub_config(t, info, &uuid, type, name) != 0) {
        goto out;
    }
    if (!build_nodes(&nodes, info, name, uuid_str, libxl_domain_type_to_string(type), port)) {
        report(domid, "building its XenStore nodes: %s", strerror(errno));
        goto out;
    }
    if (write_nodes(t, domid, &nodes) != 0) {
        goto out;
    }
    if (xc_hvm_param_set(t->xc, domid, HVM_PARAM_STORE_PFN, STORE_GFN) != 0) {
        report(domid, "setting HVM_PARAM_STORE_PFN: %s", strerror(errno));
        goto out;
    }
    if (!xs_introduce_domain(t->xs, domid, STORE_GFN, port)) {
        report(domid, "xs_introduce_domain (gfn %#llx, port %u): %s", (unsigned long long)STORE_GFN,
               (unsigned int)port, strerror(errno));
        goto out;
    }
    printf("Domain %u: %s, uuid %s, %" PRIu32 " vCPU(s), XenStore port %u, ring gfn %#llx\n", domid,
           name, uuid_str, info->vcpu_max_id + 1, (unsigned int)port,
           (unsigned long long)STORE_GFN);
    rc = 0;
out:
    free(nodes.v);
    return rc;
}

static int open_tools(struct tools *t)
{
    t->log = xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
    if (t->log == NULL) {
        fprintf(stderr, "xenrtos-init-dom0less: cannot create a logger\n");
        return -1;
    }
    xentoollog_logger *lg = (xentoollog_logger *)t->log;
    t->xc = xc_interface_open(lg, lg, 0);
    if (t->xc == NULL) {
        fprintf(stderr, "xenrtos-init-dom0less: xc_interface_open: %s\n", strerror(errno));
        return -1;
    }
    t->xs = xs_open(0);
    if (t->xs == NULL) {
        fprintf(stderr, "xenrtos-init-dom0less: xs_open (is xenstored running?): %s\n",
                strerror(errno));
        return -1;
    }
    t->fmem = xenforeignmemory_open(lg, 0);
    if (t->fmem == NULL) {
        fprintf(stderr, "xenrtos-init-dom0less: xenforeignmemory_open: %s\n", strerror(errno));
        return -1;
    }
    if (libxl_ctx_alloc(&t->xl, LIBXL_VERSION, 0, lg) != 0) {
        fprintf(stderr, "xenrtos-init-dom0less: libxl_ctx_alloc failed\n");
        t->xl = NULL;
        return -1;
    }
    return 0;
}

static void close_tools(struct tools *t)
{
    if (t->xl != NULL) {
        libxl_ctx_free(t->xl);
    }
    if (t->fmem != NULL) {
        xenforeignmemory_close(t->fmem);
    }
    if (t->xs != NULL) {
        xs_close(t->xs);
    }
    if (t->xc != NULL) {
        xc_interface_close(t->xc);
    }
    if (t->log != NULL) {
        xtl_logger_destroy((xentoollog_logger *)t->log);
    }
}

int main(int argc, char **argv)
{
    struct tools t = {0};
    int opt;

    while ((opt = getopt(argc, argv, "v")) != -1) {
        if (opt != 'v') {
            fprintf(stderr, "usage: %s [-v]\n", argv[0]);
            return 2;
        }
        verbose = true;
    }
    if (open_tools(&t) != 0) {
        close_tools(&t);
        return 2;
    }
    int count = 0;
    libxl_dominfo *doms = libxl_list_domain(t.xl, &count);
    if (doms == NULL) {
        fprintf(stderr, "xenrtos-init-dom0less: libxl_list_domain failed\n");
        close_tools(&t);
        return 2;
    }

    int done = 0, failed = 0;
    for (int i = 0; i < count; i++) {
        const libxl_dominfo *info = &doms[i];
        unsigned int domid = info->domid;
        uint64_t port = 0;

        if (domid == 0 || info->dying) {
            continue;
        }
        if (xs_is_domain_introduced(t.xs, domid)) {
            printf("Domain %u: already introduced to xenstored, left as it is\n", domid);
            continue;
        }
        if (xc_hvm_param_get(t.xc, domid, HVM_PARAM_STORE_EVTCHN, &port) != 0) {
            report(domid, "reading HVM_PARAM_STORE_EVTCHN: %s", strerror(errno));
            failed++;
            continue;
        }
        if (port == 0) {
            printf("Domain %u: no XenStore event channel (not xen,enhanced), skipped\n", domid);
            continue;
        }
        printf("Init dom0less domain: %u\n", domid);
        if (setup_domain(&t, info, (evtchn_port_t)port) == 0) {
            done++;
        } else {
            report(domid, "NOT set up (no XenStore for it)");
            failed++;
        }
    }
    libxl_dominfo_list_free(doms, count);
    close_tools(&t);
    if (failed > 0) {
        fprintf(stderr, "xenrtos-init-dom0less: %d domain(s) set up, %d failed\n", done, failed);
        return 1;
    }
    return 0;
}
