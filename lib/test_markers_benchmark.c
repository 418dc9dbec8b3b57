// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: what a marker costs, against its peers, in one boot.
 *
 * Every measured case is a noinline "body" doing the same small piece of
 * work; the cases differ only in the instrumentation placed before it:
 *
 *   base            nothing
 *   marker          trace_mark() with two arguments
 *   tp              a tracepoint of this module with the same arguments
 *   dbg             pr_debug() with the same arguments (dynamic debug)
 *   relay           a second tracepoint, armed only in the "empty" phase
 *                   with a probe that calls an empty function through a
 *                   pointer: the branches of an armed marker (a call, a
 *                   call through a pointer, two returns), for telling
 *                   what they cost from what the markers' code costs
 *
 * and, disarmed only, the "frame" bodies, which also call a function that
 * the compiler knows nothing about (__noipa), so that the value the body
 * needs after the call already lives in a callee-saved register:
 *
 *   base_frame, marker_frame, tp_frame
 *
 * There a disarmed site has no register to save and costs its NOP alone;
 * in the bare bodies it also costs the save the compiler adds because its
 * out-of-line call rejoins the body (see the results).
 *
 * The marker and the tracepoint are timed disarmed, armed with an empty
 * probe (for the marker: a fast probe, reading the argument slots, then a
 * va_list probe), and armed with a per-CPU counter.  For the marker that
 * is the built-in counter (the site counts, no call), which the caller attaches and arms through
 * /sys/kernel/debug/markers/markers_bench_two/ before it asks for the
 * counter phase and whose hits it reads back there; the tracepoint gets a
 * probe of this module doing the same this_cpu_inc().
 *
 * Recorded in the ring buffer ("event" phase): the marker
 * markers_bench_event ("a %d b %lu") against the TRACE_EVENT()
 * markers_bench/markers_bench_tp_event of trace/events/markers_bench.h,
 * which has the same two fields.  The caller enables both events (from
 * tracefs, each in a trace instance of its own so that the per-CPU stats
 * of each count its records) before it asks for the event phase, and
 * disables them after.  The "bpf" phase times the same two bodies with
 * the same BPF program attached to both events through perf (the way
 * bcc and bpftrace attach), counting hits and reading both fields.
 *
 * A chunk is @loops calls of one body with interrupts off; each case runs
 * @chunks chunks after a warm-up.  The cases
 * of one phase (off, empty, counter) take turns chunk by chunk, so a slow
 * period of the host (QEMU TCG shares it) spreads over all of them.  The
 * median and the minimum per-call time of each case are reported, in
 * picoseconds so that ratios keep their precision.
 *
 * Also timed: marker_arm() + marker_disarm() of a name with one and with a
 * hundred instances, and (the "arm_all" file) registering, arming,
 * disarming and unregistering a whole generated family of names.
 *
 * /sys/kernel/debug/markers_benchmark/
 *   run             write "all": run every case but the armed counter ones
 *                   (takes a second or so) and start a new set of results;
 *                   write "counter": time the counter cases, with the
 *                   counter probe already attached to markers_bench_two
 *                   and armed from debugfs, and add their lines; write
 *                   "event": time the ring buffer cases, with both
 *                   events already enabled, and add their lines; write
 *                   "bpf": the same with a BPF program attached to each
 *   results         key=value lines of the last runs
 *   clock           the benchmark clock (see below) in ns, for user space
 *   arm_all         write "<prefix> <count>": time the arming of the names
 *                   <prefix>00000 .. <prefix><count-1> (5 digits); read the
 *                   figures back
 *
 * The clock: local_clock() is what the kernel offers, but it can be as
 * coarse as a jiffy, as in a QEMU TCG guest whose TSC could not be
 * calibrated (no HPET or ACPI PM timer to calibrate against: the TSC is
 * marked unstable and sched_clock() falls back to jiffies).  So everything
 * is timed in get_cycles() units, converted to ns with a rate measured
 * against local_clock() over half a second when the module loads, which
 * keeps 0.5% precision even at jiffy resolution.  Where get_cycles() is
 * zero (no cycle counter), local_clock() is used as it is.
 *
 * The figures are reported, never judged: TCG inflates absolute times and
 * only ratios within one run mean much.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/irqflags.h>
