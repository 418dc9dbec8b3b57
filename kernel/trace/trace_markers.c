// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers as trace events: events/markers/<name>/ in tracefs.
 *
 * Every marker name that loaded code defines is an event of the "markers"
 * system while that code is loaded.  Its fields come from the marker's
 * format, parsed once into a field table (marker_event_parse()): the word
 * before each conversion names the field ("myint %d mystring %s" gives
 * int myint and a dynamic string mystring); a conversion without a usable
 * word gets "arg<N>" (N counts the conversions from 1).  Enabling the
 * event in any trace instance, or opening it with perf, connects a probe
 * that writes the fields straight from the va_list into the reserved ring
 * buffer (or perf) record, and takes the event's own arm of the name
 * (marker_hold(MARKER_HOLD_EVENT)).  The probe's format is the event's, so
 * an instance whose format disagrees never calls it: a hit cannot write a
 * layout the event does not describe.
 *
 * Locking: everything here runs under event_mutex: the registry's name
 * notifier takes it to create or remove events, and the trace core holds
 * it around the class's reg() callback.  The registry's markers_mutex
 * nests inside (marker_query(), marker_probe_register(), marker_hold()).
 *
 * Lifetime: the events are dynamic events (TRACE_EVENT_FL_DYNAMIC), so
 * whoever takes a reference with trace_event_try_get_ref() (perf, an
 * eprobe, a hist trigger's action) holds the event itself, not a module.
 * An event still in use (enabled in an instance, open in perf, referenced)
 * when its last instance unloads cannot be removed: it stays, records
 * nothing (no site is left to fire), and a work item removes it once it is
 * unused, unless the name came back meanwhile.  Removing an event clears
 * the buffers that recorded it, as the trace core does for modules and
 * dynamic events, before its type id can describe another event.
 *
 * BPF: the events are tracepoint events (TRACE_EVENT_FL_TRACEPOINT), each
 * named by a struct tracepoint of its own, so PERF_EVENT_IOC_SET_BPF takes
 * them; the perf probe runs the programs on the record it builds, whose
 * layout is the event's format.  That tracepoint only names the event,
 * for as long as the event lives: the ring buffer and perf probes are
 * fast probes of the marker name, which the registry adds to the name's
 * own tracepoint, the one the sites dispatch to (kernel/marker.c), and
 * which exists only while the name has probes.  Raw tracepoint programs
 * (bpf_raw_tp) do not reach markers: they attach to tracepoints that
 * vmlinux or a module defines, by name, at build time.
 */

#define pr_fmt(fmt) "markers: " fmt

#include <kunit/visibility.h>
#include <linux/ctype.h>
#include <linux/hashtable.h>
#include <linux/init.h>
#include <linux/lockdep.h>
#include <linux/marker.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/trace_seq.h>
#include <linux/tracepoint.h>
#include <linux/unaligned.h>
#include <linux/workqueue.h>

#include "../marker_internal.h"
#include "trace.h"

/*
 * The longest string a hit records, NUL included; longer ones are cut.
 * With MARKER_EVENT_FIELDS_MAX fields, a record fits perf's buffer.
 */
#define MARKER_EVENT_STR_MAX	256
static_assert(sizeof(struct trace_entry) + sizeof(u32) +
	      MARKER_EVENT_FIELDS_MAX * (sizeof(u64) + MARKER_EVENT_STR_MAX) <=
	      PERF_MAX_TRACE_SIZE);

/*
 * One per loaded name, from a cache of its own: a kmalloc() size class
 * would round it up by about 40%.  The class is shared by all marker
 * events; each event's fields are its own list (get_fields()).
 */
struct marker_event {
	struct hlist_node hnode;	/* in marker_event_table */
	struct trace_event_call call;
	struct tracepoint tp;		/* names the event: call.tp */
	struct list_head fields;	/* the trace core's field list */
	struct marker_event_fields *table;	/* with the format */
	const char *name;
	u32 hash;			/* marker_name_hash(name) */
	unsigned int users;		/* trace files and perf holding it */
	bool stale;			/* kept in use; its code is gone */
};

static struct kmem_cache *marker_event_cachep;

/* By name: a module may bring thousands of names, each looked up once. */
#define MARKER_EVENT_HASH_BITS	10
static DEFINE_HASHTABLE(marker_event_table, MARKER_EVENT_HASH_BITS);

/* A bounded buffer that counts what did not fit (p == NULL: measure). */
struct marker_buf {
	char *p;
	size_t len, size;
};

static __printf(2, 3) void marker_buf_add(struct marker_buf *b,
					  const char *fmt, ...)
{
	size_t room = b->p && b->len < b->size ? b->size - b->len : 0;
	va_list ap;

	va_start(ap, fmt);
	b->len += vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap);
	va_end(ap);
}

static void marker_buf_putc(struct marker_buf *b, char c)
{
	if (b->p && b->len < b->size)
		b->p[b->len] = c;
	b->len++;
}

/* A NUL in the buffer, ending one piece. */
static void marker_buf_end(struct marker_buf *b)
{
	marker_buf_putc(b, '\0');
}

/*
 * The literal text of a format, [@s, @end): a control character becomes a
 * space (a record is one line of `trace`); in the print format, a C string
 * literal that libtraceevent unescapes, '"' and '\' are escaped.
 */
