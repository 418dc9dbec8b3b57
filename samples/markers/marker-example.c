// SPDX-License-Identifier: GPL-2.0
/*
 * marker-example: markers in a module.
 *
 * Opening /proc/marker-example fires subsystem_event once, with 123 and
 * "example string", and subsystem_eventb, which has no arguments, ten
 * times; then the open fails with -EPERM, as expected.  Load probe-example
 * (in any order) to connect probes, or drive the markers from
 * /sys/kernel/debug/markers/.
 */
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/proc_fs.h>

static struct proc_dir_entry *pentry_example;

static int marker_example_open(struct inode *inode, struct file *file)
{
	int i;

	trace_mark(subsystem_event, "myint %d mystring %s", 123,
		   "example string");
	for (i = 0; i < 10; i++)
		trace_mark(subsystem_eventb, MARK_NOARGS);

	return -EPERM;
}

static const struct proc_ops marker_example_ops = {
	.proc_open = marker_example_open,
};

static int __init marker_example_init(void)
{
	pentry_example = proc_create("marker-example", 0444, NULL,
				     &marker_example_ops);
	if (!pentry_example)
		return -ENOMEM;
	return 0;
}

static void __exit marker_example_exit(void)
{
	proc_remove(pentry_example);
}

module_init(marker_example_init);
module_exit(marker_example_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel markers: sample marker sites");