#include <linux/math64.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timex.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>

#define BENCH_MAX_CHUNKS	101
#define BENCH_ARM_REPS		21
#define BENCH_RESULTS_SIZE	4096
#define BENCH_CAL_NS		(500 * NSEC_PER_MSEC)

static unsigned int loops = 20000;
module_param(loops, uint, 0644);
MODULE_PARM_DESC(loops, "calls per timed chunk");

static unsigned int chunks = 31;
module_param(chunks, uint, 0644);
MODULE_PARM_DESC(chunks, "timed chunks per case (at most 101)");

DECLARE_TRACE(markers_bench_tp,
	      TP_PROTO(unsigned int i, unsigned long v),
	      TP_ARGS(i, v));
DEFINE_TRACE(markers_bench_tp,
	     TP_PROTO(unsigned int i, unsigned long v),
	     TP_ARGS(i, v));

DECLARE_TRACE(markers_bench_relay,
	      TP_PROTO(unsigned int i, unsigned long v),
	      TP_ARGS(i, v));
DEFINE_TRACE(markers_bench_relay,
	     TP_PROTO(unsigned int i, unsigned long v),
	     TP_ARGS(i, v));

#define CREATE_TRACE_POINTS
#include <trace/events/markers_bench.h>

/* Written by every body; read by nothing. */
static unsigned long bench_sink;
/* Set at load so that the compiler cannot fold the argument. */
static unsigned long bench_seed = 1;

/* The clock: cycles, or ns when there is no cycle counter. */
static bool bench_use_cycles;
static u64 bench_cal_ns = 1, bench_cal_cycles = 1;

static __always_inline u64 bench_now(void)
{
	return bench_use_cycles ? get_cycles() : local_clock();
}

/* @t (a difference of bench_now() values) in ns, times @scale. */
static u64 bench_ns(u64 t, u32 scale)
{
	return mul_u64_u64_div_u64(t * scale, bench_cal_ns, bench_cal_cycles);
}

/* Measure the cycle rate against local_clock(), from tick edge to edge. */
static void bench_calibrate(void)
{
	u64 start, t0, t1, c0, c1;

	c0 = get_cycles();
	if (!c0 || c0 == get_cycles())
		return;
	start = local_clock();
	while ((t0 = local_clock()) == start)
		cpu_relax();
	c0 = get_cycles();
	while ((t1 = local_clock()) - t0 < BENCH_CAL_NS)
		cpu_relax();
	c1 = get_cycles();
	if (c1 <= c0)
		return;
	bench_cal_ns = t1 - t0;
	bench_cal_cycles = c1 - c0;
	bench_use_cycles = true;
}

static __always_inline void bench_work(unsigned int i)
{
	WRITE_ONCE(bench_sink, READ_ONCE(bench_sink) + i);
}

/* The second argument: a load and a multiply, not worth doing while off. */
static __always_inline unsigned long bench_arg(unsigned int i)
{
	return bench_seed * i;
}

static noinline void bench_body_base(unsigned int i)
{
	bench_work(i);
}

static noinline void bench_body_marker(unsigned int i)
{
	trace_mark(markers_bench_two, "i %u v %lu", i, bench_arg(i));
	bench_work(i);
}

static noinline void bench_body_tp(unsigned int i)
{
	trace_markers_bench_tp(i, bench_arg(i));
	bench_work(i);
}

static noinline void bench_body_relay(unsigned int i)
{
	trace_markers_bench_relay(i, bench_arg(i));
	bench_work(i);
}

static noinline void bench_body_dbg(unsigned int i)
{
	pr_debug("i %u v %lu\n", i, bench_arg(i));
	bench_work(i);
}

/* The same two fields, recorded by the marker's event and by a TRACE_EVENT. */
static noinline void bench_body_marker_event(unsigned int i)
{
	trace_mark(markers_bench_event, "a %d b %lu", (int)i, bench_arg(i));
	bench_work(i);
}

