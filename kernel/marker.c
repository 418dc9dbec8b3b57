// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: the registry.
 *
 * Every trace_mark() or DEFINE_MARKER() site is a struct marker, reached
 * through the __markers_ptrs section of vmlinux (walked at boot) or of a
 * module (walked by the module notifier below).  Sites of one name are the
 * "instances" of one registry entry, which also holds the probes connected
 * to the name and its arm count.  An entry exists while it has an instance,
 * a probe or an arm, so probes and arms may come before the code that
 * defines the name and outlive its unloading.
 *
 * A site fires (its static branch is on) while its entry is armed, has at
 * least one probe whose format agrees, and the site's own format agrees
 * with the entry's.  The entry's format is that of its instances (the first
 * loaded wins), or, while none is loaded, that of its first probe with a
 * format.
 *
 * Locking
 * -------
 * markers_mutex guards the hash table, every entry and every field of a
 * loaded site except the static key's own state.  It is held across the
 * static key updates (static_branch_enable/disable take cpus_read_lock,
 * jump_label_mutex and text_mutex inside it) and the tracepoint
 * (un)registration of DEFINE_MARKER_TP() sites (tracepoints_mutex inside
 * it).  Everything under it may sleep.
 *
 * The module notifier runs without module_mutex (the loader calls the chain
 * with it dropped) and takes markers_mutex inside the notifier chain's
 * rwsem.  Nothing here takes module_mutex or calls into the loader, so the
 * order is: module notifier rwsem -> markers_mutex -> cpus_read_lock ->
 * jump_label_mutex -> text_mutex.  The name notifier chain (for the control
 * layer and the trace events) is called after markers_mutex is released;
 * its listeners take their own locks and then markers_mutex through
 * marker_query().
 *
 * Dispatch: the probes of a name are the probes of a struct tracepoint
 * the entry allocates while it has any (as synthetic events do), added
 * and removed with tracepoint_probe_register_prio() and
 * tracepoint_probe_unregister(): the probe arrays, their RCU publication
 * and freeing are the tracepoint core's.  A site points at that
 * tracepoint (marker->probes) while it is on; an armed site calls
 * marker_hit<N>(), which, with preemption disabled, reads the pointer and
 * the tracepoint's array with rcu_dereference_sched() and calls each
 * probe.  The tracepoint is freed with kfree_rcu() once no site points at
 * it: an RCU grace period also waits for preempt-disabled regions.
 * marker_synchronize_unregister() is tracepoint_synchronize_unregister().
 */

#define pr_fmt(fmt) "markers: " fmt

#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/hashtable.h>
#include <linux/bitops.h>
#include <linux/cleanup.h>
#include <linux/context_tracking.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/lockdep.h>

#include "marker_internal.h"

#define MARKER_HASH_BITS	9

/* What a connected probe is. */
enum marker_probe_kind {
	MARKER_PROBE_FAST,		/* marker_fast_probe_func, on the slots */
	MARKER_PROBE_VA,		/* marker_probe_func, on a va_list */
	MARKER_PROBE_COUNT,		/* the built-in counter: no call */
};

/*
 * Fast probes run before va_list probes, each kind in the order its probes
 * were added to the tracepoint; marker_dispatch() reads the priority to
 * know how to call a probe.
 */
#define MARKER_PRIO_FAST	(TRACEPOINT_DEFAULT_PRIO + 1)
#define MARKER_PRIO_VA		TRACEPOINT_DEFAULT_PRIO

/*
 * One marker_probe_register() or marker_fast_probe_register() call, or
 * the counter.  Only the registry reads it: the tracepoint holds the
 * probe's function and private data.
 */
struct marker_probe_rec {
	struct list_head list;
	const void *func;
	void *probe_private;
	const char *format;		/* owned copy, NULL: any format */
	bool conflict;			/* format differs from the entry's */
	bool added;			/* on the entry's tracepoint */
	u8 kind;			/* enum marker_probe_kind */
	bool in_module;			/* @func is module text */
};

/* The tracepoint of a name's probes, while it has any. */
struct marker_tpoint {
	struct tracepoint tp;
	struct rcu_head rcu;
};

/* One marker name. */
struct marker_entry {
	struct hlist_node hlist;
	struct list_head probes;	/* marker_probe_rec, registration order */
	struct marker *instances;	/* chained through marker->next */
	struct marker_tpoint *tpoint;	/* while a probe is added to it */
	const char *format;		/* an instance's format, NULL: none */
	u64 __percpu *hits;		/* the counter's, kept while @e lives */
	struct list_head dirty;		/* on a batch's list of entries */
	unsigned int nr_instances;
	unsigned int nr_conflicts;
	unsigned int nr_probes;
	unsigned int nr_added;		/* probes on @tpoint */
	unsigned int arms;		/* marker_arm() calls outstanding */
	unsigned long held;		/* BIT(enum marker_holder) */
	u32 hash;			/* marker_name_hash(name) */
	bool active;
	bool counting;			/* an agreeing counter is connected */
	char name[];
};

static DEFINE_MUTEX(markers_mutex);
static DEFINE_HASHTABLE(marker_table, MARKER_HASH_BITS);
static BLOCKING_NOTIFIER_HEAD(marker_name_chain);
/* Connected probes whose function is module text (markers_mutex). */
static unsigned int marker_module_probes;

/* trace_mark()'s shared keys are emitted as zeroes: STATIC_KEY_FALSE_INIT. */
#ifdef CONFIG_JUMP_LABEL
static_assert(JUMP_TYPE_FALSE == 0);
#endif

/* With preemption disabled: the current CPU's own flag. */
static __always_inline bool marker_rcu_watching(void)
{
#ifdef CONFIG_CONTEXT_TRACKING_IDLE
	return rcu_is_watching_curr_cpu();
#else
	return rcu_is_watching();
#endif
}

/*
 * A va_list probe's list over a hit's argument array: what va_start()
 * gives a variadic function whose argument registers are all taken by
 * named parameters, so that va_arg() reads the 8-byte stack slots from the
 * first one on.  The layouts are the psABIs' (System V AMD64 ABI,
 * "Variable Argument Lists"; AAPCS64, appendix "Variable argument
 * lists"); the registers' save areas are never read.  An integer or
 * pointer argument of a variadic call takes one such slot on both, whose
 * low bits va_arg() of a narrower integer type reads, and each slot holds
 * its argument's own value converted to u64 (sign-extended when signed):
 * the va_list probe reads what it would have read from a variadic call.
 * KUnit's conversion tests compare the two probe kinds on every
 * conversion.
 */
