# xenrtos gdb script: sourced by build/gdb/session.gdb, which `tools/run --debug` (make debug)
# generates with the paths and addresses of the configuration being debugged:
#   file build/xen/xen-syms               Xen's symbols (EL2 addresses)
#   add-symbol-file build/aarch64/<app>.elf   RTOS symbols at the addresses it is linked at
#   set $xenrtos_entry = 0x40000000 + text_offset   where Xen 4.17 enters a dom0less domU kernel
#   target remote :1234
#
# QEMU starts halted at Xen's entry (physical 0x40200000, MMU off). A hardware breakpoint is used
# for the RTOS entry: it matches on the address alone, whatever the exception level or MMU state,
# and the guest's RAM is not mapped in Xen's own address space, so it only triggers when the
# domain's vCPU executes its first instruction (EL1, MMU off: address = guest-physical address).
# From then on gdb sees guest addresses: guest-physical until the RTOS turns its MMU on, then its
# virtual addresses, where the ELF's symbols apply.

set pagination off
set confirm off
set print pretty on

hbreak *$xenrtos_entry
printf "xenrtos: hardware breakpoint at the RTOS entry, guest-physical 0x%lx\n", $xenrtos_entry
if $xenrtos_have_xen_syms
    printf "xenrtos: Xen symbols loaded (break start_xen, construct_domU, ... work now)\n"
end
if !$xenrtos_have_elf
    printf "xenrtos: no RTOS ELF next to the image: RTOS addresses stay raw\n"
end

# Where did we stop: exception level and MMU state of the current vCPU.
define xenrtos-where
    printf "pc=0x%lx  EL%d (from PSTATE in cpsr)\n", $pc, ($cpsr >> 2) & 3
end
document xenrtos-where
Print the PC and exception level (EL2 = Xen, EL1 = the RTOS).
end
