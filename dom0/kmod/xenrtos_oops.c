/*
 * xenrtos_oops.c - a kernel oops in dom0 on demand, for the isolation test
 * (tests/qemu/cases/isolation-dom0-oops.test): writing to /sys/kernel/debug/xenrtos/oops makes
 * the writing task fault on a NULL store in kernel mode. With panic_on_oops=0 (Debian's default)
 * Linux kills that task, taints itself and carries on; the RTOS beside it must not notice.
 * Debian's kernel has no LKDTM (CONFIG_LKDTM is not set), hence this module.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>

static struct dentry *xenrtos_oops_dir;

static ssize_t xenrtos_oops_write(struct file *file, const char __user *buf, size_t len,
                                  loff_t *off)
{
    /* volatile: the store must happen, not be folded away as undefined behaviour. */
    int *volatile target = NULL;

    pr_info("xenrtos_oops: oops on purpose (a NULL store by pid %d)\n", current->pid);
    *target = 1;
    return len;
}

static const struct file_operations xenrtos_oops_fops = {
    .owner = THIS_MODULE,
    .write = xenrtos_oops_write,
};

static int __init xenrtos_oops_init(void)
{
    xenrtos_oops_dir = debugfs_create_dir("xenrtos", NULL);
    debugfs_create_file("oops", 0200, xenrtos_oops_dir, NULL, &xenrtos_oops_fops);
    return 0;
}

static void __exit xenrtos_oops_exit(void)
{
    debugfs_remove_recursive(xenrtos_oops_dir);
}

module_init(xenrtos_oops_init);
module_exit(xenrtos_oops_exit);
/* The kernel lets only a module that declares a GPL-compatible licence use the debugfs calls
 * (EXPORT_SYMBOL_GPL); this declaration is what the loader checks. */
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xenrtos isolation test: a dom0 kernel oops on demand");
