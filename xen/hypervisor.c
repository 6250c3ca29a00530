/*
 * hypervisor.c - start-up of the Xen layer: device tree values, shared info, vcpu_info, domid.
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"

xen_hypercall_observer_t volatile xen_hypercall_observer;

/* Set once by xen_hv_init on one vCPU, read on every vCPU (upcalls, threads): hv_ready and
 * shared are published with release, read with acquire, so that what they point to is seen. */
static struct xen_dt_info hv_info;
static bool hv_ready;
static struct shared_info *shared;

/* vCPU 0's vcpu_info, registered so that Xen writes it here instead of into the shared page
 * (needed for vCPUs >= XEN_LEGACY_MAX_VCPUS, done for vCPU 0 too so that all code reads one
 * place). Aligned so it never straddles a page: Xen requires that. */
static struct vcpu_info vcpu0 __attribute__((aligned(64)));

const struct xen_dt_info *xen_hv_info(void)
{
    return __atomic_load_n(&hv_ready, __ATOMIC_ACQUIRE) ? &hv_info : NULL;
}

struct shared_info *xen_shared_info(void)
{
    return __atomic_load_n(&shared, __ATOMIC_ACQUIRE);
}

struct vcpu_info *xen_vcpu_info(void)
{
    return __atomic_load_n(&hv_ready, __ATOMIC_ACQUIRE) ? &vcpu0 : NULL;
}

static xen_err_t map_shared_info(void)
{
    gfn_t frame;
    xen_err_t err = xen_gpa_alloc(&frame);
    if (err != XE_OK) {
        printf("xen: no frame for shared info: %s\n", xen_strerror(err));
        return err;
    }
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = gfn_val(frame),
    };
    err = xen_err_from_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp));
    if (err != XE_OK) {
        printf("xen: add_to_physmap(shared_info, %#llx): %s\n", (unsigned long long)gfn_val(frame),
               xen_strerror(err));
        xen_gpa_free(frame);
        return err;
    }
    struct shared_info *page = xen_port_map_ram(gfn_to_pa(frame), XEN_PAGE_SIZE);
    __atomic_store_n(&shared, page, __ATOMIC_RELEASE);
    if (page == NULL) {
        printf("xen: cannot map shared info at %#llx\n",
               (unsigned long long)pa_addr(gfn_to_pa(frame)));
        return XE_NOMEM;
    }
    return XE_OK;
}

/* vCPUs 1..: zeroed (nothing pending) until Xen writes them; cache-line aligned as Xen wants. */
static struct vcpu_info vcpu_other[XEN_MAX_VCPUS - 1] __attribute__((aligned(64)));
static bool vcpu_other_ready[XEN_MAX_VCPUS - 1]; /* release / acquire: read on other vCPUs */

xen_err_t xen_hv_vcpu_init(unsigned int vcpu)
{
    if (vcpu == 0 || vcpu >= XEN_MAX_VCPUS) {
        return XE_BAD_ARG;
    }
    struct vcpu_info *vi = &vcpu_other[vcpu - 1];
    paddr_t pa = xen_port_virt_to_phys(vi);
    struct vcpu_register_vcpu_info info = {
        .mfn = gfn_val(pa_to_gfn(pa)),
        .offset = (uint32_t)(pa_addr(pa) & (XEN_PAGE_SIZE - 1)),
    };
    xen_err_t err = xen_err_from_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info));
    if (err != XE_OK) {
        printf("xen: register_vcpu_info(vCPU %u): %s\n", vcpu, xen_strerror(err));
        return err;
    }
    __atomic_store_n(&vcpu_other_ready[vcpu - 1], true, __ATOMIC_RELEASE);
    return XE_OK;
}

struct vcpu_info *xen_vcpu_info_of(unsigned int vcpu)
{
    if (vcpu == 0) {
        return xen_vcpu_info();
    }
    return vcpu < XEN_MAX_VCPUS && __atomic_load_n(&vcpu_other_ready[vcpu - 1], __ATOMIC_ACQUIRE)
               ? &vcpu_other[vcpu - 1]
               : NULL;
}