static void marker_buf_lit(struct marker_buf *b, const char *s,
			   const char *end, bool c_string)
{
	for (; s < end; s++) {
		if (iscntrl(*s)) {
			marker_buf_putc(b, ' ');
			continue;
		}
		if (c_string && (*s == '"' || *s == '\\'))
			marker_buf_putc(b, '\\');
		marker_buf_putc(b, *s);
	}
}

/*
 * One conversion at @p (just after '%'): flags, width, precision, length
 * and conversion character, into @f.  Return its length, or -EINVAL for
 * what cannot be a field: '*' (an argument of its own), floating point,
 * %n, a %p extension that dereferences, and unknown conversions.
 */
static int marker_parse_conv(const char *p, struct marker_field *f)
{
	const char *s = p;
	int longs = 0, prec = 0;

	p += strspn(p, "-+ #0");
	while (isdigit(*p))
		p++;
	if (*p == '.') {
		p++;
		for (; isdigit(*p); p++)
			prec = min(prec * 10 + *p - '0', 1000);
	}
	f->size = sizeof(int);
	switch (*p) {
	case 'h':
		f->size = p[1] == 'h' ? 1 : 2;
		p += p[1] == 'h' ? 2 : 1;
		break;
	case 'l':
		longs = p[1] == 'l' ? 2 : 1;
		p += longs;
		break;
	case 'L':
	case 'q':
	case 'j':
		longs = 2;
		p++;
		break;
	case 'z':
	case 't':
		longs = 1;
		p++;
		break;
	}
	f->vararg = longs == 2 ? MARKER_VA_LLONG :
		    longs == 1 ? MARKER_VA_LONG : MARKER_VA_INT;
	if (longs)
		f->size = longs == 2 ? sizeof(long long) : sizeof(long);
	f->conv = *p;
	switch (*p) {
	case 'd':
	case 'i':
		f->is_signed = true;
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		break;
	case 'c':
	case 's':
	case 'p':
		if (p - s != strspn(s, "-0123456789.") || f->size != sizeof(int))
			return -EINVAL;
		if (*p == 'c') {
			f->size = 1;
		} else if (*p == 's') {
			f->vararg = MARKER_VA_STR;
			f->size = sizeof(u32);
			/* "%.15s": at most 15 characters, in a char[16] */
			if (prec && prec <= MARKER_FIELD_FIXED_MAX) {
				f->fixed = true;
				f->size = prec + 1;
			}
		} else {
			f->vararg = MARKER_VA_PTR;
			f->size = sizeof(void *);
			/* Symbols are safe to print later; the rest is not. */
			if (p[1] == 'S' || p[1] == 's')
				p++;
			else if (isalnum(p[1]))
				return -EINVAL;
		}
		break;
	default:
		return -EINVAL;
	}
	p++;
	f->spec_len = p - s;
	return p - s;
}

/**
 * marker_field_type - the C type of a field, as its format file names it
 * @t: the table the field is in
 * @f: the field
 *
 * Return: the type libtraceevent and the event filter read the field as;
 * it lives as long as @t.
 */
VISIBLE_IF_KUNIT const char *
marker_field_type(const struct marker_event_fields *t,
		  const struct marker_field *f)
{
	if (f->fixed)
		return t->text + f->type;
	if (f->vararg == MARKER_VA_STR)
		return "__data_loc char[]";
	if (f->vararg == MARKER_VA_PTR)
		return "unsigned long";
	if (f->conv == 'c')
		return "char";
	switch (f->size) {
	case 1:
		return f->is_signed ? "s8" : "u8";
	case 2:
		return f->is_signed ? "s16" : "u16";
	case 4:
		return f->is_signed ? "int" : "unsigned int";
	}
	if (f->vararg == MARKER_VA_LONG)
		return f->is_signed ? "long" : "unsigned long";
	return f->is_signed ? "s64" : "u64";
}
EXPORT_SYMBOL_IF_KUNIT(marker_field_type);

/*
 * The word before the conversion at @conv, not before @start: skip one
 * run of ' ', '=' and ':', then take the identifier characters.  Return
 * where it starts (@conv when there is no usable word) and its length.
 */
static const char *marker_field_word(const char *start, const char *conv,
				     size_t *len)
{
	const char *w = conv, *end;

	while (w > start && strchr(" =:", w[-1]))
		w--;
	end = w;
	while (w > start && (isalnum(w[-1]) || w[-1] == '_'))
		w--;
	*len = end - w;
	if (!*len || isdigit(*w) || *len >= MARKER_FIELD_NAME_MAX ||
	    !strncmp(w, "common_", 7))
		return conv;
	return w;
}

/*
 * The texts of a table: the print format, then for each field its tracefs
 * output format, then the tail.  With @b->p NULL this only measures.
 * Control characters at the end of the format (a printk habit, "...\n")
 * are dropped: `trace` ends every record's line itself.
 */
static void marker_event_texts(struct marker_event_fields *t, const char *fmt,
			       const char * const *word_at,
			       const char * const *conv_at,
			       struct marker_buf *pf, struct marker_buf *txt)
{
	const char *prev = fmt, *end = fmt + strlen(fmt);
	unsigned int i;

