// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: the built-in probes the debugfs interface attaches by
 * name (echo printk > /sys/kernel/debug/markers/<name>/probes).
 *
 * printk:  logs "<name>: <fields formatted by the marker's format>" at
 *          KERN_INFO, rate-limited per marker (markers.printk_burst lines
 *          per markers.printk_interval_ms, taken when the probe is
 *          attached).  No buffer, no allocation, no lock but the rate
 *          limit's trylock: safe wherever a marker can fire, NMI included
 *          (printk defers there).
 * counter: counts hits in a per-CPU counter (no shared cache line on the
 *          hot path), incremented by the marker sites themselves (no
 *          call); reads sum the CPUs; the command "reset" zeroes it.
 * trace:   the marker's trace event enabled in the top trace instance
 *          (records in the ring buffer, see kernel/trace/trace_markers.c):
 *          the same switch as that event's enable file in tracefs.
 *
 * A probe's state is allocated when it is attached and freed after an RCU
 * grace period once it is detached, so a hit still running on another CPU
 * never sees it freed.
 */
#include <kunit/visibility.h>
#include <linux/atomic.h>
#include <linux/export.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "marker_internal.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "markers."

/*
 * The rate limit of a printk probe, read when it is attached.  A struct
 * ratelimit_state holds both as int (the interval in jiffies): values it
 * cannot hold are refused with -EINVAL rather than wrapped.
 */
#define MARKER_PRINTK_INTERVAL_MAX_MS	(24 * 60 * 60 * 1000)

static unsigned int printk_burst = 10;
static unsigned int printk_interval_ms = 5000;

static int marker_param_set(const char *val, unsigned int *dst,
			    unsigned int max)
{
	unsigned int v;
	int ret = kstrtouint(val, 0, &v);

	if (ret)
		return ret;
	if (v > max)
		return -EINVAL;
	WRITE_ONCE(*dst, v);
	return 0;
}

static int printk_burst_set(const char *val, const struct kernel_param *kp)
{
	return marker_param_set(val, kp->arg, INT_MAX);
}

static int printk_interval_set(const char *val, const struct kernel_param *kp)
{
	return marker_param_set(val, kp->arg, MARKER_PRINTK_INTERVAL_MAX_MS);
}