static noinline void bench_body_tp_event(unsigned int i)
{
	trace_markers_bench_tp_event(i, bench_arg(i));
	bench_work(i);
}

/* A call the compiler must treat as clobbering every scratch register. */
static unsigned long bench_ext_sink;

static noinline __noipa void bench_ext(unsigned int i)
{
	WRITE_ONCE(bench_ext_sink, i);
}

static noinline void bench_body_base_frame(unsigned int i)
{
	bench_ext(i);
	bench_work(i);
}

static noinline void bench_body_marker_frame(unsigned int i)
{
	trace_mark(markers_bench_frame, "i %u v %lu", i, bench_arg(i));
	bench_ext(i);
	bench_work(i);
}

static noinline void bench_body_tp_frame(unsigned int i)
{
	trace_markers_bench_tp(i, bench_arg(i));
	bench_ext(i);
	bench_work(i);
}

/* One timed chunk; inlined into each case so that the body call is direct. */
static __always_inline u64 bench_time(void (*body)(unsigned int),
				      unsigned int n)
{
	unsigned long flags;
	unsigned int i;
	u64 t0, t1;

	local_irq_save(flags);
	t0 = bench_now();
	for (i = 0; i < n; i++)
		body(i);
	t1 = bench_now();
	local_irq_restore(flags);
	return t1 - t0;
}

/*
 * One noinline chunk function per body, so that bench_time() is inlined
 * with a direct call to that body.
 */