	while (end > fmt && iscntrl(end[-1]))
		end--;
	marker_buf_add(pf, "\"");
	for (i = 0; i < t->nr; i++) {
		struct marker_field *f = &t->fields[i];
		const char *conv = conv_at[i];
		int flags = strspn(conv + 1, "-+ #0123456789.");

		marker_buf_lit(pf, prev, word_at[i], true);
		/* A char array holds no more than its precision allows. */
		if (f->fixed)
			marker_buf_add(pf, "%s=%%s", f->name);
		else
			marker_buf_add(pf, "%s=%.*s", f->name, f->spec_len + 1,
				       conv);

		f->print = txt->len;
		marker_buf_lit(txt, prev, word_at[i], false);
		marker_buf_add(txt, "%s=", f->name);
		/* %p as other events print it: hashed unless hash-ptr is off */
		if (f->fixed)
			marker_buf_add(txt, "%%s");
		else if (f->vararg == MARKER_VA_PTR)
			marker_buf_add(txt, "%s", f->spec_len > 1 ? "%pS" : "%p");
		else if (f->vararg == MARKER_VA_STR || f->conv == 'c')
			marker_buf_add(txt, "%.*s", f->spec_len + 1, conv);
		else	/* printed from a 64-bit value */
			marker_buf_add(txt, "%%%.*sll%c", flags, conv + 1,
				       f->conv);
		marker_buf_end(txt);
		prev = conv + 1 + f->spec_len;
	}
	marker_buf_lit(pf, prev, end, true);
	marker_buf_add(pf, "\"");
	for (i = 0; i < t->nr; i++) {
		const struct marker_field *f = &t->fields[i];
		bool dyn = f->vararg == MARKER_VA_STR && !f->fixed;

		marker_buf_add(pf, dyn ? ", __get_str(%s)" : ", REC->%s",
			       f->name);
	}
	marker_buf_end(pf);
	t->tail = txt->len;
	marker_buf_lit(txt, prev, end, false);
	marker_buf_end(txt);
	for (i = 0; i < t->nr; i++) {
		if (!t->fields[i].fixed)
			continue;
		t->fields[i].type = txt->len;
		marker_buf_add(txt, "char[%u]", t->fields[i].size);
		marker_buf_end(txt);
	}
}

/* What marker_event_scan() finds in a format. */
struct marker_parse {
	const char *word_at[MARKER_EVENT_FIELDS_MAX];
	const char *conv_at[MARKER_EVENT_FIELDS_MAX];
	struct marker_field f[MARKER_EVENT_FIELDS_MAX];
	unsigned int size;
};

/*
 * The fields of @fmt into @sc, laid out (see marker_event_parse()).
 * Return: their number, or -EINVAL.
 */
static int marker_event_scan(const char *fmt, struct marker_parse *sc)
{
	unsigned int n = 0, j, offset = sizeof(struct trace_entry);
	struct marker_field *f = sc->f;
	const char *p, *start = fmt;
	size_t len;
	int ret;

	for (p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		if (n == MARKER_EVENT_FIELDS_MAX)
			return -EINVAL;
		memset(&f[n], 0, sizeof(f[n]));
		ret = marker_parse_conv(p + 1, &f[n]);
		if (ret < 0)
			return ret;
		sc->conv_at[n] = p;
		sc->word_at[n] = marker_field_word(start, p, &len);
		if (sc->word_at[n] != p)
			memcpy(f[n].name, sc->word_at[n], len);
		/* A name taken already makes this one arg<N> too. */
		for (j = 0; j < n && f[n].name[0]; j++)
			if (!strcmp(f[j].name, f[n].name))
				break;
		if (!f[n].name[0] || j < n) {
			snprintf(f[n].name, sizeof(f[n].name), "arg%u", n + 1);
			sc->word_at[n] = p;
		}
		offset = ALIGN(offset, f[n].fixed ? 1 : f[n].size);
		f[n].offset = offset;
		offset += f[n].size;
		p += ret;
		start = p + 1;
		n++;
	}
	sc->size = offset;
	return n;
}

/**
 * marker_event_parse - the field table of a marker format
 * @fmt: the marker's format
 *
 * Fields are laid out after struct trace_entry in argument order, each
 * naturally aligned; a %s is a 32-bit __data_loc word whose text follows
 * the fixed part.  The print format is the marker's format with each
 * field's word joined to its conversion by '=' ("myint=%d").
 *
 * Return: the table, to free with marker_event_fields_free();
 * ERR_PTR(-EINVAL) for a format no event can describe ('*' width or
 * precision, %n, floating point, a dereferencing %p extension, an unknown
 * conversion, more than MARKER_EVENT_FIELDS_MAX conversions);
 * ERR_PTR(-ENOMEM).
 */