#if defined(CONFIG_X86_64)
struct marker_va_list {
	u32 gp_offset;			/* 48: the six registers taken */
	u32 fp_offset;			/* 304: the sixteen vector ones too */
	const void *overflow_arg_area;	/* the next slot */
	const void *reg_save_area;
};
#elif defined(CONFIG_ARM64)
struct marker_va_list {
	const void *stack;		/* the next slot */
	const void *gr_top;
	const void *vr_top;
	s32 gr_offs;			/* 0: no general register left */
	s32 vr_offs;			/* 0: no vector register left */
};
#else
#error "markers: no va_list layout for this architecture"
#endif

/* Sparse takes va_list for a pointer. */
#ifndef __CHECKER__
static_assert(sizeof(struct marker_va_list) == sizeof(va_list));
#endif

/* No va_end() for such a list: there was no va_start(). */
static __always_inline void marker_va_start(va_list *ap, const u64 *slots)
{
	struct marker_va_list *va = (void *)ap;

#if defined(CONFIG_X86_64)
	va->gp_offset = 6 * 8;
	va->fp_offset = 6 * 8 + 16 * 16;
	va->overflow_arg_area = slots;
	va->reg_save_area = NULL;
#else
	va->stack = slots;
	va->gr_top = NULL;
	va->vr_top = NULL;
	va->gr_offs = 0;
	va->vr_offs = 0;
#endif
}

/*
 * What an armed site's marker_hit<N>() does with its arguments, @args[0]
 * to @args[N - 1]: call every probe on the name's tracepoint, a fast probe
 * with the array, a va_list probe with a va_list over it.  The registry
 * adds fast probes at MARKER_PRIO_FAST and va_list probes at
 * MARKER_PRIO_VA, nothing else: the priority says how to call a probe.
 * Neither kind costs a call more than the other.
 *
 * The loop over the probes, shared by every argument count, is out of
 * line: one probe, the common case, is called from marker_hit<N>()
 * itself, which then keeps nothing across the call (no callee-saved
 * register to save and restore on each hit).
 *
 * RCU: the tracepoint and its probe array are read inside one
 * preempt-disabled region, with rcu_dereference_sched(); the registry and
 * the tracepoint core free what they replace after a grace period, and
 * never change an array once published, so that the entry after the
 * first can be read to tell one probe from several.  Where RCU is not
 * watching (idle after ct_cpuidle_enter(), a CPU on its way down) the
 * grace period does not wait for this CPU: no probe is called, nothing is
 * read.  Lockdep kernels warn at such a site whether or not it is armed
 * (__mark_check_rcu()).
 */
static __always_inline void
marker_call_probe(const struct marker *m, void *call_private,
		  const u64 *args, const struct tracepoint_func *f)
{
	va_list va __uninitialized;

	if (f->prio != MARKER_PRIO_VA) {
		((marker_fast_probe_func *)f->func)(f->data, call_private,
						    m->format, args);
		return;
	}
	marker_va_start(&va, args);
	((marker_probe_func *)f->func)(f->data, call_private, m->format, &va);
}

static noinline notrace void
marker_dispatch_all(const struct marker *m, void *call_private,
		    const u64 *args, const struct tracepoint_func *f)
{
	for (; f->func; f++)
		marker_call_probe(m, call_private, args, f);
}

/* @tp was read where preemption is disabled and RCU is watching. */
static __always_inline void marker_dispatch(const struct marker *m,
					    void *call_private,
					    const u64 *args,
					    const struct tracepoint *tp)
{
	const struct tracepoint_func *f = rcu_dereference_sched(tp->funcs);

	if (!f || !f->func)
		return;
	if (likely(!f[1].func))
		marker_call_probe(m, call_private, args, f);
	else
		marker_dispatch_all(m, call_private, args, f);
}

/*
 * marker_hit0() ... marker_hit15(): what an armed site calls.  Each counts
 * for the built-in counter, then, when the site has probes to call, puts
 * the arguments in an array on its stack and dispatches; a hit nested in
 * a probe, an interrupt or an NMI has its own.  The function saves no
 * register across the probe call, so GCC shrink-wraps its frame: the
 * counter alone takes none.  marker_hit0()'s array has one zero that no
 * probe reads, so that it is not empty.
 *
 * The site's pointers may be NULL: its static key is shared with the
 * other trace_mark() sites of the name in its image, of which another may
 * be armed while this one is not (its format conflicts).  The counter was
 * zeroed before its pointer was published (marker_site_set()); the
 * address dependency orders the increment after the zeros.  The
 * tracepoint pointer is read raw, before RCU is known to be watching, so
 * that a hit without probes tests nothing more; it is dereferenced only
 * after that test, in the same preempt-disabled region.
 */
#define __mark_elem(i, a)	a,
#define MARKER_HIT_DEFINE(n, args...)					\
	notrace __MARK_HIT_PROTO(n, ## args)				\
	{								\
		u64 __percpu *hits = READ_ONCE(m->hits);		\
		const struct tracepoint *tp;				\
									\
		if (hits)						\
			this_cpu_inc(*hits);				\
		preempt_disable_notrace();				\
		tp = rcu_dereference_raw(m->probes);			\
		if (tp && likely(marker_rcu_watching())) {		\
			const u64 slots[(n) + !(n)] = {			\
				__MARK_MAP(__mark_elem, ## args)	\
			};						\
									\
			marker_dispatch(m, call_private, slots, tp);	\
		}							\
		preempt_enable_notrace();				\
	}								\
	EXPORT_SYMBOL_GPL(marker_hit##n)

__MARK_FOR_EACH_ARITY(MARKER_HIT_DEFINE);

/**
 * marker_name_valid - is @name a C identifier of at most MARKER_NAME_MAX
 * @name: the name to check, may be NULL
 *
 * "control", "enable" and "filter" are not: a fixed file of the markers
 * trees or of tracefs events/markers/ has that name (trace_mark() refuses
 * them at build time).
 *
 * Return: true when @name can name a marker.
 */
bool marker_name_valid(const char *name)
{
	size_t i;

	if (!name || !name[0])
		return false;
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= MARKER_NAME_MAX)
			return false;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || (i && c >= '0' && c <= '9'))
			continue;
		return false;
	}
	return strcmp(name, "control") && strcmp(name, "enable") &&
	       strcmp(name, "filter");
}
EXPORT_SYMBOL_IF_KUNIT(marker_name_valid);