#define BENCH_CHUNK(body)						\
static noinline u64 bench_chunk_##body(unsigned int n)			\
{									\
	return bench_time(bench_body_##body, n);			\
}

BENCH_CHUNK(base)
BENCH_CHUNK(marker)
BENCH_CHUNK(tp)
BENCH_CHUNK(relay)
BENCH_CHUNK(dbg)
BENCH_CHUNK(base_frame)
BENCH_CHUNK(marker_frame)
BENCH_CHUNK(tp_frame)
BENCH_CHUNK(marker_event)
BENCH_CHUNK(tp_event)

/*
 * A hundred instances of one name, for the arming figures.  The sites read
 * the @i of bench_multi_sites().
 */
#define BENCH_MULTI()	trace_mark(markers_bench_multi, "i %u", i)
#define BENCH_MULTI10()							\
	do {								\
		BENCH_MULTI(); BENCH_MULTI(); BENCH_MULTI();		\
		BENCH_MULTI(); BENCH_MULTI(); BENCH_MULTI();		\
		BENCH_MULTI(); BENCH_MULTI(); BENCH_MULTI();		\
		BENCH_MULTI();						\
	} while (0)

static noinline void bench_multi_sites(unsigned int i)
{
	BENCH_MULTI10(); BENCH_MULTI10(); BENCH_MULTI10();
	BENCH_MULTI10(); BENCH_MULTI10(); BENCH_MULTI10();
	BENCH_MULTI10(); BENCH_MULTI10(); BENCH_MULTI10();
	BENCH_MULTI10();
}

/*
 * The probes each start a page of their own, in a section after the
 * bodies.  QEMU TCG chains a direct jump only within one guest page:
 * every return, every indirect call and every call to another page is a
 * hash lookup.  A tracepoint probe next to its site (the natural layout
 * of this file) would gain a chained call that no real layout gives it (a
 * tracer's probe lives elsewhere) and real hardware does not reward; the
 * markers' call already goes to vmlinux.
 */
/* The empty probes: the markers' two probe types, and the tracepoint's. */
static void __section(".text.bench_probes") __aligned(PAGE_SIZE)
bench_marker_empty(void *probe_private, void *call_private, const char *fmt,
		   const u64 *args)
{
}

static void __section(".text.bench_probes") __aligned(PAGE_SIZE)
bench_marker_empty_va(void *probe_private, void *call_private,
		      const char *fmt, va_list *args)
{
}

static void __section(".text.bench_probes") __aligned(PAGE_SIZE)
bench_tp_empty(void *data, unsigned int i, unsigned long v)
{
}

/*
 * The relay's probe: one more call, through a pointer to the tracepoint's
 * empty probe (on a page of its own), and the return from it, as
 * marker_hit<N>() makes (its call of the name's one probe).  The empty asm
 * keeps the call from becoming a jump.
 */
static void (*bench_relay_fn)(void *data, unsigned int i, unsigned long v) =
	bench_tp_empty;

static void __section(".text.bench_probes") __aligned(PAGE_SIZE)
bench_tp_relay(void *data, unsigned int i, unsigned long v)
{
	READ_ONCE(bench_relay_fn)(data, i, v);
	asm volatile("");
}

/* What the markers' built-in counter does, as a tracepoint probe. */
static void __section(".text.bench_probes") __aligned(PAGE_SIZE)
bench_tp_count(void *data, unsigned int i, unsigned long v)
{
	/* The tracepoint's data pointer carries the per-CPU counter. */
	u64 __percpu *hits = (u64 __percpu __force *)data;

	this_cpu_inc(*hits);
}

struct bench_case {
	const char *name;
	u64 (*chunk)(unsigned int n);
	u64 ps[BENCH_MAX_CHUNKS];	/* per call, one per chunk */
	u64 median;
	u64 min;
};

static DEFINE_MUTEX(bench_mutex);	/* one run at a time; the buffers */
static char *bench_results;
static size_t bench_len;
static char *bench_arm_results;

static __printf(1, 2) void bench_out(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	bench_len += vscnprintf(bench_results + bench_len,
				BENCH_RESULTS_SIZE - bench_len, fmt, args);
	va_end(args);
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median and minimum of @v[0..@n-1], which gets sorted. */
static void bench_stats(u64 *v, unsigned int n, u64 *median, u64 *min)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	*min = v[0];
	*median = n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Time the cases of one phase: a warm-up chunk each, then @chunks rounds
 * in which each case runs one chunk, starting with a different case each
 * round.
 */
static void bench_phase(struct bench_case *cases, unsigned int nr)
{
	unsigned int c, k, n = loops, rounds = chunks;

	for (k = 0; k < nr; k++)
		cases[k].chunk(n / 10 + 1);
	for (c = 0; c < rounds; c++) {
		for (k = 0; k < nr; k++) {
			struct bench_case *bc = &cases[(c + k) % nr];

			bc->ps[c] = div_u64(bench_ns(bc->chunk(n), 1000), n);
		}
		cond_resched();
	}
	for (k = 0; k < nr; k++) {
		bench_stats(cases[k].ps, rounds, &cases[k].median,
			    &cases[k].min);
		bench_out("case name=%s median_ps=%llu min_ps=%llu loops=%u chunks=%u\n",
			  cases[k].name, cases[k].median, cases[k].min, n,
			  rounds);
	}
}

/* Time @reps pairs of marker_arm(@name) + marker_disarm(@name). */
static int bench_arm_pairs(const char *label, const char *name)
{
	u64 arm[BENCH_ARM_REPS], disarm[BENCH_ARM_REPS];
	u64 arm_med, arm_min, dis_med, dis_min;
	unsigned int r;
	int ret;

	ret = marker_fast_probe_register(name, NULL, bench_marker_empty, NULL);
	if (ret)
		return ret;
	for (r = 0; r < BENCH_ARM_REPS; r++) {
		u64 t0, t1, t2;

		t0 = bench_now();
		ret = marker_arm(name);
		t1 = bench_now();
		if (!ret)
			ret = marker_disarm(name);
		t2 = bench_now();
		if (ret)
			break;
		arm[r] = bench_ns(t1 - t0, 1);
		disarm[r] = bench_ns(t2 - t1, 1);
	}
	marker_fast_probe_unregister(name, bench_marker_empty, NULL);
	marker_synchronize_unregister();
	if (ret)
		return ret;
	bench_stats(arm, BENCH_ARM_REPS, &arm_med, &arm_min);
	bench_stats(disarm, BENCH_ARM_REPS, &dis_med, &dis_min);
	bench_out("arm name=%s reps=%u arm_median_ns=%llu arm_min_ns=%llu ",
		  label, BENCH_ARM_REPS, arm_med, arm_min);
	bench_out("disarm_median_ns=%llu disarm_min_ns=%llu\n",
		  dis_med, dis_min);
	return 0;
}

static u64 bench_percpu_sum(u64 __percpu *hits)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(hits, cpu);
	return sum;
}

static struct bench_case bench_off[] = {
	{ .name = "base_off", .chunk = bench_chunk_base },
	{ .name = "marker_off", .chunk = bench_chunk_marker },
	{ .name = "tp_off", .chunk = bench_chunk_tp },
	{ .name = "dbg_off", .chunk = bench_chunk_dbg },
	{ .name = "base_frame", .chunk = bench_chunk_base_frame },
	{ .name = "marker_frame", .chunk = bench_chunk_marker_frame },
	{ .name = "tp_frame", .chunk = bench_chunk_tp_frame },
};

static struct bench_case bench_empty[] = {
	{ .name = "base_empty", .chunk = bench_chunk_base },
	{ .name = "marker_empty", .chunk = bench_chunk_marker },
	{ .name = "tp_empty", .chunk = bench_chunk_tp },
	{ .name = "relay_empty", .chunk = bench_chunk_relay },
};

static struct bench_case bench_empty_va[] = {
	{ .name = "base_empty_va", .chunk = bench_chunk_base },
	{ .name = "marker_empty_va", .chunk = bench_chunk_marker },
	{ .name = "tp_empty_va", .chunk = bench_chunk_tp },
};

static struct bench_case bench_counter[] = {
	{ .name = "base_counter", .chunk = bench_chunk_base },
	{ .name = "marker_counter", .chunk = bench_chunk_marker },
	{ .name = "tp_counter", .chunk = bench_chunk_tp },
};

static struct bench_case bench_event[] = {
	{ .name = "base_event", .chunk = bench_chunk_base },
	{ .name = "marker_event", .chunk = bench_chunk_marker_event },
	{ .name = "tp_event", .chunk = bench_chunk_tp_event },
};

static struct bench_case bench_bpf[] = {
	{ .name = "base_bpf", .chunk = bench_chunk_base },
	{ .name = "marker_bpf", .chunk = bench_chunk_marker_event },
	{ .name = "tp_bpf", .chunk = bench_chunk_tp_event },
};

/*
 * Armed with an empty probe: the marker's fast probe type (the "empty"
 * phase), then its va_list type (the "empty_va" phase), each against the
 * tracepoint's empty probe.
 */
static int bench_run_armed_empty(bool va)
{
	int ret;

	if (va)
		ret = marker_probe_register("markers_bench_two", NULL,
					    bench_marker_empty_va, NULL);
	else
		ret = marker_fast_probe_register("markers_bench_two", NULL,
						 bench_marker_empty, NULL);
	if (ret)
		return ret;
	ret = marker_arm("markers_bench_two");
	if (ret)
		goto out_unregister;
	ret = register_trace_markers_bench_tp(bench_tp_empty, NULL);
	if (ret)
		goto out_disarm;

	if (va) {
		bench_phase(bench_empty_va, ARRAY_SIZE(bench_empty_va));
	} else {
		ret = register_trace_markers_bench_relay(bench_tp_relay, NULL);
		if (!ret) {
			bench_phase(bench_empty, ARRAY_SIZE(bench_empty));
			unregister_trace_markers_bench_relay(bench_tp_relay,
							     NULL);
		}
	}

	unregister_trace_markers_bench_tp(bench_tp_empty, NULL);
out_disarm:
	marker_disarm("markers_bench_two");
out_unregister:
	if (va)
		marker_probe_unregister("markers_bench_two",
					bench_marker_empty_va, NULL);
	else
		marker_fast_probe_unregister("markers_bench_two",
					     bench_marker_empty, NULL);
	marker_synchronize_unregister();
	return ret;
}

/*
 * The counter phase.  The marker side is the built-in counter probe, which
 * the caller has attached to markers_bench_two and armed through debugfs:
 * the probe this module would otherwise have to reach into the registry
 * for.  Its hits are read back there; those of the tracepoint are here.
 */
static int bench_run_counter(void)
{
	u64 __percpu *tp_hits;
	int ret;

	tp_hits = alloc_percpu(u64);
	if (!tp_hits)
		return -ENOMEM;
	ret = register_trace_markers_bench_tp(bench_tp_count,
					      (void __force *)tp_hits);
	if (ret)
		goto out_free;

	bench_phase(bench_counter, ARRAY_SIZE(bench_counter));

	unregister_trace_markers_bench_tp(bench_tp_count,
					  (void __force *)tp_hits);
	tracepoint_synchronize_unregister();
	bench_out("hits case=tp_counter hits=%llu\n",
		  bench_percpu_sum(tp_hits));
out_free:
	free_percpu(tp_hits);
	bench_out("status counter_ret=%d\n", ret);
	return ret;
}

/*
 * The ring buffer phase: the caller has enabled markers/markers_bench_event
 * and markers_bench/markers_bench_tp_event and counts their records.
 */
static int bench_run_event(void)
{
	bench_phase(bench_event, ARRAY_SIZE(bench_event));
	bench_out("status event_ret=0\n");
	return 0;
}

/*
 * The BPF phase: the caller has attached the same BPF program (through
 * perf, PERF_EVENT_IOC_SET_BPF) to markers/markers_bench_event and to
 * markers_bench/markers_bench_tp_event, and counts its runs.
 */
static int bench_run_bpf(void)
{
	bench_phase(bench_bpf, ARRAY_SIZE(bench_bpf));
	bench_out("status bpf_ret=0\n");
	return 0;
}

/* Everything but the counter and event phases; starts a new set of results. */
static int bench_run_all(void)
{
	unsigned int n = loops, rounds = chunks;
	int ret;

	if (!n || !rounds || rounds > BENCH_MAX_CHUNKS)
		return -EINVAL;
	bench_len = 0;
	bench_results[0] = '\0';
	bench_out("config loops=%u chunks=%u cpus=%u expected_hits=%llu ",
		  n, rounds, num_online_cpus(),
		  (u64)rounds * n + n / 10 + 1);
	bench_out("clock=%s cal_ns=%llu cal_cycles=%llu\n",
		  bench_use_cycles ? "cycles" : "local_clock", bench_cal_ns,
		  bench_cal_cycles);

	bench_phase(bench_off, ARRAY_SIZE(bench_off));
	ret = bench_run_armed_empty(false);
	if (!ret)
		ret = bench_run_armed_empty(true);
	if (!ret)
		ret = bench_arm_pairs("one", "markers_bench_two");
	if (!ret)
		ret = bench_arm_pairs("hundred", "markers_bench_multi");
	bench_out("status ret=%d\n", ret);
	return ret;
}

static ssize_t bench_run_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char buf[16];
	int ret;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	mutex_lock(&bench_mutex);
	if (sysfs_streq(buf, "all"))
		ret = bench_run_all();
	else if (sysfs_streq(buf, "counter") && bench_len)
		ret = bench_run_counter();
	else if (sysfs_streq(buf, "event") && bench_len)
		ret = bench_run_event();
	else if (sysfs_streq(buf, "bpf") && bench_len)
		ret = bench_run_bpf();
	else
		ret = -EINVAL;
	mutex_unlock(&bench_mutex);
	return ret ? ret : count;
}