static xen_err_t register_vcpu_info(void)
{
    paddr_t pa = xen_port_virt_to_phys(&vcpu0);
    struct vcpu_register_vcpu_info info = {
        .mfn = gfn_val(pa_to_gfn(pa)),
        .offset = (uint32_t)(pa_addr(pa) & (XEN_PAGE_SIZE - 1)),
    };
    /* Start from the legacy copy so that nothing pending is lost in the switch. */
    memcpy(&vcpu0, &shared->vcpu_info[0], sizeof(vcpu0));
    xen_err_t err = xen_err_from_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info));
    if (err != XE_OK) {
        printf("xen: register_vcpu_info: %s\n", xen_strerror(err));
    }
    return err;
}

/* Xen registers a vcpu_info only from its own vCPU, or while that vCPU is down (common/domain.c,
 * map_vcpu_info: EINVAL otherwise): a thread on another vCPU moves to vCPU 0 for the call. */
static xen_err_t register_vcpu_info_on_vcpu0(void)
{
    TX_THREAD *self = tx_thread_identify();
    ULONG saved = 0;
    bool moved = false;

    if (self != TX_NULL && xen_port_cpu_index() != 0u &&
        tx_thread_smp_core_exclude_get(self, &saved) == TX_SUCCESS &&
        tx_thread_smp_core_exclude(self, ~(ULONG)1u) == TX_SUCCESS) {
        moved = true;
    }
    xen_err_t err = xen_port_cpu_index() == 0u ? register_vcpu_info() : XE_BUSY;
    if (moved) {
        (void)tx_thread_smp_core_exclude(self, saved);
    }
    if (err == XE_BUSY) {
        printf("xen: cannot run on vCPU 0 to register its vcpu_info\n");
    }
    return err;
}

xen_err_t xen_hv_init(void)
{
    if (__atomic_load_n(&hv_ready, __ATOMIC_ACQUIRE)) {
        return XE_OK;
    }
    xen_err_t err = xen_port_dt_info(&hv_info);
    if (err != XE_OK) {
        printf("xen: no usable hypervisor node: %s\n", xen_strerror(err));
        return err;
    }
    xen_gpa_init(&hv_info);
    err = map_shared_info();
    if (err == XE_OK) {
        err = register_vcpu_info_on_vcpu0();
    }
    if (err != XE_OK) {
        return err;
    }
    __atomic_store_n(&hv_ready, true, __ATOMIC_RELEASE);
    printf("xen: evtchn intid %u, grant region %#llx size %#llx, %u extended region(s), "
           "%u shared memory region(s)\n",
           hv_info.evtchn_intid, (unsigned long long)pa_addr(hv_info.gnttab.base),
           (unsigned long long)hv_info.gnttab.size, hv_info.nr_ext, hv_info.nr_shm);
    return XE_OK;
}

/*
 * A dom0less domU without XenStore has no "domid" key to read. Xen records the caller's real
 * id when an unbound port is allocated for remote DOMID_SELF (evtchn_alloc_unbound), and
 * EVTCHNOP_status reports it back: allocate, read, close.
 */
xen_err_t xen_self_domid(xen_domid_t *out)
{
    /* Two callers at once both ask Xen and get the same id: harmless. */
    static xen_domid_t cached = DOMID_INVALID;
    xen_domid_t known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known != DOMID_INVALID) {
        *out = known;
        return XE_OK;
    }
    struct evtchn_alloc_unbound alloc = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    xen_err_t err = xen_err_from_rc(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc));
    if (err != XE_OK) {
        return err;
    }
    struct evtchn_status st = {.dom = DOMID_SELF, .port = alloc.port};
    err = xen_err_from_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st));
    struct evtchn_close close = {.port = alloc.port};
    (void)HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
    if (err != XE_OK) {
        return err;
    }
    if (st.status != EVTCHNSTAT_unbound || st.u.unbound.dom >= DOMID_FIRST_RESERVED) {
        return XE_XEN_OTHER;
    }
    __atomic_store_n(&cached, st.u.unbound.dom, __ATOMIC_RELAXED);
    *out = st.u.unbound.dom;
    return XE_OK;
}