/* Names differing in a bucket are told apart by their hash first. */
static struct marker_entry *marker_entry_find(const char *name)
{
	u32 hash = marker_name_hash(name);
	struct marker_entry *e;

	lockdep_assert_held(&markers_mutex);
	hash_for_each_possible(marker_table, e, hlist, hash)
		if (e->hash == hash && !strcmp(e->name, name))
			return e;
	return NULL;
}

/* Find or create the entry of @name. */
static struct marker_entry *marker_entry_get(const char *name)
{
	struct marker_entry *e = marker_entry_find(name);
	size_t len;

	if (e)
		return e;
	len = strlen(name) + 1;
	e = kzalloc(struct_size(e, name, len), GFP_KERNEL);
	if (!e)
		return NULL;
	memcpy(e->name, name, len);
	INIT_LIST_HEAD(&e->probes);
	INIT_LIST_HEAD(&e->dirty);
	e->hash = marker_name_hash(name);
	hash_add(marker_table, &e->hlist, e->hash);
	return e;
}

/* Free @e if nothing refers to it any more. */
static void marker_entry_put(struct marker_entry *e)
{
	lockdep_assert_held(&markers_mutex);
	if (e->nr_instances || e->nr_probes || e->arms || e->held ||
	    !list_empty(&e->dirty))
		return;
	hash_del(&e->hlist);
	/* No instance: no site left that could increment it. */
	free_percpu(e->hits);
	kfree(e);
}

/* The format probes must agree with. */
static const char *marker_entry_format(const struct marker_entry *e)
{
	const struct marker_probe_rec *rec;

	lockdep_assert_held(&markers_mutex);
	if (e->format)
		return e->format;
	list_for_each_entry(rec, &e->probes, list)
		if (rec->format)
			return rec->format;
	return NULL;
}

static void marker_warn_mismatch(const char *name, const char *probe_fmt,
				 const char *marker_fmt)
{
	pr_warn("Format mismatch for probe %s (%s), marker (%s)\n",
		name, probe_fmt, marker_fmt);
}

static const char *marker_owner_name(const struct marker *m)
{
	return m->owner ? module_name(m->owner) : "vmlinux";
}

/* @m, just entered, disagrees with the instance that set @e's format. */
static void marker_warn_instances(const struct marker_entry *e,
				  const struct marker *m)
{
	const struct marker *first = e->instances;

	while (first && first->format != e->format)
		first = first->next;
	pr_warn("Format mismatch for marker %s: %s (%s) vs %s (%s)\n",
		e->name, first ? marker_owner_name(first) : "?", e->format,
		marker_owner_name(m), m->format);
}

#ifdef CONFIG_TRACEPOINTS
static int marker_tp_connect(struct marker *m)
{
	return tracepoint_probe_register(m->tp->tp, m->tp->probe, m);
}

static void marker_tp_disconnect(struct marker *m)
{
	tracepoint_probe_unregister(m->tp->tp, m->tp->probe, m);
}
#else
static int marker_tp_connect(struct marker *m)
{
	return -EOPNOTSUPP;
}

static void marker_tp_disconnect(struct marker *m)
{
}
#endif

/*
 * A site is on while it has something to do: probes to call or a counter
 * to increment.  Then, and only then, it holds a reference on its static
 * key.
 */
static bool marker_site_on(const struct marker *m)
{
	return rcu_access_pointer(m->probes) || m->hits;
}

/*
 * Point a site at @tp and @hits (NULL, NULL: turn it off), taking or
 * dropping its reference on its static key as it goes on or off.  The key
 * is shared with the other trace_mark() sites of the name in its image:
 * the first reference patches them all in one batch, the others only
 * count.  A site whose key is on finds its pointers NULL, or set, either
 * way consistent.  A DEFINE_MARKER_TP() site registers its tracepoint
 * probe as it goes on and unregisters it as it goes off; when the
 * tracepoint refuses, the site stays off and the error is returned.
 */
static int marker_site_set(struct marker *m, struct tracepoint *tp,
			   u64 __percpu *hits)
{
	bool was = marker_site_on(m), on = tp || hits;
	int ret;

	lockdep_assert_held(&markers_mutex);
	if (on && !was) {
		if (m->tp) {
			ret = marker_tp_connect(m);
			if (ret)
				return ret;
		}
		static_branch_inc(m->key);
	} else if (!on && was) {
		static_branch_dec(m->key);
		if (m->tp)
			marker_tp_disconnect(m);
	}
	rcu_assign_pointer(m->probes, tp);
	/*
	 * The counter was zeroed before: a site that sees @hits must see
	 * the zeros too, also when its key was on already and no text
	 * patching ordered the stores.  Pairs with the address dependency
	 * of the site's READ_ONCE(m->hits) and this_cpu_inc().
	 */
	smp_store_release(&m->hits, hits);
	return 0;
}

/* Add @rec to the tracepoint of @e, allocated for the first probe. */
static int marker_rec_add(struct marker_entry *e, struct marker_probe_rec *rec)
{
	int ret;

	lockdep_assert_held(&markers_mutex);
	if (!e->tpoint) {
		e->tpoint = kzalloc(sizeof(*e->tpoint), GFP_KERNEL);
		if (!e->tpoint)
			return -ENOMEM;
		/*
		 * Zeroed: its key off, no static call (sites reach it
		 * through marker_hit<N>()), no regfunc.
		 */
		e->tpoint->tp.name = e->name;
	}
	ret = tracepoint_probe_register_prio(&e->tpoint->tp, (void *)rec->func,
					     rec->probe_private,
					     rec->kind == MARKER_PROBE_FAST ?
					     MARKER_PRIO_FAST : MARKER_PRIO_VA);
	if (ret)
		return ret;
	rec->added = true;
	e->nr_added++;
	return 0;
}

/*
 * Take @rec off the tracepoint of @e.  The tracepoint core does not fail
 * a removal (short of memory, it leaves a stub in the array).  The
 * tracepoint itself is freed by marker_entry_update() once no site points
 * at it.
 */
static void marker_rec_remove(struct marker_entry *e,
			      struct marker_probe_rec *rec)
{
	lockdep_assert_held(&markers_mutex);
	if (!rec->added)
		return;
	WARN_ON_ONCE(tracepoint_probe_unregister(&e->tpoint->tp,
						 (void *)rec->func,
						 rec->probe_private));
	rec->added = false;
	e->nr_added--;
}

/* How many times an entry was brought in line: KUnit checks batching. */
VISIBLE_IF_KUNIT unsigned long marker_entry_updates;
EXPORT_SYMBOL_IF_KUNIT(marker_entry_updates);