static const struct file_operations bench_run_fops = {
	.owner = THIS_MODULE,
	.write = bench_run_write,
	.llseek = noop_llseek,
};

static int bench_results_show(struct seq_file *m, void *v)
{
	mutex_lock(&bench_mutex);
	seq_puts(m, bench_results);
	mutex_unlock(&bench_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench_results);

static int bench_clock_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%llu\n", bench_ns(bench_now(), 1));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench_clock);

/*
 * Register the empty probe on @count generated names, arm them all,
 * disarm them all and unregister, timing each pass.
 */
static int bench_arm_all(const char *prefix, unsigned int count)
{
	char name[MARKER_NAME_MAX + 1];
	u64 t[5];
	unsigned int i, done = 0;
	int ret = 0;

	t[0] = bench_now();
	for (i = 0; i < count && !ret; i++) {
		snprintf(name, sizeof(name), "%s%05u", prefix, i);
		ret = marker_fast_probe_register(name, NULL,
						 bench_marker_empty, NULL);
		if (!ret)
			done++;
	}
	t[1] = bench_now();
	for (i = 0; i < done && !ret; i++) {
		snprintf(name, sizeof(name), "%s%05u", prefix, i);
		ret = marker_arm(name);
	}
	t[2] = bench_now();
	for (i = 0; i < done; i++) {
		snprintf(name, sizeof(name), "%s%05u", prefix, i);
		marker_disarm(name);
	}
	t[3] = bench_now();
	for (i = 0; i < done; i++) {
		snprintf(name, sizeof(name), "%s%05u", prefix, i);
		marker_fast_probe_unregister(name, bench_marker_empty, NULL);
	}
	marker_synchronize_unregister();
	t[4] = bench_now();
	snprintf(bench_arm_results, BENCH_RESULTS_SIZE,
		 "arm_all prefix=%s count=%u register_ns=%llu arm_ns=%llu disarm_ns=%llu unregister_ns=%llu ret=%d\n",
		 prefix, done, bench_ns(t[1] - t[0], 1),
		 bench_ns(t[2] - t[1], 1), bench_ns(t[3] - t[2], 1),
		 bench_ns(t[4] - t[3], 1), ret);
	return ret;
}

static ssize_t bench_arm_all_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	char buf[MARKER_NAME_MAX + 16], prefix[MARKER_NAME_MAX - 4];
	unsigned int nr;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%121s %u", prefix, &nr) != 2 || !nr || nr > 99999)
		return -EINVAL;
	mutex_lock(&bench_mutex);
	ret = bench_arm_all(prefix, nr);
	mutex_unlock(&bench_mutex);
	return ret ? ret : count;
}