static const struct kernel_param_ops printk_burst_ops = {
	.set = printk_burst_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops printk_interval_ops = {
	.set = printk_interval_set,
	.get = param_get_uint,
};

module_param_cb(printk_burst, &printk_burst_ops, &printk_burst, 0644);
MODULE_PARM_DESC(printk_burst,
		 "lines the printk probe logs per interval and marker (0-INT_MAX)");
module_param_cb(printk_interval_ms, &printk_interval_ops, &printk_interval_ms,
		0644);
MODULE_PARM_DESC(printk_interval_ms,
		 "the printk probe's rate limit interval, 0 (no limit) to 86400000");

struct marker_printk_state {
	struct rcu_head rcu;
	struct ratelimit_state rs;
	atomic_long_t printed;
	atomic_long_t suppressed;
	char name[];
};

static void marker_printk_probe(void *probe_private, void *call_private,
				const char *fmt, va_list *args)
{
	struct marker_printk_state *st = probe_private;
	struct va_format vaf = { .fmt = fmt, .va = args };

	if (!__ratelimit(&st->rs)) {
		atomic_long_inc(&st->suppressed);
		return;
	}
	atomic_long_inc(&st->printed);
	pr_info("%s: %pV\n", st->name, &vaf);
}

static void *marker_printk_attach(const char *name)
{
	size_t len = strlen(name) + 1;
	struct marker_printk_state *st;

	st = kzalloc(struct_size(st, name, len), GFP_KERNEL);
	if (!st)
		return ERR_PTR(-ENOMEM);
	memcpy(st->name, name, len);
	ratelimit_state_init(&st->rs,
			     msecs_to_jiffies(READ_ONCE(printk_interval_ms)),
			     READ_ONCE(printk_burst));
	/* Count what was dropped ourselves; no message from the probe. */
	ratelimit_set_flags(&st->rs, RATELIMIT_MSG_ON_RELEASE);
	return st;
}

static void marker_printk_detach(void *state)
{
	struct marker_printk_state *st = state;

	kfree_rcu(st, rcu);
}

static void marker_printk_show(struct seq_file *m, void *state,
			       const struct marker_probe_info *p)
{
	struct marker_printk_state *st = state;

	seq_printf(m, " printed=%ld suppressed=%ld",
		   atomic_long_read(&st->printed),
		   atomic_long_read(&st->suppressed));
}

/* The state of the counter and trace probes: the marker's name. */
struct marker_name_state {
	char name[MARKER_NAME_MAX + 1];
};

static struct marker_name_state *marker_name_state_new(const char *name)
{
	struct marker_name_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (st)
		strscpy(st->name, name);
	return st;
}

/*
 * The counter is the registry's: connecting marker_counter_probe() makes
 * the sites increment a per-CPU counter of the name themselves, with no
 * call (see marker.h).  Its state here is the name, for "reset".
 */

/**
 * marker_counter_probe - the built-in counter's identity
 * @probe_private: unused
 * @call_private: unused
 * @fmt: unused
 * @args: unused
 *
 * Never called: the registry recognises this function when it is
 * registered and counts at the sites instead.
 */
void marker_counter_probe(void *probe_private, void *call_private,
			  const char *fmt, va_list *args)
{
}
EXPORT_SYMBOL_IF_KUNIT(marker_counter_probe);

static void *marker_counter_attach(const char *name)
{
	return marker_name_state_new(name) ?: ERR_PTR(-ENOMEM);
}

static void marker_counter_detach(void *state)
{
	kfree(state);
}

static void marker_counter_show(struct seq_file *m, void *state,
				const struct marker_probe_info *p)
{
	seq_printf(m, " hits=%llu", p->hits);
}

/* "reset" zeroes every CPU's count. */
static int marker_counter_command(void *state, const char *cmd)
{
	struct marker_name_state *st = state;

	if (strcmp(cmd, "reset"))
		return -EINVAL;
	return marker_counter_reset(st->name);
}

/*
 * trace: the marker's trace event in the top trace instance.  It is the
 * event's enable there, not a switch of its own: "attach trace" is
 * "echo 1 > /sys/kernel/tracing/events/markers/<name>/enable", "detach
 * trace" is "echo 0", and the probes file lists "trace" for every trace
 * instance the event is enabled in (marker_event_probe(), connected by the
 * event), with the instance's name unless it is the top one.
 */
#ifdef CONFIG_MARKERS_TRACE_EVENTS
static void marker_trace_show(struct seq_file *m, void *state,
			      const struct marker_probe_info *p)
{
	const char *instance = marker_event_instance(p->probe_private);

	if (instance)
		seq_printf(m, " instance=%s", instance);
}
#endif

const struct marker_builtin marker_builtins[MARKER_NR_BUILTINS] = {
	[MARKER_BUILTIN_PRINTK] = {
		.name = "printk",
		.probe = marker_printk_probe,
		.attach = marker_printk_attach,
		.detach = marker_printk_detach,
		.show = marker_printk_show,
	},
	[MARKER_BUILTIN_COUNTER] = {
		.name = "counter",
		.probe = marker_counter_probe,
		.attach = marker_counter_attach,
		.detach = marker_counter_detach,
		.show = marker_counter_show,
		.command = marker_counter_command,
	},
#ifdef CONFIG_MARKERS_TRACE_EVENTS
	[MARKER_BUILTIN_TRACE] = {
		.name = "trace",
		.fast_probe = marker_event_probe,
		.show = marker_trace_show,
		.set = marker_event_top_set,
		.is_set = marker_event_top_is_set,
	},
#endif
};

/**
 * marker_builtin_find - the built-in probe called @name
 * @name: "printk" or "counter"
 *
 * Return: its index in marker_builtins[], or -EINVAL.
 */
int marker_builtin_find(const char *name)
{
	int i;

	for (i = 0; i < MARKER_NR_BUILTINS; i++)
		if (marker_builtins[i].name &&
		    !strcmp(marker_builtins[i].name, name))
			return i;
	return -EINVAL;
}

/**
 * marker_builtin_of - the built-in probe whose function is @func
 * @func: a probe function
 *
 * Return: the built-in probe, or NULL for a probe of kernel code.
 */
const struct marker_builtin *marker_builtin_of(const void *func)
{
	int i;

	for (i = 0; i < MARKER_NR_BUILTINS; i++)
		if (func && (marker_builtins[i].probe == func ||
			     marker_builtins[i].fast_probe == func))
			return &marker_builtins[i];
	return NULL;
}
