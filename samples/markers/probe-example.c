// SPDX-License-Identifier: GPL-2.0
/*
 * probe-example: probes connected to the markers of marker-example.
 *
 * A printing probe on subsystem_event and a counting probe on
 * subsystem_eventb, connected and armed at load time (marker-example may
 * be loaded before or after).  On unload the probes are disconnected, the
 * module waits for marker_synchronize_unregister() and logs how many times
 * subsystem_eventb fired.
 */
#include <linux/atomic.h>
#include <linux/marker.h>
#include <linux/module.h>

struct probe_data {
	const char *name;
	const char *format;
	marker_probe_func *probe_func;
};

static atomic_t eventb_count = ATOMIC_INIT(0);

static void probe_subsystem_event(void *probe_data, void *call_data,
				  const char *format, va_list *args)
{
	int value = va_arg(*args, int);
	const char *mystr = va_arg(*args, const char *);

	pr_info("probe-example: subsystem_event myint %d mystring %s\n",
		value, mystr);
}

static void probe_subsystem_eventb(void *probe_data, void *call_data,
				   const char *format, va_list *args)
{
	atomic_inc(&eventb_count);
}

static struct probe_data probe_array[] = {
	{
		.name = "subsystem_event",
		.format = "myint %d mystring %s",
		.probe_func = probe_subsystem_event,
	},
	{
		.name = "subsystem_eventb",
		.format = MARK_NOARGS,
		.probe_func = probe_subsystem_eventb,
	},
};

static void probe_example_disconnect(int n)
{
	while (n--) {
		marker_disarm(probe_array[n].name);
		marker_probe_unregister(probe_array[n].name,
					probe_array[n].probe_func,
					&probe_array[n]);
	}
	marker_synchronize_unregister();
}

static int __init probe_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(probe_array); i++) {
		ret = marker_probe_register(probe_array[i].name,
					    probe_array[i].format,
					    probe_array[i].probe_func,
					    &probe_array[i]);
		if (ret) {
			pr_err("probe-example: cannot connect to %s: %d\n",
			       probe_array[i].name, ret);
			goto fail;
		}
		ret = marker_arm(probe_array[i].name);
		if (ret) {
			marker_probe_unregister(probe_array[i].name,
						probe_array[i].probe_func,
						&probe_array[i]);
			goto fail;
		}
	}
	return 0;
fail:
	probe_example_disconnect(i);
	return ret;
}

static void __exit probe_fini(void)
{
	probe_example_disconnect(ARRAY_SIZE(probe_array));
	pr_info("Number of event b : %u\n", atomic_read(&eventb_count));
}

module_init(probe_init);
module_exit(probe_fini);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel markers: sample probes");
