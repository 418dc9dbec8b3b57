/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MARKER_H
#define _LINUX_MARKER_H

/*
 * Kernel markers: named, printf-typed static instrumentation points.
 *
 *	trace_mark(subsystem_event, "myint %d mystring %s", someint, somestring);
 *
 * A marker site costs a single NOP while its name is not armed (a static
 * branch); its arguments are only evaluated once the branch is taken.
 * While armed, the site makes one call, marker_hit<N>() for N arguments,
 * with each argument as a u64; that function calls the probes connected to
 * the name, in the caller's context with preemption disabled.  See
 * Documentation/trace/markers.rst.
 *
 * Marker names and formats are debugging aids, not a stable ABI.
 */

#include <linux/args.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/stdarg.h>
#include <linux/types.h>

struct module;
struct marker;
struct tracepoint;

/* The format of a marker that passes no arguments. */
#define MARK_NOARGS " "

/* Longest marker name, not counting the terminating NUL. */
#define MARKER_NAME_MAX	127

/* Most probes connected to one marker name at a time. */
#define MARKER_PROBES_MAX	64

/**
 * typedef marker_probe_func - the type of a probe connected to a marker
 * @probe_private: the data given to marker_probe_register()
 * @call_private: the data of the call site (NULL for trace_mark())
 * @fmt: the marker's format
 * @args: the marker's arguments; read them with va_arg(*args, type) in the
 *	order of @fmt
 *
 * Probes run with preemption disabled and must not sleep.
 */
typedef void marker_probe_func(void *probe_private, void *call_private,
			       const char *fmt, va_list *args);

/**
 * typedef marker_fast_probe_func - a probe that reads the argument slots
 * @probe_private: the data given to marker_fast_probe_register()
 * @call_private: the data of the call site (NULL for trace_mark())
 * @fmt: the marker's format
 * @args: one 64-bit slot per argument, in the order of @fmt: an integer
 *	converted to u64 from its own (promoted) type, so that casting the
 *	slot back to the type the conversion reads (int, long, long long,
 *	their unsigned kinds) gives the value; a pointer (%p, %s) as its
 *	address
 *
 * The site passes its values to marker_hit<N>(), which puts them in an
 * array on its stack and calls each probe with it: no va_list.  Runs with
 * preemption disabled and must not sleep.
 */
typedef void marker_fast_probe_func(void *probe_private, void *call_private,
				    const char *fmt, const u64 *args);

/* The tracepoint a DEFINE_MARKER_TP() marker is bound to. */
struct marker_tp {
	struct tracepoint *tp;
	void *probe;
};

/**
 * struct marker - one marker site (an "instance" of a marker name)
 * @name: the marker's name
 * @format: its printf-style format, also naming the fields
 * @key: the static branch of the site.  The trace_mark() sites of one name
 *	in one image (vmlinux or a module) share one key, so that arming the
 *	name patches them all in one batch; a DEFINE_MARKER() has its own.
 *	On while some site using it is on (has @probes or @hits).
 * @probes: the tracepoint of the name, whose probes the site calls, or
 *	NULL while it calls none (RCU-sched, published by the registry)
 * @hits: the built-in counter of the name while it counts, else NULL;
 *	incremented by marker_hit<N>() itself, without a probe call
 * @owner: the module holding the site, NULL in the core kernel
 * @tp: the tracepoint binding of a DEFINE_MARKER_TP() marker, or NULL
 * @next: registry private: the next instance of the same name
 *
 * Sites are created by trace_mark() and DEFINE_MARKER(); everything but the
 * first three fields belongs to kernel/marker.c.  A site whose @key is on
 * because another site of the name is armed, while it is not (its format
 * conflicts), finds @probes and @hits NULL and does nothing.
 */
struct marker {
	const char *name;
	const char *format;
	struct static_key_false *key;
	struct tracepoint __rcu *probes;
	u64 __percpu *hits;
	struct module *owner;
	const struct marker_tp *tp;
	struct marker *next;
} __aligned(8);

/* Type checks the arguments of a site against its format; never called. */
static inline __printf(1, 2) void __mark_check_format(const char *fmt, ...)
{
}