/*
 * Bring the sites of @e in line with its probes, arms and format: add the
 * agreeing probes to the name's tracepoint and take the others off, then
 * switch each site.
 *
 * Two things can fail: adding a probe (-ENOMEM), which leaves that probe
 * off (another update tries again) and changes nothing else, and a
 * DEFINE_MARKER_TP() site's tracepoint registration, which leaves that
 * site off.  The others are set anyway and the first error is returned;
 * the caller that wanted the change undoes it and updates again, which
 * only takes probes off and turns sites off, and cannot fail.  Without a
 * probe added, the tracepoint is freed after a grace period.
 */
static int marker_entry_update(struct marker_entry *e)
{
	const char *fmt = marker_entry_format(e);
	bool armed, want_call, want_count;
	struct marker_probe_rec *rec;
	struct tracepoint *tp;
	int ret = 0, err;
	struct marker *m;

	lockdep_assert_held(&markers_mutex);
	if (IS_ENABLED(CONFIG_KUNIT))
		marker_entry_updates++;

	e->counting = false;
	list_for_each_entry(rec, &e->probes, list) {
		bool conflict = rec->format && fmt && strcmp(rec->format, fmt);

		if (conflict && !rec->conflict)
			marker_warn_mismatch(e->name, rec->format, fmt);
		rec->conflict = conflict;
		if (rec->kind == MARKER_PROBE_COUNT) {
			e->counting |= !conflict;
			continue;
		}
		if (conflict) {
			marker_rec_remove(e, rec);
		} else if (!rec->added) {
			err = marker_rec_add(e, rec);
			if (err && !ret)
				ret = err;
		}
	}

	tp = e->nr_added ? &e->tpoint->tp : NULL;
	armed = e->arms || e->held;
	want_call = armed && tp;
	want_count = armed && e->counting;
	e->nr_conflicts = 0;
	e->active = false;
	for (m = e->instances; m; m = m->next) {
		bool agree = !strcmp(m->format, fmt);

		if (!agree)
			e->nr_conflicts++;
		if (agree && (want_call || want_count)) {
			err = marker_site_set(m, want_call ? tp : NULL,
					      want_count ? e->hits : NULL);
			if (err && !ret)
				ret = err;
		} else {
			marker_site_set(m, NULL, NULL);
		}
		e->active |= marker_site_on(m);
	}

	if (!tp && e->tpoint) {
		kfree_rcu(e->tpoint, rcu);
		e->tpoint = NULL;
	}
	return ret;
}

/* Unlink @m from @e.  Return false when it was not an instance of @e. */
static bool marker_unlink(struct marker_entry *e, struct marker *m)
{
	struct marker **pp;

	for (pp = &e->instances; *pp; pp = &(*pp)->next) {
		if (*pp != m)
			continue;
		*pp = m->next;
		m->next = NULL;
		e->nr_instances--;
		return true;
	}
	return false;
}

/*
 * After @gone left @e, make sure e->format does not point into it: keep the
 * same format from another instance when one has it, else take the first
 * instance's.
 */
static void marker_refresh_format(struct marker_entry *e,
				  const struct marker *gone)
{
	struct marker *m;

	if (e->format != gone->format)
		return;
	for (m = e->instances; m; m = m->next) {
		if (!strcmp(m->format, gone->format)) {
			e->format = m->format;
			return;
		}
	}
	e->format = e->instances ? e->instances->format : NULL;
}

/*
 * Bring every entry of a batch (@dirty, linked through ->dirty) in line
 * once, however many of its sites the batch added or removed, then free
 * those left unused.  A DEFINE_MARKER_TP() site of an armed name whose
 * tracepoint refuses its probe stays off, with a warning: there is no
 * caller to return the error to.
 */
static void marker_batch_update(struct list_head *dirty)
{
	struct marker_entry *e, *tmp;
	int ret;

	lockdep_assert_held(&markers_mutex);
	list_for_each_entry_safe(e, tmp, dirty, dirty) {
		list_del_init(&e->dirty);
		ret = marker_entry_update(e);
		if (ret)
			pr_warn("%s: a probe or a tracepoint's probe could not be added (%d); it stays off\n",
				e->name, ret);
		marker_entry_put(e);
	}
}

static void marker_batch_add(struct list_head *dirty, struct marker_entry *e)
{
	if (list_empty(&e->dirty))
		list_add_tail(&e->dirty, dirty);
}

/*
 * Take sites out of the registry (module unload).  A site that is on
 * drops its key reference (the last one of a module's shared key patches
 * its sites back, one batch) and its tracepoint connection.  Each entry
 * is updated once, at the end: a smaller array or fewer sites on, which
 * cannot fail.
 */
static void marker_remove_sites(struct marker * const *begin,
				struct marker * const *end)
{
	struct marker * const *iter;
	LIST_HEAD(dirty);

	lockdep_assert_held(&markers_mutex);
	for (iter = begin; iter < end; iter++) {
		struct marker *m = *iter;
		struct marker_entry *e = marker_entry_find(m->name);

		if (!e || !marker_unlink(e, m))
			continue;
		marker_site_set(m, NULL, NULL);
		marker_refresh_format(e, m);
		marker_batch_add(&dirty, e);
	}
	marker_batch_update(&dirty);
}

/*
 * Enter sites into the registry (boot, module load): link all of them
 * first, then update each entry they touched once, so that a module with
 * many instances of one name costs one walk of that name's instances.
 */
static int marker_add_sites(struct marker * const *begin,
			    struct marker * const *end)
{
	struct marker * const *iter;
	struct marker_entry *e;
	LIST_HEAD(dirty);
	int ret = 0;

	lockdep_assert_held(&markers_mutex);
	for (iter = begin; iter < end; iter++) {
		struct marker *m = *iter;

		if (!marker_name_valid(m->name)) {
			pr_warn("%s: name longer than %d characters, ignored\n",
				m->name, MARKER_NAME_MAX);
			continue;
		}
		e = marker_entry_get(m->name);
		if (!e) {
			ret = -ENOMEM;
			break;
		}
		m->next = e->instances;
		e->instances = m;
		e->nr_instances++;
		if (!e->format)
			e->format = m->format;
		else if (strcmp(m->format, e->format))
			marker_warn_instances(e, m);
		marker_batch_add(&dirty, e);
	}
	if (ret) {
		/* None is on yet: unlink them again, then tidy the entries. */
		while (iter-- > begin) {
			e = marker_entry_find((*iter)->name);
			if (e && marker_unlink(e, *iter))
				marker_refresh_format(e, *iter);
		}
	}
	marker_batch_update(&dirty);
	return ret;
}

