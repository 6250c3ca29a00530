/*
 * xenrtos-xs-garbage - a hostile XenStore peer, for dom0's tests (service-test.sh
 * linux-xs-garbage): writes one message header that no xenstored would send into the response
 * ring of domain DOMID's XenStore page, as if the daemon's side had been corrupted or restarted
 * mid-message. The RTOS must report it (a peer error, counted), resynchronise (it asks xenstored
 * for a reconnection, which empties both rings) and serve the next request normally.
 *
 * Usage: xenrtos-xs-garbage DOMID
 * Run it while the domain has no XenStore request in flight: the header goes where xenstored
 * would put its next reply, and rsp_prod moves past it (the response ring's producer index,
 * xenstored's, which this tool borrows once). The page is the one dom0 gives a dom0less domain
 * (xenrtos-init-dom0less: guest frame GUEST_MAGIC_BASE / 4 KiB + 1).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenforeignmemory.h>
#include <xen/xen.h>
#include <xen/io/xs_wire.h>

#define STORE_GFN ((xen_pfn_t)(GUEST_MAGIC_BASE >> 12) + 1u)

int main(int argc, char **argv)
{
    char *end = NULL;
    unsigned long domid = argc == 2 ? strtoul(argv[1], &end, 10) : 0;

    if (argc != 2 || end == argv[1] || *end != '\0' || domid == 0 ||
        domid >= DOMID_FIRST_RESERVED) {
        fprintf(stderr, "usage: xenrtos-xs-garbage DOMID (a domU's id)\n");
        return 2;
    }
    xenforeignmemory_handle *fmem = xenforeignmemory_open(NULL, 0);
    if (fmem == NULL) {
        fprintf(stderr, "xenrtos-xs-garbage: xenforeignmemory_open: %s\n", strerror(errno));
        return 1;
    }
    xen_pfn_t gfn = STORE_GFN;
    int map_err = 0;
    struct xenstore_domain_interface *intf =
        xenforeignmemory_map(fmem, (uint32_t)domid, PROT_READ | PROT_WRITE, 1, &gfn, &map_err);
    if (intf == NULL || map_err != 0) {
        fprintf(stderr, "xenrtos-xs-garbage: map domain %lu's store page (gfn 0x%llx): %s\n", domid,
                (unsigned long long)gfn, strerror(intf == NULL ? errno : -map_err));
        return 1;
    }
    /* A reply header of an unknown type with a length beyond XENSTORE_PAYLOAD_MAX: no client may
     * take it for a reply, nor skip it by its length. */
    struct xsd_sockmsg bad = {
        .type = 0xdeadu, .req_id = 0xfeedu, .tx_id = 0, .len = XENSTORE_PAYLOAD_MAX * 4u};
    XENSTORE_RING_IDX prod = __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE);
    XENSTORE_RING_IDX cons = __atomic_load_n(&intf->rsp_cons, __ATOMIC_ACQUIRE);
    if (prod - cons > XENSTORE_RING_SIZE - sizeof(bad)) {
        fprintf(stderr, "xenrtos-xs-garbage: response ring full (prod %u cons %u)\n", prod, cons);
        return 1;
    }
    const unsigned char *b = (const unsigned char *)&bad;
    for (size_t i = 0; i < sizeof(bad); i++) {
        intf->rsp[MASK_XENSTORE_IDX(prod + (XENSTORE_RING_IDX)i)] = (char)b[i];
    }
    __atomic_store_n(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)sizeof(bad), __ATOMIC_RELEASE);
    printf("xenrtos-xs-garbage: domain %lu: %zu bytes of garbage at rsp_prod %u (cons %u, "
           "connection %u, server features 0x%x)\n",
           domid, sizeof(bad), prod, cons, intf->connection, intf->server_features);
    xenforeignmemory_unmap(fmem, intf, 1);
    xenforeignmemory_close(fmem);
    return 0;
}
