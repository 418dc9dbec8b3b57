// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: formats written with printk habits, for the markers
 * kselftests.  Writing N to /sys/module/marker_formats/parameters/fire
 * fires each marker below N times; "ptr" reads back, unhashed, the
 * pointer that fmt_ptr passes, so that a test can tell a hashed %p from
 * a raw one.  It also has an instance of marker-example's subsystem_event
 * (same format): loading it beside marker-example changes a loaded name.
 */
#include <linux/marker.h>
#include <linux/module.h>

static int marker_formats_target;

static int fire_set(const char *val, const struct kernel_param *kp)
{
	unsigned int i, n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		trace_mark(fmt_newline, "val %d\n", 7);
		trace_mark(fmt_quotes, "name \"%s\" path \\%s\\ tab\there",
			   "x", "y");
		trace_mark(fmt_percent, "load %d%% of %u\r\n", 42, 100U);
		trace_mark(fmt_ptr, "ptr %p sym %pS", &marker_formats_target,
			   fire_set);
		trace_mark(subsystem_event, "myint %d mystring %s", 0,
			   "marker_formats");
	}
	return 0;
}

static int ptr_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%px\n", &marker_formats_target);
}

static const struct kernel_param_ops fire_ops = {
	.set = fire_set,
};

static const struct kernel_param_ops ptr_ops = {
	.get = ptr_get,
};

module_param_cb(fire, &fire_ops, NULL, 0200);
MODULE_PARM_DESC(fire, "fire every marker this many times");
module_param_cb(ptr, &ptr_ops, NULL, 0400);
MODULE_PARM_DESC(ptr, "the pointer fmt_ptr passes, unhashed");

MODULE_DESCRIPTION("Kernel markers: formats with printk habits, for the selftests");
MODULE_LICENSE("GPL");