static void marker_fill_info(const struct marker_entry *e,
			     struct marker_info *info)
{
	info->name = e->name;
	info->format = marker_entry_format(e);
	info->arms = e->arms + hweight_long(e->held);
	info->active = e->active;
	info->nr_instances = e->nr_instances;
	info->nr_conflicts = e->nr_conflicts;
	info->nr_probes = e->nr_probes;
	info->nr_called = e->nr_added + e->counting;
	info->instances = e->instances;
}

/**
 * marker_for_each - call @fn for every marker name known to the registry
 * @fn: the callback; runs with the registry mutex held, may sleep, must not
 *	call back into the registry
 * @data: handed to @fn
 *
 * Names are visited in no particular order.  Known names are those with a
 * loaded instance, a connected probe or an outstanding arm.
 *
 * Return: 0, or the first non-zero value @fn returned.
 */
int marker_for_each(int (*fn)(const struct marker_info *info, void *data),
		    void *data)
{
	struct marker_entry *e;
	struct marker_info info;
	int bkt, ret;

	guard(mutex)(&markers_mutex);
	hash_for_each(marker_table, bkt, e, hlist) {
		marker_fill_info(e, &info);
		ret = fn(&info, data);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(marker_for_each);

/**
 * marker_query - call @fn with the state of one marker name
 * @name: the name
 * @fn: the callback, as for marker_for_each()
 * @data: handed to @fn
 *
 * Return: -ENOENT when the registry does not know @name, else what @fn
 * returned.
 */
int marker_query(const char *name,
		 int (*fn)(const struct marker_info *info, void *data),
		 void *data)
{
	struct marker_entry *e;
	struct marker_info info;

	guard(mutex)(&markers_mutex);
	e = marker_entry_find(name);
	if (!e)
		return -ENOENT;
	marker_fill_info(e, &info);
	return fn(&info, data);
}
EXPORT_SYMBOL_IF_KUNIT(marker_query);

/*
 * The per-CPU counts are written by the sites (this_cpu_inc()) while these
 * run: the accesses are marked, a racing hit may survive a reset (see
 * marker_counter_reset()) and a sum is a snapshot.
 */
static void marker_hits_zero(u64 __percpu *hits)
{
	int cpu;

	for_each_possible_cpu(cpu)
		WRITE_ONCE(*per_cpu_ptr(hits, cpu), 0);
}

static u64 marker_hits_sum(u64 __percpu *hits)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(hits, cpu));
	return sum;
}

/**
 * marker_counter_reset - zero the built-in counter of a name
 * @name: the marker's name
 *
 * Hits racing with the reset may survive on their CPU: reset a quiet
 * marker for an exact count.
 *
 * Return: 0, or -ENOENT when no counter is connected to @name.
 */