/*
 * Probes run under RCU-sched: a marker where RCU is not watching (the idle
 * loop after ct_cpuidle_enter(), noinstr code, a dying CPU's last steps)
 * runs none (see marker_dispatch()).  Kernels with lockdep say so at the
 * site whether or not the marker is armed, as tracepoints do, so a marker
 * in such a place is found before anyone arms it.
 */
#define __mark_check_rcu(m)						\
	do {								\
		if (IS_ENABLED(CONFIG_LOCKDEP))				\
			WARN_ONCE(!rcu_is_watching(),			\
				  "RCU not watching for marker %s",	\
				  (m)->name);				\
	} while (0)

/*
 * DEFINE_MARKER() and DEFINE_MARKER_TP() also define __mark_fmt_<name>,
 * the format as a const array, for the compile-time check of
 * marker_call()'s arguments: the compiler checks a const array initialised
 * from a literal like the literal.  Unused, it takes no space.
 */

#ifdef CONFIG_MARKERS

/*
 * Up to MARKER_ARGS_MAX arguments, each mapped by f(index, argument),
 * the index a literal (it is pasted into names).  COUNT_ARGS() counts to
 * 15.
 */
#define MARKER_ARGS_MAX	15
#define __MARK_MAP_0(f, ...)
#define __MARK_MAP_1(f, a0) \
	__MARK_MAP_0(f) f(0, a0)
#define __MARK_MAP_2(f, a0, a1) \
	__MARK_MAP_1(f, a0) f(1, a1)
#define __MARK_MAP_3(f, a0, a1, a2) \
	__MARK_MAP_2(f, a0, a1) f(2, a2)
#define __MARK_MAP_4(f, a0, a1, a2, a3) \
	__MARK_MAP_3(f, a0, a1, a2) f(3, a3)
#define __MARK_MAP_5(f, a0, a1, a2, a3, a4) \
	__MARK_MAP_4(f, a0, a1, a2, a3) f(4, a4)
#define __MARK_MAP_6(f, a0, a1, a2, a3, a4, a5) \
	__MARK_MAP_5(f, a0, a1, a2, a3, a4) f(5, a5)
#define __MARK_MAP_7(f, a0, a1, a2, a3, a4, a5, a6) \
	__MARK_MAP_6(f, a0, a1, a2, a3, a4, a5) f(6, a6)
#define __MARK_MAP_8(f, a0, a1, a2, a3, a4, a5, a6, a7) \
	__MARK_MAP_7(f, a0, a1, a2, a3, a4, a5, a6) f(7, a7)
#define __MARK_MAP_9(f, a0, a1, a2, a3, a4, a5, a6, a7, a8) \
	__MARK_MAP_8(f, a0, a1, a2, a3, a4, a5, a6, a7) f(8, a8)
#define __MARK_MAP_10(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9) \
	__MARK_MAP_9(f, a0, a1, a2, a3, a4, a5, a6, a7, a8) f(9, a9)
#define __MARK_MAP_11(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) \
	__MARK_MAP_10(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9) f(10, a10)
#define __MARK_MAP_12(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) \
	__MARK_MAP_11(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) f(11, a11)
#define __MARK_MAP_13(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12) \
	__MARK_MAP_12(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) f(12, a12)
#define __MARK_MAP_14(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13) \
	__MARK_MAP_13(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12) f(13, a13)
#define __MARK_MAP_15(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14) \
	__MARK_MAP_14(f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13) f(14, a14)
