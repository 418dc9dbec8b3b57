// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: a stress module for the markers kselftests.
 *
 * On load it starts, per online CPU, a kthread firing the marker
 * stress_event as fast as it can, and one more kthread that keeps
 * connecting and disconnecting a kernel probe, and arming and disarming,
 * on stress_event, subsystem_event and subsystem_eventb (the latter two
 * belong to samples/markers/marker-example, which may come and go).
 * Figures, read-only in /sys/module/marker_stress/parameters/:
 *   fires       stress_event hits fired by the kthreads
 *   calls       calls the churned probe received
 *   cycles      register/arm/disarm/unregister cycles completed
 *   errors      unexpected return values (must stay 0)
 * Writing 0 to "run" stops the kthreads early; unloading stops them too,
 * and disconnects everything before the module goes.
 */
#define pr_fmt(fmt) "marker_stress: " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>

static atomic_long_t fires = ATOMIC_LONG_INIT(0);
static atomic_long_t calls = ATOMIC_LONG_INIT(0);
static atomic_long_t cycles = ATOMIC_LONG_INIT(0);
static atomic_long_t errors = ATOMIC_LONG_INIT(0);

static int atomic_long_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops figure_ops = {
	.get = atomic_long_get,
};

module_param_cb(fires, &figure_ops, &fires, 0444);
module_param_cb(calls, &figure_ops, &calls, 0444);
module_param_cb(cycles, &figure_ops, &cycles, 0444);
module_param_cb(errors, &figure_ops, &errors, 0444);

/* Guards the kthreads: "run=0" and the module's exit may race. */
static DEFINE_MUTEX(stress_lock);
static struct task_struct **firers;
static struct task_struct *churner;
static unsigned int nr_firers;

static int firer(void *unused)
{
	unsigned long seq = 0;

	while (!kthread_should_stop()) {
		trace_mark(stress_event, "cpu %d seq %lu",
			   raw_smp_processor_id(), seq);
		seq++;
		atomic_long_inc(&fires);
		if (!(seq & 255))
			cond_resched();
	}
	return 0;
}

static void stress_probe(void *probe_private, void *call_private,
			 const char *fmt, va_list *args)
{
	atomic_long_inc(&calls);
}

static const char * const churn_names[] = {
	"stress_event", "subsystem_event", "subsystem_eventb",
};

static void churn_error(const char *what, const char *name, int ret)
{
	atomic_long_inc(&errors);
	pr_err("%s(%s) returned %d\n", what, name, ret);
}

static int churn(void *unused)
{
	unsigned int i = 0;
	int ret;

	while (!kthread_should_stop()) {
		const char *name = churn_names[i++ % ARRAY_SIZE(churn_names)];

		ret = marker_probe_register(name, NULL, stress_probe, &churner);
		if (ret) {
			churn_error("marker_probe_register", name, ret);
			usleep_range(1000, 2000);
			continue;
		}
		ret = marker_arm(name);
		if (ret)
			churn_error("marker_arm", name, ret);
		usleep_range(100, 200);
		if (!ret) {
			ret = marker_disarm(name);
			if (ret)
				churn_error("marker_disarm", name, ret);
		}
		ret = marker_probe_unregister(name, stress_probe, &churner);
		if (ret)
			churn_error("marker_probe_unregister", name, ret);
		atomic_long_inc(&cycles);
		cond_resched();
	}
	return 0;
}

static void stress_stop(void)
{
	unsigned int i;

	mutex_lock(&stress_lock);
	if (churner) {
		kthread_stop(churner);
		churner = NULL;
	}
	for (i = 0; i < nr_firers; i++)
		if (firers[i])
			kthread_stop(firers[i]);
	kfree(firers);
	firers = NULL;
	nr_firers = 0;
	mutex_unlock(&stress_lock);
	marker_synchronize_unregister();
}

static int run_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	if (on)
		return -EINVAL;	/* it starts at load time only */
	stress_stop();
	return 0;
}

static const struct kernel_param_ops run_ops = {
	.set = run_set,
};

module_param_cb(run, &run_ops, NULL, 0200);

static int __init marker_stress_init(void)
{
	unsigned int cpu, n = 0;

	firers = kcalloc(num_online_cpus(), sizeof(*firers), GFP_KERNEL);
	if (!firers)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		if (n == num_online_cpus())
			break;
		firers[n] = kthread_create_on_cpu(firer, NULL, cpu,
						  "marker_stress/%u");
		if (IS_ERR(firers[n])) {
			firers[n] = NULL;
			stress_stop();
			return -ENOMEM;
		}
		wake_up_process(firers[n]);
		nr_firers = ++n;
	}
	churner = kthread_run(churn, NULL, "marker_stress_churn");
	if (IS_ERR(churner)) {
		churner = NULL;
		stress_stop();
		return -ENOMEM;
	}
	return 0;
}

static void __exit marker_stress_exit(void)
{
	stress_stop();
	pr_info("fires=%ld calls=%ld cycles=%ld errors=%ld\n",
		atomic_long_read(&fires), atomic_long_read(&calls),
		atomic_long_read(&cycles), atomic_long_read(&errors));
}

module_init(marker_stress_init);
module_exit(marker_stress_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel markers: stress module for the kselftests");
