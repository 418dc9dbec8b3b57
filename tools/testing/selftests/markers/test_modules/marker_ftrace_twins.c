// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers beside tracepoints, for ftracetest (markers_ftracetest.sh):
 * a probe on each tracepoint below fires a marker of the same name, with
 * the fields of the tracepoint's event (same names; comm arrays as
 * "%.15s", a char[16]; pid_t as int).  The event and trigger cases of
 * tools/testing/selftests/ftrace, with "sched", "kmem", "raw_syscalls"
 * and "syscalls" renamed "markers", then test markers:<name> as they test
 * the tracepoint.  The probes are connected by the tracepoints' names
 * (for_each_kernel_tracepoint()), as out-of-tree tracers do: the
 * tracepoints are not exported to modules.
 *
 * sys_enter_openat and sys_exit_openat come from the raw syscall
 * tracepoints, for openat only, with the fields of the syscall events.
 */
#include <linux/binfmts.h>
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>

/* prev_state as the sched_switch event records it. */
static long twin_switch_state(bool preempt, unsigned int prev_state,
			      struct task_struct *prev)
{
	unsigned int idx;

	if (preempt)
		return TASK_REPORT_MAX;
	idx = __task_state_index(prev_state, prev->exit_state);
	return idx ? 1L << (idx - 1) : 0;
}

static void twin_sched_switch(void *data, bool preempt,
			      struct task_struct *prev,
			      struct task_struct *next,
			      unsigned int prev_state)
{
	trace_mark(sched_switch,
		   "prev_comm %.15s prev_pid %d prev_prio %d prev_state %ld ==> next_comm %.15s next_pid %d next_prio %d",
		   prev->comm, prev->pid, prev->prio,
		   twin_switch_state(preempt, prev_state, prev),
		   next->comm, next->pid, next->prio);
}

static void twin_sched_waking(void *data, struct task_struct *p)
{
	trace_mark(sched_waking, "comm %.15s pid %d prio %d target_cpu %03d",
		   p->comm, p->pid, p->prio, task_cpu(p));
}

static void twin_sched_wakeup(void *data, struct task_struct *p)
{
	trace_mark(sched_wakeup, "comm %.15s pid %d prio %d target_cpu %03d",
		   p->comm, p->pid, p->prio, task_cpu(p));
}

static void twin_sched_process_fork(void *data, struct task_struct *parent,
				    struct task_struct *child)
{
	trace_mark(sched_process_fork,
		   "parent_comm %.15s parent_pid %d child_comm %.15s child_pid %d",
		   parent->comm, parent->pid, child->comm, child->pid);
}

static void twin_sched_process_exit(void *data, struct task_struct *p)
{
	trace_mark(sched_process_exit, "comm %.15s pid %d prio %d",
		   p->comm, p->pid, p->prio);
}

static void twin_sched_process_exec(void *data, struct task_struct *p,
				    pid_t old_pid, struct linux_binprm *bprm)
{
	trace_mark(sched_process_exec, "filename %s pid %d old_pid %d",
		   bprm->filename, p->pid, old_pid);
}

static void twin_kmalloc(void *data, unsigned long call_site,
			 const void *ptr, size_t bytes_req, size_t bytes_alloc,
			 gfp_t gfp_flags, int node)
{
	trace_mark(kmalloc,
		   "call_site %lx ptr %p bytes_req %zu bytes_alloc %zu gfp_flags %lx node %d",
		   call_site, ptr, bytes_req, bytes_alloc,
		   (__force unsigned long)gfp_flags, node);
}

static void twin_sys_enter(void *data, struct pt_regs *regs, long id)
{
	unsigned long args[6];

	if (id != __NR_openat)
		return;
	syscall_get_arguments(current, regs, args);
	trace_mark(sys_enter_openat,
		   "__syscall_nr %d dfd %ld filename %lx flags %ld mode %lu",
		   (int)id, (long)args[0], args[1], (long)args[2], args[3]);
}

static void twin_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long id = syscall_get_nr(current, regs);

	trace_mark(sys_exit, "NR id %ld = ret %ld", id, ret);
	if (id == __NR_openat)
		trace_mark(sys_exit_openat, "__syscall_nr %d ret %ld",
			   (int)id, ret);
}

struct twin {
	const char *tracepoint;
	void *probe;
	struct tracepoint *tp;
};

static struct twin twins[] = {
	{ "sched_switch", twin_sched_switch },
	{ "sched_waking", twin_sched_waking },
	{ "sched_wakeup", twin_sched_wakeup },
	{ "sched_process_fork", twin_sched_process_fork },
	{ "sched_process_exit", twin_sched_process_exit },
	{ "sched_process_exec", twin_sched_process_exec },
	{ "kmalloc", twin_kmalloc },
	{ "sys_enter", twin_sys_enter },
	{ "sys_exit", twin_sys_exit },
};

static void twin_find(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(twins); i++)
		if (!strcmp(tp->name, twins[i].tracepoint))
			twins[i].tp = tp;
}

static void twins_disconnect(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(twins); i++)
		if (twins[i].tp)
			tracepoint_probe_unregister(twins[i].tp,
						    twins[i].probe, NULL);
	tracepoint_synchronize_unregister();
}

static int __init twins_init(void)
{
	int i, ret;

	for_each_kernel_tracepoint(twin_find, NULL);
	for (i = 0; i < ARRAY_SIZE(twins); i++) {
		if (!twins[i].tp) {
			/* sys_* need CONFIG_FTRACE_SYSCALLS: go on without */
			pr_info("marker_ftrace_twins: no tracepoint %s\n",
				twins[i].tracepoint);
			continue;
		}
		ret = tracepoint_probe_register(twins[i].tp, twins[i].probe,
						NULL);
		if (ret) {
			twins[i].tp = NULL;
			twins_disconnect();
			return ret;
		}
	}
	return 0;
}

static void __exit twins_exit(void)
{
	twins_disconnect();
}

module_init(twins_init);
module_exit(twins_exit);
MODULE_DESCRIPTION("Kernel markers beside tracepoints, for ftracetest");
MODULE_LICENSE("GPL");
