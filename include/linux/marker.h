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
 * While armed, every probe connected to the name is called in the caller's
 * context with preemption disabled and reads the arguments with va_arg() in
 * the order of the format.  See Documentation/trace/markers.rst.
 *
 * Marker names and formats are debugging aids, not a stable ABI.
 */

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/rcupdate.h>
#include <linux/stdarg.h>
#include <linux/types.h>

struct module;
struct marker;
struct marker_probe_array;
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

/* The tracepoint a DEFINE_MARKER_TP() marker is bound to. */
struct marker_tp {
	struct tracepoint *tp;
	void *probe;
};

/**
 * struct marker - one marker site (an "instance" of a marker name)
 * @name: the marker's name
 * @format: its printf-style format, also naming the fields
 * @key: the static branch of the site; enabled while the name is armed,
 *	has a connected probe and @format agrees with the name's format
 * @probes: the connected probes (RCU, published by the registry)
 * @owner: the module holding the site, NULL in the core kernel
 * @tp: the tracepoint binding of a DEFINE_MARKER_TP() marker, or NULL
 * @next: registry private: the next instance of the same name
 *
 * Sites are created by trace_mark() and DEFINE_MARKER(); everything but the
 * first four fields belongs to kernel/marker.c.
 */
struct marker {
	const char *name;
	const char *format;
	struct static_key_false key;
	struct marker_probe_array __rcu *probes;
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
 * runs none (see marker_probe_cb()).  Kernels with lockdep say so at the
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

void marker_probe_cb(const struct marker *m, void *call_private, ...);

/*
 * One site: the struct marker in .data and a pointer to it in the
 * __markers_ptrs section, which the registry walks (vmlinux at boot,
 * modules when they load).  The "" around the format only compiles for a
 * string literal.
 */
#define __MARKER_DEFINE(_name, _fmt, _tp)				\
	static struct marker __mark_##_name __used = {			\
		.name = #_name,						\
		.format = "" _fmt "",					\
		.key = STATIC_KEY_FALSE_INIT,				\
		.owner = THIS_MODULE,					\
		.tp = _tp,						\
	};								\
	static struct marker * const __mark_ptr_##_name __used		\
	__section("__markers_ptrs") = &__mark_##_name

/**
 * __trace_mark - a marker site with call site private data
 * @name: the marker's name, a C identifier (by convention subsystem_event)
 * @call_private: passed to the probes as their call_private argument
 * @format: a string literal, printf-style; the word before each conversion
 *	names the field
 * @args: the arguments, type-checked against @format at compile time and
 *	evaluated only when the marker is armed
 */
#define __trace_mark(name, call_private, format, args...)		\
	do {								\
		__MARKER_DEFINE(name, format, NULL);			\
		if (0)							\
			__mark_check_format(format, ## args);		\
		__mark_check_rcu(&__mark_##name);					\
		if (static_branch_unlikely(&__mark_##name.key))		\
			marker_probe_cb(&__mark_##name, call_private,	\
					## args);			\
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
	__MARKER_DEFINE(name, format, NULL)

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
	__MARKER_DEFINE(name, format, &__mark_tp_##name)
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
		__mark_check_rcu(&__mark_##name);					\
		if (static_branch_unlikely(&__mark_##name.key))		\
			marker_probe_cb(&__mark_##name, call_private,	\
					## args);			\
	} while (0)

int marker_probe_register(const char *name, const char *format,
			  marker_probe_func *probe, void *probe_private);
int marker_probe_unregister(const char *name, marker_probe_func *probe,
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