int marker_counter_reset(const char *name)
{
	struct marker_probe_rec *rec;
	struct marker_entry *e;

	might_sleep();
	guard(mutex)(&markers_mutex);
	e = marker_entry_find(name);
	if (!e)
		return -ENOENT;
	list_for_each_entry(rec, &e->probes, list) {
		if (rec->kind == MARKER_PROBE_COUNT) {
			marker_hits_zero(e->hits);
			return 0;
		}
	}
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(marker_counter_reset);

/**
 * marker_walk_probes - call @fn for every probe connected to @name
 * @name: the marker name
 * @fn: the callback, in registration order; runs with the registry mutex
 *	held and must not call back into the registry
 * @data: handed to @fn
 *
 * Return: -ENOENT when the registry does not know @name, 0, or the first
 * non-zero value @fn returned.
 */
int marker_walk_probes(const char *name,
		       int (*fn)(const struct marker_probe_info *p, void *data),
		       void *data)
{
	struct marker_probe_info info;
	struct marker_probe_rec *rec;
	struct marker_entry *e;
	int ret;

	guard(mutex)(&markers_mutex);
	e = marker_entry_find(name);
	if (!e)
		return -ENOENT;
	list_for_each_entry(rec, &e->probes, list) {
		info.func = rec->func;
		info.probe_private = rec->probe_private;
		info.conflict = rec->conflict;
		info.hits = 0;
		if (rec->kind == MARKER_PROBE_COUNT)
			info.hits = marker_hits_sum(e->hits);
		ret = fn(&info, data);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(marker_walk_probes);

struct marker_name_node {
	struct list_head list;
	char name[];
};

/**
 * marker_register_name_notifier - be told when names come and go
 * @nb: the notifier; called with MARKER_NAME_CHANGED and the name
 *
 * Once registered, @nb is called for every name that has a loaded
 * instance already, outside the registry mutex, so that a listener
 * registered after boot catches up; calls for one name may repeat.
 *
 * Return: 0 or a negative errno (-ENOMEM: @nb is registered, but not every
 * loaded name was replayed).
 */
int marker_register_name_notifier(struct notifier_block *nb)
{
	struct marker_name_node *node, *tmp;
	struct marker_entry *e;
	LIST_HEAD(names);
	int bkt, ret;
	size_t len;

	might_sleep();
	ret = blocking_notifier_chain_register(&marker_name_chain, nb);
	if (ret)
		return ret;
	mutex_lock(&markers_mutex);
	hash_for_each(marker_table, bkt, e, hlist) {
		if (!e->nr_instances)
			continue;
		len = strlen(e->name) + 1;
		node = kmalloc(struct_size(node, name, len), GFP_KERNEL);
		if (!node) {
			ret = -ENOMEM;
			break;
		}
		memcpy(node->name, e->name, len);
		list_add_tail(&node->list, &names);
	}
	mutex_unlock(&markers_mutex);
	list_for_each_entry_safe(node, tmp, &names, list) {
		nb->notifier_call(nb, MARKER_NAME_CHANGED, node->name);
		kfree(node);
	}
	return ret;
}

/* Connect @probe of kind @kind; see marker_probe_register(). */
static int marker_probe_add(const char *name, const char *format,
			    const void *probe, enum marker_probe_kind kind,
			    void *probe_private)
{
	struct marker_probe_rec *rec, *r;
	bool added = false;
	struct marker_entry *e;
	const char *fmt;
	int ret;

	might_sleep();
	if (!marker_name_valid(name) || !probe)
		return -EINVAL;
	rec = kzalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	if (format) {
		rec->format = kstrdup(format, GFP_KERNEL);
		if (!rec->format) {
			kfree(rec);
			return -ENOMEM;
		}
	}
	rec->func = probe;
	rec->probe_private = probe_private;
	rec->kind = kind;
	rec->in_module = is_module_text_address((unsigned long)probe);

	mutex_lock(&markers_mutex);
	e = marker_entry_get(name);
	if (!e) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	list_for_each_entry(r, &e->probes, list) {
		if ((r->func == probe && r->probe_private == probe_private) ||
		    (kind == MARKER_PROBE_COUNT && r->kind == kind)) {
			ret = -EBUSY;
			goto out_put;
		}
	}
	if (e->nr_probes >= MARKER_PROBES_MAX) {
		ret = -ENOSPC;
		goto out_put;
	}
	fmt = marker_entry_format(e);
	if (format && fmt && strcmp(format, fmt)) {
		marker_warn_mismatch(name, format, fmt);
		ret = -EPERM;
		goto out_put;
	}
	if (kind == MARKER_PROBE_COUNT) {
		/* Kept until the entry goes: a site may still hold it. */
		if (!e->hits)
			e->hits = alloc_percpu(u64);
		if (!e->hits) {
			ret = -ENOMEM;
			goto out_put;
		}
		marker_hits_zero(e->hits);
	}
	list_add_tail(&rec->list, &e->probes);
	e->nr_probes++;
	marker_module_probes += rec->in_module;
	ret = marker_entry_update(e);
	if (ret) {
		/*
		 * When a DEFINE_MARKER_TP() site's tracepoint refused, the
		 * probe is on the name's tracepoint already, and a CPU may be
		 * running it from another instance.
		 */
		added = rec->added;
		marker_rec_remove(e, rec);
		list_del(&rec->list);
		e->nr_probes--;
		marker_module_probes -= rec->in_module;
		/* Back to what was before: cannot fail. */
		marker_entry_update(e);
	}
out_put:
	marker_entry_put(e);
out_unlock:
	mutex_unlock(&markers_mutex);
	/*
	 * "On error nothing changed" includes that the probe is not running
	 * once this returns: the caller may free @probe_private.
	 */
	if (added)
		marker_synchronize_unregister();
	if (ret) {
		kfree(rec->format);
		kfree(rec);
	}
	return ret;
}

/**
 * marker_probe_register - connect a va_list probe to a marker name
 * @name: the marker's name
 * @format: the format the probe expects, or NULL for the marker's own
 * @probe: the probe; runs with preemption disabled and must not sleep
 * @probe_private: handed to @probe as its first argument
 *
 * The probe is called by every instance of @name once the name is armed
 * (marker_arm()).  The name need not be loaded yet: the probe connects to
 * its instances when the code defining them loads.  A va_list probe costs
 * a second call per hit, with the arguments; a probe that can read them
 * from their slots is cheaper: marker_fast_probe_register().
 *
 * Sleeps.  A DEFINE_MARKER_TP() marker that is armed registers its
 * tracepoint probe here, when its first agreeing probe connects.
 *
 * Return: 0; -EINVAL for a bad name or a NULL probe; -EBUSY when this
 * (@probe, @probe_private) pair is already connected to @name; -EPERM when
 * @format differs from the marker's (a warning names both); -ENOSPC when
 * MARKER_PROBES_MAX probes are connected to @name already; -ENOMEM; the
 * tracepoint's error when it refuses a DEFINE_MARKER_TP() marker's probe.
 * On error nothing changed, and @probe is not running anywhere (when other
 * instances had it before the tracepoint refused, a grace period passed).
 */
int marker_probe_register(const char *name, const char *format,
			  marker_probe_func *probe, void *probe_private)
{
	enum marker_probe_kind kind = MARKER_PROBE_VA;

	if (probe == marker_counter_probe)
		kind = MARKER_PROBE_COUNT;
	return marker_probe_add(name, format, probe, kind, probe_private);
}
EXPORT_SYMBOL_GPL(marker_probe_register);

/**
 * marker_fast_probe_register - connect a probe that reads argument slots
 * @name: the marker's name
 * @format: the format the probe expects, or NULL for the marker's own
 * @probe: the probe; runs with preemption disabled and must not sleep
 * @probe_private: handed to @probe as its first argument
 *
 * As marker_probe_register(), for a probe that reads the arguments from
 * their 64-bit slots (marker_fast_probe_func): the site's one call.
 * Disconnect it with marker_fast_probe_unregister().
 *
 * Return: as marker_probe_register().
 */
int marker_fast_probe_register(const char *name, const char *format,
			       marker_fast_probe_func *probe,
			       void *probe_private)
{
	return marker_probe_add(name, format, probe, MARKER_PROBE_FAST,
				probe_private);
}
EXPORT_SYMBOL_GPL(marker_fast_probe_register);

/* Disconnect @rec from @e and free it.  Turns sites off only: no error. */
static void marker_drop_probe(struct marker_entry *e,
			      struct marker_probe_rec *rec)
{
	lockdep_assert_held(&markers_mutex);
	marker_rec_remove(e, rec);
	list_del(&rec->list);
	e->nr_probes--;
	marker_module_probes -= rec->in_module;
	marker_entry_update(e);
	kfree(rec->format);
	kfree(rec);
}

static int marker_probe_del(const char *name, const void *probe,
			    void *probe_private)
{
	struct marker_probe_rec *rec;
	struct marker_entry *e;

	might_sleep();
	if (!marker_name_valid(name))
		return -ENOENT;
	guard(mutex)(&markers_mutex);
	e = marker_entry_find(name);
	if (!e)
		return -ENOENT;
	list_for_each_entry(rec, &e->probes, list) {
		if (rec->func == probe && rec->probe_private == probe_private) {
			marker_drop_probe(e, rec);
			marker_entry_put(e);
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * marker_probe_unregister - disconnect a probe from a marker name
 * @name: the marker's name
 * @probe: the probe given to marker_probe_register()
 * @probe_private: the private data given with it
 *
 * The probe is no longer called by new marker hits once this returns; a
 * hit already running on another CPU may still be inside it until
 * marker_synchronize_unregister() returns.  The name's arm count is not
 * changed.
 *
 * Return: 0, or -ENOENT when that probe was not connected to @name.
 */
int marker_probe_unregister(const char *name, marker_probe_func *probe,
			    void *probe_private)
{
	return marker_probe_del(name, probe, probe_private);
}
EXPORT_SYMBOL_GPL(marker_probe_unregister);

/**
 * marker_fast_probe_unregister - disconnect a fast probe from a marker name
 * @name: the marker's name
 * @probe: the probe given to marker_fast_probe_register()
 * @probe_private: the private data given with it
 *
 * As marker_probe_unregister().
 *
 * Return: 0, or -ENOENT when that probe was not connected to @name.
 */
int marker_fast_probe_unregister(const char *name,
				 marker_fast_probe_func *probe,
				 void *probe_private)
{
	return marker_probe_del(name, probe, probe_private);
}
EXPORT_SYMBOL_GPL(marker_fast_probe_unregister);

/**
 * marker_probe_unregister_private_data - disconnect a probe everywhere
 * @probe: the probe
 * @probe_private: the private data it was registered with
 *
 * Disconnects the (@probe, @probe_private) pair from every marker name;
 * see marker_probe_unregister().
 *
 * Return: 0 when at least one connection was removed, else -ENOENT.
 */
int marker_probe_unregister_private_data(marker_probe_func *probe,
					 void *probe_private)
{
	struct marker_probe_rec *rec, *tmp;
	struct marker_entry *e;
	struct hlist_node *next;
	int bkt, ret = -ENOENT;

	might_sleep();
	mutex_lock(&markers_mutex);
	hash_for_each_safe(marker_table, bkt, next, e, hlist) {
		list_for_each_entry_safe(rec, tmp, &e->probes, list) {
			if (rec->func == probe &&
			    rec->probe_private == probe_private) {
				marker_drop_probe(e, rec);
				ret = 0;
			}
		}
		marker_entry_put(e);
	}
	mutex_unlock(&markers_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(marker_probe_unregister_private_data);

/**
 * marker_get_private_data - the private data of a connected probe
 * @name: the marker's name
 * @probe: the probe
 * @num: which of the connections of @probe to @name (0 for the first, in
 *	registration order)
 *
 * Return: the probe_private of that connection, or ERR_PTR(-ENOENT).
 */
void *marker_get_private_data(const char *name, marker_probe_func *probe,
			      int num)
{
	struct marker_probe_rec *rec;
	struct marker_entry *e;
	void *ret = ERR_PTR(-ENOENT);
	int i = 0;

	might_sleep();
	if (!marker_name_valid(name) || num < 0)
		return ret;
	mutex_lock(&markers_mutex);
	e = marker_entry_find(name);
	if (e) {
		list_for_each_entry(rec, &e->probes, list) {
			if (rec->func != probe)
				continue;
			if (i++ == num) {
				ret = rec->probe_private;
				break;
			}
		}
	}
	mutex_unlock(&markers_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(marker_get_private_data);

/*
 * Take one more arm reference for @e (@holder < 0: a marker_arm() call,
 * else the internal holder's bit) and update its sites.  When a
 * DEFINE_MARKER_TP() site's tracepoint refuses, the reference is given
 * back and the error returned.
 */
static int marker_entry_arm(struct marker_entry *e, int holder)
{
	int ret;

	lockdep_assert_held(&markers_mutex);
	if (holder < 0) {
		if (e->arms == UINT_MAX)
			return -EOVERFLOW;
		e->arms++;
	} else {
		if (e->held & BIT(holder))
			return 0;
		e->held |= BIT(holder);
	}
	/* The probes are added already: this adds none. */
	ret = marker_entry_update(e);
	if (ret) {
		if (holder < 0)
			e->arms--;
		else
			e->held &= ~BIT(holder);
		marker_entry_update(e);
	}
	return ret;
}

/*
 * Drop an arm reference taken by marker_entry_arm() and update the sites
 * (which only turns them off: no error).  -EINVAL when @holder holds none.
 */
static int marker_entry_disarm(struct marker_entry *e, int holder)
{
	lockdep_assert_held(&markers_mutex);
	if (holder < 0) {
		if (!e->arms)
			return -EINVAL;
		e->arms--;
	} else {
		if (!(e->held & BIT(holder)))
			return -EINVAL;
		e->held &= ~BIT(holder);
	}
	marker_entry_update(e);
	marker_entry_put(e);
	return 0;
}

/**
 * marker_arm - arm a marker name
 * @name: the marker's name
 *
 * Arming is counted: the name stays armed until marker_disarm() has been
 * called as many times.  While armed, every instance of @name calls its
 * connected probes.  A name that no loaded code defines yet is remembered
 * and armed when it appears.  A DEFINE_MARKER_TP() marker registers its
 * tracepoint probe once it is armed and has an agreeing probe.  Sleeps (it
 * patches code).
 *
 * Return: 0; -EINVAL for a bad name; -EOVERFLOW; -ENOMEM; the tracepoint's
 * error when it refuses a DEFINE_MARKER_TP() marker's probe (the arm is
 * not taken).
 */
int marker_arm(const char *name)
{
	struct marker_entry *e;
	int ret;

	might_sleep();
	if (!marker_name_valid(name))
		return -EINVAL;
	guard(mutex)(&markers_mutex);
	e = marker_entry_get(name);
	if (!e)
		return -ENOMEM;
	ret = marker_entry_arm(e, -1);
	marker_entry_put(e);
	return ret;
}
EXPORT_SYMBOL_GPL(marker_arm);

/**
 * marker_disarm - drop one arm of a marker name
 * @name: the marker's name
 *
 * Undoes one marker_arm().  The instances stop calling their probes when
 * the last arm is dropped.  Arms held by the control interfaces are their
 * own: this never drops them.  Sleeps.
 *
 * Return: 0; -ENOENT when the registry does not know @name; -EINVAL when
 * marker_arm() has not armed @name (the count never goes below zero).
 */
int marker_disarm(const char *name)
{
	struct marker_entry *e;

	might_sleep();
	if (!marker_name_valid(name))
		return -ENOENT;
	guard(mutex)(&markers_mutex);
	e = marker_entry_find(name);
	if (!e)
		return -ENOENT;
	return marker_entry_disarm(e, -1);
}
EXPORT_SYMBOL_GPL(marker_disarm);

/**
 * marker_hold - take or drop a control interface's own arm of a name
 * @name: the marker's name
 * @holder: which interface
 * @on: take (true) or drop (false) it
 *
 * Each holder has at most one arm per name, separate from the count of
 * marker_arm(): kernel code disarming cannot take it away, and taking it
 * twice changes nothing.  Sleeps.
 *
 * Return: 0; -EINVAL for a bad name or when dropping an arm not held;
 * -ENOMEM; the tracepoint's error as for marker_arm().
 */
int marker_hold(const char *name, enum marker_holder holder, bool on)
{
	struct marker_entry *e;
	int ret;

	might_sleep();
	if (!marker_name_valid(name) || holder >= MARKER_NR_HOLDERS)
		return -EINVAL;
	guard(mutex)(&markers_mutex);
	if (!on) {
		e = marker_entry_find(name);
		return e ? marker_entry_disarm(e, holder) : -EINVAL;
	}
	e = marker_entry_get(name);
	if (!e)
		return -ENOMEM;
	ret = marker_entry_arm(e, holder);
	marker_entry_put(e);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(marker_hold);

/**
 * marker_synchronize_unregister - wait for probes still running
 *
 * Returns once no CPU can still be running a probe that was disconnected
 * before the call (including tracepoint probes of DEFINE_MARKER_TP()
 * markers that were disarmed).  Call it between the last
 * marker_probe_unregister() and the end of a probe module's exit function,
 * or the freeing of anything the probes use.  Sleeps.
 */
void marker_synchronize_unregister(void)
{
#ifdef CONFIG_TRACEPOINTS
	tracepoint_synchronize_unregister();
#else
	synchronize_rcu();
#endif
}
EXPORT_SYMBOL_GPL(marker_synchronize_unregister);

#ifdef CONFIG_MODULES
/*
 * A module going away with its probes still connected would leave them
 * pointing at freed text: disconnect them, loudly.  The loader waits for an
 * RCU grace period before it frees the module's memory.
 */
static void marker_drop_module_probes(struct module *mod)
{
	struct marker_probe_rec *rec, *tmp;
	struct marker_entry *e;
	struct hlist_node *next;
	int bkt;

	lockdep_assert_held(&markers_mutex);
	/* The common case: no module has a probe connected. */
	if (!marker_module_probes)
		return;
	hash_for_each_safe(marker_table, bkt, next, e, hlist) {
		list_for_each_entry_safe(rec, tmp, &e->probes, list) {
			if (!within_module((unsigned long)rec->func, mod))
				continue;
			pr_err("%s: probe %ps still connected as %s unloads; disconnected\n",
			       e->name, rec->func, mod->name);
			marker_drop_probe(e, rec);
		}
		marker_entry_put(e);
	}
}
#endif

/*
 * Tell the name notifier of each site of [@begin, @end); see
 * marker_internal.h.  Sites that went are told last first: the trace core
 * finds a removed event's files by walking each trace instance's event
 * list from the newest event, so names that go in the reverse order of
 * their coming are each found at the head (with a module's 10,000 names
 * in load order, its unload walked 50 million list entries).
 */
static void marker_notify_sites(struct marker * const *begin,
				struct marker * const *end, bool loaded)
{
	struct marker * const *iter;

	if (!loaded) {
		for (iter = end; iter-- > begin; )
			blocking_notifier_call_chain(&marker_name_chain,
						     MARKER_NAME_CHANGED,
						     (void *)(*iter)->name);
		return;
	}
	for (iter = begin; iter < end; iter++) {
		blocking_notifier_call_chain(&marker_name_chain,
					     MARKER_NAME_CHANGED,
					     (void *)(*iter)->name);
		blocking_notifier_call_chain(&marker_name_chain,
					     MARKER_SITE_LOADED, *iter);
	}
}

/**
 * marker_load_sites - enter an array of sites into the registry
 * @begin: the first site pointer (a __markers_ptrs section's start)
 * @end: one past the last
 *
 * What the module notifier does for a module that is coming, and what the
 * KUnit suite does for sites of its own that are in no section.  Sites of
 * an armed name come up armed.  The name notifier is told afterwards.
 *
 * Return: 0, or -ENOMEM (and then no site of the array was entered).
 */
VISIBLE_IF_KUNIT int marker_load_sites(struct marker * const *begin,
				       struct marker * const *end)
{
	int ret;

	mutex_lock(&markers_mutex);
	ret = marker_add_sites(begin, end);
	mutex_unlock(&markers_mutex);
	if (!ret)
		marker_notify_sites(begin, end, true);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(marker_load_sites);

/**
 * marker_unload_sites - take an array of sites out of the registry
 * @begin: the first site pointer
 * @end: one past the last
 * @mod: the module going away, whose probes still connected are
 *	disconnected; NULL for none
 *
 * Names keep their probes and arms.  The sites' static branches are left
 * as they are (their code is going away).  The name notifier is told
 * afterwards.
 */
VISIBLE_IF_KUNIT void marker_unload_sites(struct marker * const *begin,
					  struct marker * const *end,
					  struct module *mod)
{
	mutex_lock(&markers_mutex);
	marker_remove_sites(begin, end);
#ifdef CONFIG_MODULES
	if (mod)
		marker_drop_module_probes(mod);
#endif
	mutex_unlock(&markers_mutex);
	marker_notify_sites(begin, end, false);
}
EXPORT_SYMBOL_IF_KUNIT(marker_unload_sites);

#ifdef CONFIG_MODULES
static int marker_module_notify(struct notifier_block *nb,
				unsigned long val, void *data)
{
	struct module *mod = data;
	struct marker * const *begin = mod->markers;
	struct marker * const *end = mod->markers + mod->num_markers;
	int ret = 0;

	switch (val) {
	case MODULE_STATE_COMING:
		ret = marker_load_sites(begin, end);
		break;
	case MODULE_STATE_GOING:
		marker_unload_sites(begin, end, mod);
		break;
	}
	return notifier_from_errno(ret);
}

/*
 * The order among module notifiers matters on the way out: a
 * DEFINE_MARKER_TP() site in a going module must unregister its probe from
 * the module's tracepoint before tracepoint_module_nb (priority 0) checks
 * that nothing is left on it.  Hence a priority above the tracepoints',
 * stated here rather than left to the order of the initcalls.  It equals
 * jump_label_module_nb's, which is registered first (early_initcall) and so
 * still runs first; nothing here depends on that: a module key enabled
 * before jump_label_add_module() is patched by it, and a key disabled
 * after jump_label_del_module() still has its module's entries.
 */
#define MARKER_MODULE_NB_PRIORITY	1

static struct notifier_block marker_module_nb = {
	.notifier_call = marker_module_notify,
	.priority = MARKER_MODULE_NB_PRIORITY,
};
#endif

static int __init marker_init(void)
{
	int ret;

	ret = marker_load_sites(__start___markers_ptrs, __stop___markers_ptrs);
	if (ret)
		return ret;
#ifdef CONFIG_MODULES
	ret = register_module_notifier(&marker_module_nb);
#endif
	return ret;
}
core_initcall(marker_init);