static int bench_arm_all_show(struct seq_file *m, void *v)
{
	mutex_lock(&bench_mutex);
	seq_puts(m, bench_arm_results);
	mutex_unlock(&bench_mutex);
	return 0;
}

static int bench_arm_all_open(struct inode *inode, struct file *file)
{
	return single_open(file, bench_arm_all_show, NULL);
}

static const struct file_operations bench_arm_all_fops = {
	.owner = THIS_MODULE,
	.open = bench_arm_all_open,
	.read = seq_read,
	.write = bench_arm_all_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static struct dentry *bench_dir;

static int __init marker_benchmark_init(void)
{
	bench_results = kzalloc(BENCH_RESULTS_SIZE, GFP_KERNEL);
	bench_arm_results = kzalloc(BENCH_RESULTS_SIZE, GFP_KERNEL);
	if (!bench_results || !bench_arm_results) {
		kfree(bench_results);
		kfree(bench_arm_results);
		return -ENOMEM;
	}
	bench_seed = get_random_u32() | 1;
	bench_calibrate();
	/* Run the hundred sites once, disarmed, so that they are used. */
	bench_multi_sites(0);

	bench_dir = debugfs_create_dir("markers_benchmark", NULL);
	debugfs_create_file("run", 0200, bench_dir, NULL, &bench_run_fops);
	debugfs_create_file("results", 0400, bench_dir, NULL,
			    &bench_results_fops);
	debugfs_create_file("clock", 0400, bench_dir, NULL, &bench_clock_fops);
	debugfs_create_file("arm_all", 0600, bench_dir, NULL,
			    &bench_arm_all_fops);
	return 0;
}

static void __exit marker_benchmark_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	kfree(bench_results);
	kfree(bench_arm_results);
}

module_init(marker_benchmark_init);
module_exit(marker_benchmark_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel markers against tracepoints and dynamic debug");
