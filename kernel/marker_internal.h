/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel markers: what the registry (kernel/marker.c) offers the control
 * layer (kernel/marker_control.c), the trees (kernel/marker_debugfs.c) and
 * the built-in probes (kernel/marker_probes.c), and what those offer each
 * other.  Not an API for the rest of the kernel.
 */
#ifndef _KERNEL_MARKER_INTERNAL_H
#define _KERNEL_MARKER_INTERNAL_H

#include <linux/jhash.h>
#include <linux/marker.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>

struct seq_file;

/**
 * struct marker_info - a snapshot of one marker name, for the views
 * @name: the name
 * @format: the format of its instances, else of its first probe with a
 *	format, else NULL (not known yet)
 * @arms: arm references: marker_arm() calls outstanding plus one per
 *	holder (marker_hold())
 * @active: the instances' static branches are on (armed with a probe)
 * @nr_instances: loaded sites of the name
 * @nr_conflicts: sites whose format differs from @format (never armed)
 * @nr_probes: connected probes, including those with a mismatched format
 * @nr_called: connected probes the instances call (format agrees); the
 *	built-in counter counts as one
 * @instances: the first site; walk ->next.  Valid during the callback only.
 */
struct marker_info {
	const char *name;
	const char *format;
	unsigned int arms;
	bool active;
	unsigned int nr_instances;
	unsigned int nr_conflicts;
	unsigned int nr_probes;
	unsigned int nr_called;
	const struct marker *instances;
};

/*
 * The hash of a marker name (or format) in the registry's, the control
 * layer's and the trace events' tables; each entry keeps it, so that a
 * lookup compares names only on a full hash match.
 */
static inline u32 marker_name_hash(const char *name)
{
	return jhash(name, strlen(name), 0);
}

/* The bounds of vmlinux's __markers_ptrs section (linker script). */
extern struct marker * const __start___markers_ptrs[];
extern struct marker * const __stop___markers_ptrs[];

/*
 * Callbacks run with the registry mutex held: they may sleep and allocate
 * but must not call back into the registry.  A non-zero return stops the
 * walk and is returned.
 */
int marker_for_each(int (*fn)(const struct marker_info *info, void *data),
		    void *data);
int marker_query(const char *name,
		 int (*fn)(const struct marker_info *info, void *data),
		 void *data);

/**
 * struct marker_probe_info - one probe connected to a name, for the views
 * @func: the probe function (either probe type)
 * @probe_private: its private data
 * @conflict: its format differs from the marker's: it is not called
 * @hits: the built-in counter: its hits, summed over the CPUs
 */
struct marker_probe_info {
	const void *func;
	void *probe_private;
	bool conflict;
	u64 hits;
};

/*
 * The built-in counter, as marker_probe_register() sees it: connecting
 * this function makes the name's sites count into a per-CPU counter of the
 * registry themselves (marker.h); it is never called.  One per name.
 */
marker_probe_func marker_counter_probe;
int marker_counter_reset(const char *name);

/*
 * Users of the registry that hold one arm of their own per name, apart from
 * the count of marker_arm() (see marker_hold()).
 */
enum marker_holder {
	MARKER_HOLD_CONTROL,	/* the per-marker enable file */
	MARKER_HOLD_EVENT,	/* the trace event (tracefs, perf) */
	MARKER_NR_HOLDERS
};

int marker_hold(const char *name, enum marker_holder holder, bool on);

int marker_walk_probes(const char *name,
		       int (*fn)(const struct marker_probe_info *p, void *data),
		       void *data);
bool marker_name_valid(const char *name);

/*
 * Names appearing and disappearing.  The chain is called with the name
 * (event MARKER_NAME_CHANGED) after the registry changed the instances of
 * that name, outside the registry mutex; a listener brings its view in line
 * with marker_query().  Calls for one name may repeat.  Registering replays
 * the names loaded already.  After the MARKER_NAME_CHANGED of a site that
 * loaded, the chain is also called with the site itself (event
 * MARKER_SITE_LOADED, a struct marker *), for what applies to an instance
 * of a given module (control rules naming a module).
 */