VISIBLE_IF_KUNIT struct marker_event_fields *marker_event_parse(const char *fmt)
{
	struct marker_event_fields *t, *grown;
	struct marker_buf pf = {}, txt = {};
	struct marker_parse *sc;
	size_t fmt_len;
	int n, i;

	/* Too big for the stack with the field array. */
	sc = kmalloc(sizeof(*sc), GFP_KERNEL);
	if (!sc)
		return ERR_PTR(-ENOMEM);
	n = marker_event_scan(fmt, sc);
	if (n < 0) {
		t = ERR_PTR(n);
		goto out;
	}
	t = kzalloc(struct_size(t, fields, n), GFP_KERNEL);
	if (!t) {
		t = ERR_PTR(-ENOMEM);
		goto out;
	}
	t->nr = n;
	t->size = sc->size;
	t->plain = true;
	for (i = 0; i < n; i++) {
		t->fields[i] = sc->f[i];
		t->has_str |= sc->f[i].vararg == MARKER_VA_STR &&
			      !sc->f[i].fixed;
		t->plain &= sc->f[i].vararg != MARKER_VA_STR;
	}
	/* The offsets grow with the index: the wide fields are a prefix. */
	while (!IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) && t->plain &&
	       t->nr_wide < n &&
	       t->fields[t->nr_wide].offset + sizeof(u64) <= t->size)
		t->nr_wide++;

	/* Measure the texts, then make room for them and the format. */
	marker_event_texts(t, fmt, sc->word_at, sc->conv_at, &pf, &txt);
	fmt_len = strlen(fmt) + 1;
	grown = krealloc(t, struct_size(t, fields, n) + pf.len + txt.len +
			 fmt_len, GFP_KERNEL);
	if (!grown) {
		kfree(t);
		t = ERR_PTR(-ENOMEM);
		goto out;
	}
	t = grown;
	pf.p = (char *)&t->fields[n];
	pf.size = pf.len;
	txt.p = pf.p + pf.size;
	txt.size = txt.len;
	pf.len = 0;
	txt.len = 0;
	marker_event_texts(t, fmt, sc->word_at, sc->conv_at, &pf, &txt);
	t->print_fmt = pf.p;
	t->text = txt.p;
	t->format = memcpy(txt.p + txt.size, fmt, fmt_len);
out:
	kfree(sc);
	return t;
}
EXPORT_SYMBOL_IF_KUNIT(marker_event_parse);

/**
 * marker_event_fields_free - free a table of marker_event_parse()
 * @t: the table, or an ERR_PTR() or NULL
 */
VISIBLE_IF_KUNIT void marker_event_fields_free(struct marker_event_fields *t)
{
	if (!IS_ERR(t))
		kfree(t);
}
EXPORT_SYMBOL_IF_KUNIT(marker_event_fields_free);

/*
 * The hot path: the arguments come in their u64 slots, so the strings are
 * measured, then every field is written into the reserved record: no
 * formatting, no allocation.  Inlined into the two probes: under QEMU TCG
 * every call and return is a lookup.
 */
static __always_inline unsigned int
marker_event_size(const struct marker_event_fields *t, const u64 *args,
		  u16 *lens)
{
	unsigned int i, size = t->size;
	const char *s;

	if (!t->has_str)
		return size;
	for (i = 0; i < t->nr; i++) {
		if (t->fields[i].vararg != MARKER_VA_STR || t->fields[i].fixed)
			continue;
		s = (const char *)(unsigned long)args[i];
		lens[i] = strnlen(s ? s : "(null)", MARKER_EVENT_STR_MAX - 1) + 1;
		size += lens[i];
	}
	return size;
}

/*
 * A slot holds its argument converted from the argument's own type; the
 * field keeps the bits of the conversion's type, which is what the casts
 * to the field's size take.
 */
static __always_inline void marker_event_store(void *dst, u8 size, u64 v)
{
	/* Tests, not a switch: no jump table on the hot path. */
	if (size == sizeof(u64))
		*(u64 *)dst = v;
	else if (size == sizeof(u32))
		*(u32 *)dst = v;
	else if (size == sizeof(u16))
		*(u16 *)dst = v;
	else
		*(u8 *)dst = v;
}

static __always_inline void
marker_event_fill(const struct marker_event_fields *t, void *rec,
		  const u64 *args, const u16 *lens)
{
	unsigned int i, data = t->size;
	const char *s;

	for (i = 0; i < t->nr; i++) {
		const struct marker_field *f = &t->fields[i];
		void *dst = rec + f->offset;
		u64 v = args[i];

		if (f->fixed) {
			s = (const char *)(unsigned long)v;
			strscpy_pad(dst, s ? s : "(null)", f->size);
			continue;
		}
		if (f->vararg == MARKER_VA_STR) {
			s = (const char *)(unsigned long)v;
			memcpy(rec + data, s ? s : "(null)", lens[i] - 1);
			((char *)rec)[data + lens[i] - 1] = '\0';
			*(u32 *)dst = (u32)lens[i] << 16 | data;
			data += lens[i];
			continue;
		}
		marker_event_store(dst, f->size, v);
	}
}

/*
 * marker_event_fill() of a @plain table.  The leading @nr_wide fields take
 * their whole slot, in field order, with one store and no test of their
 * size: under QEMU TCG each branch ends a translation block, and the size
 * tests of two fields cost as much as the rest of the probe.
 */
