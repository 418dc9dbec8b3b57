// SPDX-License-Identifier: GPL-2.0
/*
 * tp-marker-example: a marker bound to a tracepoint with DEFINE_MARKER_TP().
 *
 * The module declares a tracepoint, marker_sample_read, and fires it each
 * time /proc/tp-marker-example is read.  The marker sample_tp_read has no
 * call site of its own: arming it (marker_arm() or
 * "echo 1 > /sys/kernel/debug/markers/sample_tp_read/enable") connects
 * probe_sample_read() to the tracepoint, which hands the values on to the
 * marker's probes; disarming disconnects it again.
 */
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/tracepoint.h>

DECLARE_TRACE(marker_sample_read,
	      TP_PROTO(int pid, const char *comm),
	      TP_ARGS(pid, comm));
DEFINE_TRACE(marker_sample_read,
	     TP_PROTO(int pid, const char *comm),
	     TP_ARGS(pid, comm));

static void probe_sample_read(void *data, int pid, const char *comm);

DEFINE_MARKER_TP(sample_tp_read, marker_sample_read, probe_sample_read,
		 "pid %d comm %s");

/* Called by the tracepoint while sample_tp_read is armed. */
static void probe_sample_read(void *data, int pid, const char *comm)
{
	marker_call(sample_tp_read, NULL, pid, comm);
}

static int tp_marker_example_show(struct seq_file *m, void *v)
{
	trace_marker_sample_read(task_pid_nr(current), current->comm);
	seq_puts(m, "tracepoint marker_sample_read fired\n");
	return 0;
}

static struct proc_dir_entry *pentry;

static int __init tp_marker_example_init(void)
{
	pentry = proc_create_single("tp-marker-example", 0444, NULL,
				    tp_marker_example_show);
	return pentry ? 0 : -ENOMEM;
}

static void __exit tp_marker_example_exit(void)
{
	/*
	 * If sample_tp_read is still armed, the registry disconnects
	 * probe_sample_read() from the tracepoint when the module goes, and
	 * the loader's RCU grace period covers a call still running.
	 */
	proc_remove(pentry);
}

module_init(tp_marker_example_init);
module_exit(tp_marker_example_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel markers: a marker bound to a tracepoint");