#define MARKER_NAME_CHANGED	1
#define MARKER_SITE_LOADED	2
int marker_register_name_notifier(struct notifier_block *nb);

/* The built-in probes (kernel/marker_probes.c). */
enum {
	MARKER_BUILTIN_PRINTK,
	MARKER_BUILTIN_COUNTER,
	MARKER_BUILTIN_TRACE,
	MARKER_NR_BUILTINS
};

/**
 * struct marker_builtin - a probe the control interface attaches by name
 * @name: its name in the probes file
 * @probe: the probe function the control registers
 * @fast_probe: a fast probe it connects itself, or NULL
 * @attach: allocate its state for one marker name; ERR_PTR() on failure
 * @detach: free the state after an RCU grace period (the probe may still
 *	be running on another CPU); called once the probe is unregistered
 * @show: print its figures after its name (" hits=42"); @p is what the
 *	registry reports of the connection
 * @command: handle "<name> <command>" written to the probes file; NULL
 *	when the probe has none
 * @set: for a probe whose state lives elsewhere (the trace event's
 *	enable in the top trace instance): connect (@on) or disconnect it
 *	there; the control keeps no state and does not register @fast_probe
 *	itself, and @attach and @detach are not used
 * @is_set: with @set: whether it is connected there now
 */
/* marker_builtins[]: an entry left empty (no @name) is not built in. */
struct marker_builtin {
	const char *name;
	marker_probe_func *probe;
	marker_fast_probe_func *fast_probe;
	void *(*attach)(const char *marker_name);
	void (*detach)(void *state);
	void (*show)(struct seq_file *m, void *state,
		     const struct marker_probe_info *p);
	int (*command)(void *state, const char *cmd);
	int (*set)(const char *marker_name, bool on);
	bool (*is_set)(const char *marker_name);
};

extern const struct marker_builtin marker_builtins[MARKER_NR_BUILTINS];
int marker_builtin_find(const char *name);
const struct marker_builtin *marker_builtin_of(const void *func);

/*
 * The control layer (kernel/marker_control.c), which the trees' files
 * call.  @name and @gen are those of the file's directory: its name and
 * the generation given to marker_tree_mkdir().
 */
#define MARKER_CONTROL_MAX	4096	/* a control write: less than this */
int marker_control_enable(const char *name, unsigned long gen, bool on);
int marker_control_probes(const char *name, unsigned long gen, char *cmd);
int marker_control_query(const char *name, unsigned long gen,
			 int (*fn)(const struct marker_info *info, void *data),
			 void *data);
int marker_control_walk_probes(const char *name, unsigned long gen,
			       int (*fn)(const struct marker_probe_info *p,
					 void *data),
			       void *data);
int marker_control_run(char *text);
void marker_control_show_rules(struct seq_file *m);
void marker_control_trees_ready(void);

/*
 * The trees (kernel/marker_debugfs.c), called by the control layer with its
 * mutex held: a directory for a loaded name, whose files name generation
 * @gen; NULL when there is none (no tracefs, no memory: the name works
 * without it).  marker_tree_rmdir(NULL) does nothing.
 */
void *marker_tree_mkdir(const char *name, unsigned long gen);
void marker_tree_rmdir(void *dir);

/* A command of the control language (kernel/marker_control.c). */
enum marker_verb {
	MARKER_VERB_ENABLE,
	MARKER_VERB_DISABLE,
	MARKER_VERB_ATTACH,
	MARKER_VERB_DETACH,
};

/**
 * struct marker_cmd - one parsed control command
 * @verb: enum marker_verb
 * @probe: the built-in probe of attach and detach, else -1
 * @module: only markers with an instance in this module; "" for any
 * @glob: the names it applies to
 */
struct marker_cmd {
	u8 verb;
	s8 probe;
	char module[MODULE_NAME_LEN];
	char glob[MARKER_NAME_MAX + 1];
};

#if IS_ENABLED(CONFIG_KUNIT)
int marker_control_parse(char *buf, struct marker_cmd *cmds, int max);
#endif

/* Markers as trace events (kernel/trace/trace_markers.c). */
#define MARKER_EVENT_FIELDS_MAX	16
#define MARKER_FIELD_NAME_MAX	32