static __always_inline void
marker_event_fill_plain(const struct marker_event_fields *t, void *rec,
			const u64 *args)
{
	const struct marker_field *f = t->fields;
	const struct marker_field *wide = f + t->nr_wide, *end = f + t->nr;

	for (; f < wide; f++, args++)
		put_unaligned(*args, (u64 *)(rec + f->offset));
	for (; f < end; f++, args++)
		marker_event_store(rec + f->offset, f->size, *args);
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * marker_event_fill_test - write a record as the probes do, for KUnit
 * @t: the event's field table
 * @rec: the record, at least @t->size bytes (plus the strings' lengths)
 * @args: the argument slots, one per field
 *
 * What the ring buffer and perf probes write for @args, with their choice
 * of the plain or the general path.
 */
void marker_event_fill_test(const struct marker_event_fields *t, void *rec,
			    const u64 *args)
{
	u16 lens[MARKER_EVENT_FIELDS_MAX];

	if (t->plain) {
		marker_event_fill_plain(t, rec, args);
		return;
	}
	marker_event_size(t, args, lens);
	marker_event_fill(t, rec, args, lens);
}
EXPORT_SYMBOL_IF_KUNIT(marker_event_fill_test);
#endif

static struct marker_event *marker_event_of(struct trace_event_call *call)
{
	return container_of(call, struct marker_event, call);
}

/* marker_event_probe() of an event with strings: their lengths first. */
static noinline void marker_event_record_str(struct trace_event_file *file,
					     const struct marker_event_fields *t,
					     const u64 *args)
{
	/* As in marker_event_probe(): reserve() writes it all. */
	struct trace_event_buffer fbuffer __uninitialized;
	/* Written for the strings, read for them only. */
	u16 lens[MARKER_EVENT_FIELDS_MAX] __uninitialized;
	void *rec;

	rec = trace_event_buffer_reserve(&fbuffer, file,
					 marker_event_size(t, args, lens));
	if (!rec)
		return;
	marker_event_fill(t, rec, args, lens);
	trace_event_buffer_commit(&fbuffer);
}

/*
 * Enabled in a trace instance: @probe_private is its trace_event_file.  An
 * event without strings, the common kind, is written here with one store
 * per field, keeping as few registers across the ring buffer's calls as a
 * TRACE_EVENT()'s probe does.
 *
 * @fbuffer is not zeroed on entry (CONFIG_INIT_STACK_ALL_ZERO would, with
 * a rep stos on every hit): trace_event_buffer_reserve() writes each of
 * its fields before returning a record, and nothing reads it otherwise.
 */
void marker_event_probe(void *probe_private, void *call_private,
			const char *fmt, const u64 *args)
{
	struct trace_event_file *file = probe_private;
	const struct marker_event_fields *t;
	struct trace_event_buffer fbuffer __uninitialized;
	void *rec;

	if (trace_trigger_soft_disabled(file))
		return;
	t = marker_event_of(file->event_call)->table;
	if (unlikely(!t->plain)) {
		marker_event_record_str(file, t, args);
		return;
	}
	rec = trace_event_buffer_reserve(&fbuffer, file, t->size);
	if (!rec)
		return;
	marker_event_fill_plain(t, rec, args);
	trace_event_buffer_commit(&fbuffer);
}

/**
 * marker_event_instance - the trace instance a "trace" probe records in
 * @probe_private: the private data marker_event_probe() is connected with
 *
 * Return: the instance's name, or NULL for the top instance.
 */
const char *marker_event_instance(const void *probe_private)
{
	const struct trace_event_file *file = probe_private;

	return file->tr->name;
}

/**
 * marker_event_top_set - enable or disable @name's event in the top instance
 * @name: a marker name
 * @on: enable
 *
 * What "echo 1 > /sys/kernel/tracing/events/markers/@name/enable" does
 * (or 0): the built-in probe "trace" is that switch, not a second one.
 *
 * Context: process context; takes event_mutex.
 * Return: 0, or the trace core's error (-EINVAL when there is no such
 * event).
 */
int marker_event_top_set(const char *name, bool on)
{
	might_sleep();
	return trace_set_clr_event("markers", name, on);
}

/**
 * marker_event_top_is_set - whether the top instance records @name's event
 * @name: a marker name
 *
 * Context: process context; takes event_mutex.
 * Return: true when the event's enable file in the top instance reads 1
 * (enabled by the user, not only soft-enabled by a trigger).
 */
bool marker_event_top_is_set(const char *name)
{
	struct trace_event_file *file;
	bool on;

	mutex_lock(&event_mutex);
	file = __find_event_file(top_trace_array(), "markers", name);
	on = file && (file->flags & EVENT_FILE_FL_ENABLED) &&
	     !(file->flags & EVENT_FILE_FL_SOFT_DISABLED);
	mutex_unlock(&event_mutex);
	return on;
}

#ifdef CONFIG_PERF_EVENTS
/* Open in perf: @probe_private is the event. */
static void marker_event_perf_probe(void *probe_private, void *call_private,
				    const char *fmt, const u64 *args)
{
	struct marker_event *ev = probe_private;
	/* Written for the strings, read for them only. */
	u16 lens[MARKER_EVENT_FIELDS_MAX] __uninitialized;
	struct hlist_head *head;
	struct pt_regs *regs;
	int size, rctx;
	void *rec;

	head = this_cpu_ptr(ev->call.perf_events);
	/* A BPF program attached through perf runs without a perf reader. */
	if (hlist_empty(head) && !bpf_prog_array_valid(&ev->call))
		return;
	/* perf wants the raw size plus its u32 header to be u64-aligned. */
	size = ALIGN(marker_event_size(ev->table, args, lens) + sizeof(u32),
		     sizeof(u64)) - sizeof(u32);
	rec = perf_trace_buf_alloc(size, &regs, &rctx);
	if (!rec)
		return;
	if (ev->table->plain)
		marker_event_fill_plain(ev->table, rec, args);
	else
		marker_event_fill(ev->table, rec, args, lens);
	perf_fetch_caller_regs(regs);
	/* Runs the event's BPF programs, then hands the record to perf. */
	perf_trace_run_bpf_submit(rec, size, rctx, &ev->call, 1, regs, head,
				  NULL);
}
#endif

/*
 * Connect @probe with @data and, for the first user, take the event's arm.
 * event_mutex held (the trace core's reg() path).
 */
static int marker_event_get(struct marker_event *ev,
			    marker_fast_probe_func *probe, void *data)
{
	int ret;

	lockdep_assert_held(&event_mutex);
	ret = marker_fast_probe_register(ev->name, ev->table->format, probe,
					 data);
	if (ret)
		return ret;
	if (!ev->users) {
		ret = marker_hold(ev->name, MARKER_HOLD_EVENT, true);
		if (ret) {
			marker_fast_probe_unregister(ev->name, probe, data);
			return ret;
		}
	}
	ev->users++;
	return 0;
}

static int marker_event_put(struct marker_event *ev,
			    marker_fast_probe_func *probe, void *data)
{
	int ret;

	lockdep_assert_held(&event_mutex);
	ret = marker_fast_probe_unregister(ev->name, probe, data);
	if (ret)
		return ret;
	if (!--ev->users)
		marker_hold(ev->name, MARKER_HOLD_EVENT, false);
	/* The trace core frees what the probe used after its own sync. */
	return 0;
}

static void marker_event_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(marker_event_reap_work, marker_event_reap);

static int marker_event_reg(struct trace_event_call *call, enum trace_reg type,
			    void *data)
{
	struct marker_event *ev = marker_event_of(call);
	int ret = 0;

	switch (type) {
	case TRACE_REG_REGISTER:
		return marker_event_get(ev, marker_event_probe, data);
	case TRACE_REG_UNREGISTER:
		ret = marker_event_put(ev, marker_event_probe, data);
		break;
#ifdef CONFIG_PERF_EVENTS
	case TRACE_REG_PERF_REGISTER:
		return marker_event_get(ev, marker_event_perf_probe, ev);
	case TRACE_REG_PERF_UNREGISTER:
		ret = marker_event_put(ev, marker_event_perf_probe, ev);
		break;
	case TRACE_REG_PERF_OPEN:
	case TRACE_REG_PERF_CLOSE:
	case TRACE_REG_PERF_ADD:
	case TRACE_REG_PERF_DEL:
		return 0;
#endif
	}
	/* An event kept only because it was in use may go now. */
	if (!ev->users && ev->stale)
		mod_delayed_work(system_wq, &marker_event_reap_work, 0);
	return ret;
}

static int marker_event_define_fields(struct trace_event_call *call)
{
	const struct marker_event_fields *t = marker_event_of(call)->table;
	unsigned int i;
	int ret;

	for (i = 0; i < t->nr; i++) {
		const struct marker_field *f = &t->fields[i];

		/* A char array has a length: the format says char comm[16]. */
		ret = trace_define_field_ext(call, marker_field_type(t, f),
					     f->name, f->offset, f->size,
					     f->is_signed, FILTER_OTHER,
					     f->fixed ? f->size : 0, 0);
		if (ret)
			return ret;
	}
	return 0;
}

static struct trace_event_fields marker_event_fields_array[] = {
	{ .type = TRACE_FUNCTION_TYPE,
	  .define_fields = marker_event_define_fields },
	{}
};

static struct list_head *marker_event_get_fields(struct trace_event_call *call)
{
	return &marker_event_of(call)->fields;
}

static struct trace_event_class marker_event_class = {
	.system = "markers",
	.reg = marker_event_reg,
	.fields_array = marker_event_fields_array,
	.get_fields = marker_event_get_fields,
	.fields = LIST_HEAD_INIT(marker_event_class.fields),
};

/* The tracefs output: the print format, rendered here. */
static enum print_line_t marker_event_print(struct trace_iterator *iter,
					    int flags, struct trace_event *event)
{
	struct marker_event *ev = container_of(event, struct marker_event,
					       call.event);
	const struct marker_event_fields *t = ev->table;
	const void *rec = iter->ent;
	struct trace_seq *s = &iter->seq;
	unsigned int i;
	u32 loc;
	s64 v;

	trace_seq_printf(s, "%s: ", ev->name);
	for (i = 0; i < t->nr; i++) {
		const struct marker_field *f = &t->fields[i];
		const char *pfmt = t->text + f->print;
		const void *src = rec + f->offset;

		if (f->fixed) {
			/* NUL-terminated when written (strscpy_pad()) */
			trace_seq_printf(s, pfmt, (const char *)src);
			continue;
		}
		switch (f->size) {
		case 1:
			v = f->is_signed ? *(s8 *)src : *(u8 *)src;
			break;
		case 2:
			v = f->is_signed ? *(s16 *)src : *(u16 *)src;
			break;
		case 4:
			v = f->is_signed ? *(s32 *)src : *(u32 *)src;
			break;
		default:
			v = *(s64 *)src;
			break;
		}
		if (f->vararg == MARKER_VA_STR) {
			loc = *(u32 *)src;
			trace_seq_printf(s, pfmt, (const char *)rec +
					 (loc & 0xffff));
		} else if (f->vararg == MARKER_VA_PTR) {
			/* %p follows the instance's hash-ptr option */
			trace_event_printf(iter, pfmt, (void *)(unsigned long)v);
		} else if (f->conv == 'c') {
			trace_seq_printf(s, pfmt, (int)v);
		} else {
			trace_seq_printf(s, pfmt, v);
		}
	}
	trace_seq_printf(s, t->text + t->tail);
	trace_seq_putc(s, '\n');
	return trace_handle_return(s);
}

static struct trace_event_functions marker_event_funcs = {
	.trace = marker_event_print,
};

static struct marker_event *marker_event_find(const char *name)
{
	u32 hash = marker_name_hash(name);
	struct marker_event *ev;

	lockdep_assert_held(&event_mutex);
	hash_for_each_possible(marker_event_table, ev, hnode, hash)
		if (ev->hash == hash && !strcmp(ev->name, name))
			return ev;
	return NULL;
}

/*
 * Field tables by format: the events of markers with one format share one
 * table, as the events of one TRACE_EVENT() class share their fields'
 * description.  A table does not change once made.
 */
#define MARKER_TABLE_HASH_BITS	8
static DEFINE_HASHTABLE(marker_tables, MARKER_TABLE_HASH_BITS);

static struct marker_event_fields *marker_event_table_get(const char *format)
{
	u32 hash = marker_name_hash(format);
	struct marker_event_fields *t;

	lockdep_assert_held(&event_mutex);
	hash_for_each_possible(marker_tables, t, hnode, hash) {
		if (t->hash == hash && !strcmp(t->format, format)) {
			t->refs++;
			return t;
		}
	}
	t = marker_event_parse(format);
	if (IS_ERR(t))
		return t;
	t->hash = hash;
	t->refs = 1;
	hash_add(marker_tables, &t->hnode, hash);
	return t;
}

static void marker_event_table_put(struct marker_event_fields *t)
{
	lockdep_assert_held(&event_mutex);
	if (IS_ERR_OR_NULL(t) || --t->refs)
		return;
	hash_del(&t->hnode);
	marker_event_fields_free(t);
}

static void marker_event_free(struct marker_event *ev)
{
	marker_event_table_put(ev->table);
	kfree(ev->name);
	kmem_cache_free(marker_event_cachep, ev);
}

/* Create and add the event of @name with @format.  event_mutex held. */
static void marker_event_create(const char *name, const char *format)
{
	struct marker_event *ev;
	int ret;

	lockdep_assert_held(&event_mutex);
	ev = kmem_cache_zalloc(marker_event_cachep, GFP_KERNEL);
	if (!ev)
		goto nomem;
	ev->name = kstrdup(name, GFP_KERNEL);
	if (!ev->name)
		goto nomem;
	ev->table = marker_event_table_get(format);
	if (IS_ERR(ev->table)) {
		ret = PTR_ERR(ev->table);
		if (ret == -EINVAL)
			pr_info("%s: format \"%s\" has no trace event (see Documentation/trace/markers.rst)\n",
				name, format);
		else
			pr_warn("%s: no trace event: %d\n", name, ret);
		marker_event_free(ev);
		return;
	}

	INIT_LIST_HEAD(&ev->fields);
	ev->call.class = &marker_event_class;
	/*
	 * A tracepoint event to perf and BPF (PERF_EVENT_IOC_SET_BPF takes
	 * only those), named by a tracepoint of its own that no site uses:
	 * the probes are on the name's tracepoint.  Dynamic: whoever takes a
	 * reference (perf, an eprobe, a hist trigger's action) holds the
	 * event, not a module.
	 */
	ev->tp.name = ev->name;
	ev->call.tp = &ev->tp;
	ev->call.flags = TRACE_EVENT_FL_TRACEPOINT | TRACE_EVENT_FL_DYNAMIC;
	ev->call.event.funcs = &marker_event_funcs;
	ev->call.print_fmt = ev->table->print_fmt;

	if (!register_trace_event(&ev->call.event)) {
		pr_warn("%s: no trace event type left\n", name);
		marker_event_free(ev);
		return;
	}
	ret = trace_add_event_call(&ev->call);
	if (ret) {
		pr_warn("%s: cannot add its trace event: %d\n", name, ret);
		unregister_trace_event(&ev->call.event);
		marker_event_free(ev);
		return;
	}
	ev->hash = marker_name_hash(ev->name);
	hash_add(marker_event_table, &ev->hnode, ev->hash);
	return;
nomem:
	pr_warn("%s: no memory for its trace event\n", name);
	if (ev)
		marker_event_free(ev);
}

/*
 * Remove @ev unless it is in use: enabled in an instance, open in perf
 * (ev->users), or referenced (an eprobe, a hist action, perf) through
 * trace_event_try_get_ref().  event_mutex held.
 */
static int marker_event_remove(struct marker_event *ev)
{
	int ret;

	lockdep_assert_held(&event_mutex);
	if (ev->users || trace_event_dyn_busy(&ev->call))
		return -EBUSY;
	ret = trace_remove_event_call(&ev->call);
	if (ret)
		return ret;
	hash_del(&ev->hnode);
	marker_event_free(ev);
	/*
	 * Its type id is free for the next event: clear the buffers of the
	 * instances that had it enabled (the trace core marked them), or
	 * their old records would be read with another event's fields.
	 */
	tracing_reset_all_online_cpus();
	return 0;
}

struct marker_event_want {
	bool loaded;
	char *format;
};

static int marker_event_wanted(const struct marker_info *info, void *data)
{
	struct marker_event_want *w = data;

	w->loaded = info->nr_instances && info->format;
	if (w->loaded)
		w->format = kstrdup(info->format, GFP_KERNEL);
	return w->loaded && !w->format ? -ENOMEM : 0;
}

/*
 * Bring the event of @name in line with the registry: present while code
 * defining the name is loaded, described by its format.  Return true when
 * a stale event (its code gone or its format changed) stays because it is
 * in use.  event_mutex held.
 */
static bool marker_event_sync(const char *marker_name)
{
	struct marker_event_want want = {};
	char name[MARKER_NAME_MAX + 1];
	struct marker_event *ev;
	bool stale = false;

	lockdep_assert_held(&event_mutex);
	/* @marker_name may be the name of the event removed below. */
	strscpy(name, marker_name);
	if (marker_query(name, marker_event_wanted, &want) == -ENOMEM) {
		/* Nothing known: leave the event as it is. */
		pr_warn("%s: no memory for its trace event\n", name);
		return false;
	}
	ev = marker_event_find(name);
	if (ev && (!want.loaded || strcmp(ev->table->format, want.format))) {
		if (marker_event_remove(ev) == 0)
			ev = NULL;
		else
			stale = true;
	}
	if (ev)
		ev->stale = stale;
	else if (want.loaded)
		marker_event_create(name, want.format);
	kfree(want.format);
	return stale;
}

/*
 * A stale event in use is removed by the reap work once unused.  Users
 * that go through reg() (an instance's enable, perf) queue it at once;
 * a reference dropped by an eprobe or a hist action tells nobody, so
 * while a stale event stays, the work looks again every second.
 */
#define MARKER_EVENT_REAP_DELAY	HZ

static int marker_event_name_changed(struct notifier_block *nb,
				     unsigned long val, void *data)
{
	if (val != MARKER_NAME_CHANGED)
		return NOTIFY_DONE;
	mutex_lock(&event_mutex);
	if (marker_event_sync(data))
		mod_delayed_work(system_wq, &marker_event_reap_work,
				 MARKER_EVENT_REAP_DELAY);
	mutex_unlock(&event_mutex);
	return NOTIFY_OK;
}

/*
 * Before the control trees' listener (priority 0): a control rule that
 * attaches "trace" to a name enables its event, which must exist by then.
 */
static struct notifier_block marker_event_nb = {
	.notifier_call = marker_event_name_changed,
	.priority = 1,
};

/* Events kept while in use whose code is gone: remove the unused ones. */
static void marker_event_reap(struct work_struct *work)
{
	struct marker_event *ev;
	struct hlist_node *tmp;
	bool stale = false;
	int bkt;

	mutex_lock(&event_mutex);
	hash_for_each_safe(marker_event_table, bkt, tmp, ev, hnode)
		if (ev->stale)
			stale |= marker_event_sync(ev->name);
	if (stale)
		schedule_delayed_work(&marker_event_reap_work,
				      MARKER_EVENT_REAP_DELAY);
	mutex_unlock(&event_mutex);
}

/*
 * One entry of trace_event=: "markers:<name>", "markers:*" or "markers:"
 * (the whole system), or an event without its system ("<name>", or
 * "markers" for the system).  Entries of other systems belong to the
 * tracing core; "!" entries disable, and nothing is enabled yet.
 */
static void __init marker_events_boot_entry(char *tok)
{
	char *ev = strchr(tok, ':');
	bool named = ev;
	int ret;

	if (!*tok || *tok == '!')
		return;
	if (ev) {
		*ev++ = '\0';
		if (strcmp(tok, "markers"))
			return;
		if (!*ev || !strcmp(ev, "*"))
			ev = NULL;
	} else {
		ev = strcmp(tok, "markers") ? tok : NULL;
	}
	ret = trace_set_clr_event("markers", ev, 1);
	if (!ret)
		pr_info("trace_event=: enabled markers:%s\n", ev ? ev : "*");
	else if (named)
		pr_warn("trace_event=: no event markers:%s in vmlinux: %d\n",
			ev ? ev : "*", ret);
}

static int __init marker_events_boot_param(char *param, char *val,
					   const char *doing, void *arg)
{
	char *tok;

	if (strcmp(param, "trace_event") || !val)
		return 0;
	while ((tok = strsep(&val, ",")))
		marker_events_boot_entry(tok);
	return 0;
}

static int __init marker_events_init(void)
{
	char *cmdline;
	int ret;

	marker_event_cachep = KMEM_CACHE(marker_event, 0);
	if (!marker_event_cachep)
		return -ENOMEM;
	/* Also called for the names loaded at boot. */
	ret = marker_register_name_notifier(&marker_event_nb);
	if (ret)
		return ret;
	/*
	 * trace_event= on the command line: the tracing core applies it at
	 * early boot, before these events exist (and says "Failed to enable
	 * trace event" for them), so its markers entries are applied here,
	 * to the top instance, with the vmlinux markers' events just made.
	 */
	cmdline = kstrdup(saved_command_line, GFP_KERNEL);
	if (!cmdline)
		return -ENOMEM;
	parse_args("markers events", cmdline, NULL, 0, 0, 0, NULL,
		   marker_events_boot_param);
	kfree(cmdline);
	return 0;
}
fs_initcall(marker_events_init);