#define __MARK_MAP(f, args...)						\
	CONCATENATE(__MARK_MAP_, COUNT_ARGS(args))(f, ## args)

/*
 * An argument as a u64, as the fast probes read it: through unsigned long
 * (which holds a pointer and, on 64-bit, every integer), or straight to u64
 * when wider.  The conditional operator applies printf's promotions (char,
 * short and bit-fields to int) and decays arrays and functions to
 * pointers; only one operand is evaluated.  Casting the u64 back to the
 * type the conversion reads gives the value.
 */
#define __mark_promote(a)	(1 ? (a) : (a))
#define __mark_u64(i, a)						\
	, __builtin_choose_expr(sizeof(__mark_promote(a)) > sizeof(long),	\
				(u64)__mark_promote(a),			\
				(u64)(unsigned long)__mark_promote(a))
#define __mark_u64_param(i, a)	, u64 a

/*
 * The parameter lists of marker_hit0() ... marker_hit15(), for
 * f(N, a0, ..., aN-1), separated by semicolons: the declarations below and
 * the definitions in kernel/marker.c are made from this one list.
 */
#define __MARK_FOR_EACH_ARITY(f)					\
	f(0);								\
	f(1, a0);							\
	f(2, a0, a1);							\
	f(3, a0, a1, a2);						\
	f(4, a0, a1, a2, a3);						\
	f(5, a0, a1, a2, a3, a4);					\
	f(6, a0, a1, a2, a3, a4, a5);					\
	f(7, a0, a1, a2, a3, a4, a5, a6);				\
	f(8, a0, a1, a2, a3, a4, a5, a6, a7);				\
	f(9, a0, a1, a2, a3, a4, a5, a6, a7, a8);			\
	f(10, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);			\
	f(11, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);		\
	f(12, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);	\
	f(13, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12);	\
	f(14, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12,	\
	  a13);								\
	f(15, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12,	\
	  a13, a14)

/*
 * marker_hit0() ... marker_hit15(): what an armed site calls, with its
 * arguments as u64 values (kernel/marker.c).  Everything after the static
 * branch is there, so that a site is the branch, the arguments and a call.
 */
#define __MARK_HIT_PROTO(n, args...)					\
	void marker_hit##n(const struct marker *m, void *call_private	\
			   __MARK_MAP(__mark_u64_param, ## args))
__MARK_FOR_EACH_ARITY(__MARK_HIT_PROTO);

/*
 * What an armed site does: evaluate its arguments, each once, and make
 * one call.  Nothing on the site's stack has its address taken, so the
 * stack protector leaves the function alone.
 */
#define __mark_hit(m, call_private, args...)				\
	do {								\
		static_assert(COUNT_ARGS(args) <= MARKER_ARGS_MAX,	\
			      "too many marker arguments");		\
		CONCATENATE(marker_hit, COUNT_ARGS(args))((m), (call_private) \
			__MARK_MAP(__mark_u64, args));			\
	} while (0)

/*
 * Names that a fixed file would hide: "control" in the markers trees,
 * "enable" and "filter" in tracefs events/markers/ (the system's own
 * files).  The registry refuses them too (marker_name_valid()).  GCC and
 * clang evaluate __builtin_strcmp() of two literals in a constant
 * expression and refuse such a site at build time; sparse cannot, and is
 * given a check it can evaluate.
 */
#ifdef __CHECKER__
#define __MARK_NAME_CHECK(_name) static_assert(sizeof(#_name) > 1, "")
#else
#define __MARK_NAME_CHECK(_name)					\
	static_assert(__builtin_strcmp(#_name, "control") &&		\
		      __builtin_strcmp(#_name, "enable") &&		\
		      __builtin_strcmp(#_name, "filter"),		\
		      "reserved marker name: " #_name			\
		      " (a fixed file of the markers trees or events/markers/)")
#endif

/*
 * One site: the struct marker in .data and a pointer to it in the
 * __markers_ptrs section, which the registry walks (vmlinux at boot,
 * modules when they load).  The "" around the format only compiles for a
 * string literal.
 */
#define __MARKER_DEFINE(_name, _fmt, _key, _tp)				\
	__MARK_NAME_CHECK(_name);					\
	static struct marker __mark_##_name __used = {			\
		.name = #_name,						\
		.format = "" _fmt "",					\
		.key = (_key),						\
		.owner = THIS_MODULE,					\
		.tp = _tp,						\
	};								\
	static struct marker * const __mark_ptr_##_name __used		\
	__section("__markers_ptrs") = &__mark_##_name

/*
 * The key shared by the trace_mark() sites of a name in one image: a weak
 * symbol __mark_key_<name> defined (all zero, STATIC_KEY_FALSE_INIT) by the
 * first site of each object file that has one (.ifndef), of which the
 * linker keeps one per image.  Sites of another image (a module) have
 * their own.
 */
#define __MARK_SHARED_KEY(_name)					\
	extern struct static_key_false __mark_key_##_name;		\
	asm volatile(".pushsection .data, \"aw\"\n\t"			\
		     ".ifndef __mark_key_" #_name "\n\t"		\
		     ".weak __mark_key_" #_name "\n\t"			\
		     ".balign %c0\n"					\
		     "__mark_key_" #_name ":\n\t"			\
		     ".zero %c1\n\t"					\
		     ".endif\n\t"					\
		     ".popsection"					\
		     : : "i" (__alignof__(struct static_key_false)),	\
			 "i" (sizeof(struct static_key_false)))

/**
 * __trace_mark - a marker site with call site private data
 * @name: the marker's name, a C identifier (by convention subsystem_event)
 * @call_private: passed to the probes as their call_private argument
 * @format: a string literal, printf-style; the word before each conversion
 *	names the field
 * @args: the arguments, type-checked against @format at compile time and
 *	evaluated only when the marker is armed; at most MARKER_ARGS_MAX
 */
#define __trace_mark(name, call_private, format, args...)		\
	do {								\
		__MARK_SHARED_KEY(name);				\
		__MARKER_DEFINE(name, format, &__mark_key_##name, NULL); \
		if (0)							\
			__mark_check_format(format, ## args);		\
		__mark_check_rcu(&__mark_##name);			\
		if (static_branch_unlikely(&__mark_key_##name))		\
			__mark_hit(&__mark_##name, call_private, ## args); \
	} while (0)

/**
 * DEFINE_MARKER - define a marker without a call site of its own
 * @name: the marker's name
 * @format: its format (a string literal)
 *
 * Fire it with marker_call(), whose arguments are checked against @format
 * at compile time; refer to it with GET_MARKER(@name).
 */
#define DEFINE_MARKER(name, format)					\
	static const char __mark_fmt_##name[] __maybe_unused = format;	\
	static DEFINE_STATIC_KEY_FALSE(__mark_dkey_##name);		\
	__MARKER_DEFINE(name, format, &__mark_dkey_##name, NULL)

#ifdef CONFIG_TRACEPOINTS
/**
 * DEFINE_MARKER_TP - define a marker bound to a tracepoint
 * @name: the marker's name
 * @tracepoint: the tracepoint's name (declared with DECLARE_TRACE())
 * @tp_probe: a tracepoint probe, void tp_probe(void *data, proto...);
 *	@data is the struct marker
 * @format: the marker's format (a string literal)
 *
 * Arming the marker registers @tp_probe on the tracepoint; disarming
 * unregisters it.  @tp_probe hands values to the marker's probes with
 * marker_call(@name, ...).  Needs CONFIG_TRACEPOINTS.
 */
#define DEFINE_MARKER_TP(name, tracepoint, tp_probe, format)		\
	static inline void __used __mark_tp_check_##name(void)		\
	{								\
		check_trace_callback_type_##tracepoint(tp_probe);	\
	}								\
	static const struct marker_tp __mark_tp_##name = {		\
		.tp = &__tracepoint_##tracepoint,			\
		.probe = (void *)(tp_probe),				\
	};								\
	static const char __mark_fmt_##name[] __maybe_unused = format;	\
	static DEFINE_STATIC_KEY_FALSE(__mark_dkey_##name);		\
	__MARKER_DEFINE(name, format, &__mark_dkey_##name, &__mark_tp_##name)
#else
#define DEFINE_MARKER_TP(name, tracepoint, tp_probe, format)		\
	static_assert(0, "DEFINE_MARKER_TP(" #name ", " #tracepoint ", "	\
		      #tp_probe ", " #format ") needs CONFIG_TRACEPOINTS")
#endif

/**
 * marker_call - fire the probes of a DEFINE_MARKER() marker
 * @name: the marker's name
 * @call_private: passed to the probes as their call_private argument
 * @args: the arguments, in the order and types of the marker's format;
 *	checked against it at compile time, evaluated only when armed
 *
 * Does nothing while the marker is not armed.
 */
#define marker_call(name, call_private, args...)			\
	do {								\
		if (0)							\
			__mark_check_format(__mark_fmt_##name, ## args); \
		__mark_check_rcu(&__mark_##name);			\
		if (static_branch_unlikely(&__mark_dkey_##name))	\
			__mark_hit(&__mark_##name, call_private, ## args); \
	} while (0)

int marker_probe_register(const char *name, const char *format,
			  marker_probe_func *probe, void *probe_private);
int marker_probe_unregister(const char *name, marker_probe_func *probe,
			    void *probe_private);
int marker_fast_probe_register(const char *name, const char *format,
			       marker_fast_probe_func *probe,
			       void *probe_private);
int marker_fast_probe_unregister(const char *name,
				 marker_fast_probe_func *probe,
				 void *probe_private);
int marker_probe_unregister_private_data(marker_probe_func *probe,
					 void *probe_private);
void *marker_get_private_data(const char *name, marker_probe_func *probe,
			      int num);
int marker_arm(const char *name);
int marker_disarm(const char *name);
void marker_synchronize_unregister(void);

#else /* !CONFIG_MARKERS */

/* Nothing is emitted and nothing evaluated; everything is type-checked. */
#define __trace_mark(name, call_private, format, args...)		\
	do {								\
		if (0) {						\
			__mark_check_format(#name ": " format, ## args); \
			(void)(call_private);				\
		}							\
	} while (0)

#define DEFINE_MARKER(mname, mformat)					\
	static const char __mark_fmt_##mname[] __maybe_unused = mformat; \
	static struct marker __mark_##mname __maybe_unused = {		\
		.name = #mname, .format = __mark_fmt_##mname }
#define DEFINE_MARKER_TP(name, tracepoint, tp_probe, format)		\
	static inline void __used __mark_tp_check_##name(void)		\
	{								\
		check_trace_callback_type_##tracepoint(tp_probe);	\
	}								\
	DEFINE_MARKER(name, format)
#define marker_call(name, call_private, args...)			\
	do {								\
		(void)&__mark_##name;					\
		if (0) {						\
			__mark_check_format(__mark_fmt_##name, ## args); \
			(void)(call_private);				\
		}							\
	} while (0)

static inline int marker_probe_register(const char *name, const char *format,
					marker_probe_func *probe,
					void *probe_private)
{
	return -EOPNOTSUPP;
}

static inline int marker_fast_probe_register(const char *name,
					     const char *format,
					     marker_fast_probe_func *probe,
					     void *probe_private)
{
	return -EOPNOTSUPP;
}

static inline int marker_fast_probe_unregister(const char *name,
					       marker_fast_probe_func *probe,
					       void *probe_private)
{
	return 0;
}

/* Without markers nothing is ever connected or armed: nothing to undo. */
static inline int marker_probe_unregister(const char *name,
					  marker_probe_func *probe,
					  void *probe_private)
{
	return 0;
}

static inline int
marker_probe_unregister_private_data(marker_probe_func *probe,
				     void *probe_private)
{
	return 0;
}

static inline void *marker_get_private_data(const char *name,
					    marker_probe_func *probe, int num)
{
	return ERR_PTR(-ENOENT);
}

static inline int marker_arm(const char *name)
{
	return 0;
}

static inline int marker_disarm(const char *name)
{
	return 0;
}

static inline void marker_synchronize_unregister(void)
{
}

#endif /* CONFIG_MARKERS */

/**
 * trace_mark - a marker site
 * @name: the marker's name, a C identifier (by convention subsystem_event)
 * @format: a string literal, printf-style; the word before each conversion
 *	names the field; MARK_NOARGS when there are no arguments
 * @args: the arguments, type-checked against @format at compile time and
 *	evaluated only when the marker is armed
 */
#define trace_mark(name, format, args...)				\
	__trace_mark(name, NULL, format, ## args)

/**
 * GET_MARKER - the struct marker of a DEFINE_MARKER() or DEFINE_MARKER_TP()
 * @name: the marker's name
 */
#define GET_MARKER(name) (__mark_##name)

#endif /* _LINUX_MARKER_H */