/* What a field's argument is (how its slot is read back). */
enum marker_vararg {
	MARKER_VA_INT,		/* int (also %c, %hd, %hhd) */
	MARKER_VA_LONG,		/* long (%ld, %zu, %td) */
	MARKER_VA_LLONG,	/* long long (%lld, %Lu, %jd) */
	MARKER_VA_PTR,		/* void * (%p, %pS) */
	MARKER_VA_STR,		/* const char * (%s), NULL as "(null)" */
};

/**
 * struct marker_field - one field of a marker's trace event
 * @name: the word before the conversion, or "arg<N>"
 * @offset: where it lies in the event, from the start of struct trace_entry
 * @size: its size in the event (a %s: the 32-bit __data_loc word)
 * @vararg: how to read it, enum marker_vararg
 * @conv: the conversion character
 * @is_signed: a signed integer
 * @spec_len: the length of the conversion after '%'
 * @fixed: a %s with a precision N (1 to MARKER_FIELD_FIXED_MAX): a char
 *	array of @size = N + 1 bytes in the record, like a TRACE_EVENT()'s
 *	__array(char, ...), rather than a __data_loc string
 * @print: offset in the table's @text of its tracefs output format: the
 *	text before it, "<name>=" and a conversion for the stored value
 * @type: with @fixed, offset in @text of its type ("char[16]")
 */
struct marker_field {
	char name[MARKER_FIELD_NAME_MAX];
	u16 offset;
	u8 size;
	u8 vararg;
	char conv;
	bool is_signed;
	u8 spec_len;
	bool fixed;
	u16 print;
	u16 type;
};

/* The longest precision of a %s that makes a fixed-size char array. */
#define MARKER_FIELD_FIXED_MAX	127

/**
 * struct marker_event_fields - the field table of a marker format
 * @print_fmt: the event's print format (the format file's "print fmt")
 * @text: the tracefs output formats of the fields, then @tail
 * @format: the marker format the table was made from
 *	(@print_fmt, @text and @format follow @fields in the allocation)
 * @hnode: the trace events share one table per format: in their table
 * @hash: the hash of @format
 * @refs: the events sharing it
 * @tail: offset in @text of what follows the last field ("%%" escaped)
 * @size: the size of the event without its strings, header included
 * @has_str: a field is a string (%s): the event's size varies
 * @plain: no field is a string, of either kind: one store per field
 * @nr_wide: of a @plain table on a little-endian kernel, the leading
 *	fields whose slot may be stored whole, as 8 bytes: the field is its
 *	low bytes, the rest lands on later fields (stored after it) or on
 *	padding, and nothing lands past @size
 * @nr: the number of fields
 * @fields: the fields, in argument order
 */
struct marker_event_fields {
	char *print_fmt;
	const char *text;
	const char *format;
	struct hlist_node hnode;
	u32 hash;
	unsigned int refs;
	u16 tail;
	unsigned int size;
	bool has_str;
	bool plain;
	u16 nr_wide;
	unsigned int nr;
	struct marker_field fields[] __counted_by(nr);
};

#if IS_ENABLED(CONFIG_MARKERS_TRACE_EVENTS)
marker_fast_probe_func marker_event_probe;
int marker_event_top_set(const char *name, bool on);
bool marker_event_top_is_set(const char *name);
const char *marker_event_instance(const void *probe_private);
#if IS_ENABLED(CONFIG_KUNIT)
struct marker_event_fields *marker_event_parse(const char *fmt);
void marker_event_fields_free(struct marker_event_fields *t);
void marker_event_fill_test(const struct marker_event_fields *t, void *rec,
			    const u64 *args);
const char *marker_field_type(const struct marker_event_fields *t,
			      const struct marker_field *f);
#endif
#endif

#if IS_ENABLED(CONFIG_KUNIT)
extern unsigned long marker_entry_updates;
/* What the module notifier does, for sites that are in no section. */
int marker_load_sites(struct marker * const *begin,
		      struct marker * const *end);
void marker_unload_sites(struct marker * const *begin,
			 struct marker * const *end, struct module *mod);
#endif

#endif /* _KERNEL_MARKER_INTERNAL_H */
