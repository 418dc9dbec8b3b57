// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: the control layer.  What the interface holds for each
 * marker name (its arm, its built-in probes), the control language and
 * its rules, and markers.control= at boot.  The trees
 * (kernel/marker_debugfs.c) are file operations over the calls below: a
 * write to <name>/enable is one call of marker_control_enable(), a write
 * to the control file or markers.control= one of marker_control_run().
 *
 * What the interface holds for a name is kept in a struct marker_ctl that
 * outlives the name's directory: an "echo 1 > enable" stays in force
 * across an unload and reload of the module defining the name.  Each time
 * the name loads, its marker_ctl takes a new generation, which the trees
 * give the files of the directory they make for it; a file of an older
 * directory (its module went away, possibly to come back) names an older
 * generation and answers -ENODEV.  The files keep no pointer to a
 * marker_ctl.
 *
 * Locking
 * -------
 * marker_ctl_mutex guards the marker_ctl table, every marker_ctl, the
 * generations and the rules.  It is taken before the registry's mutex
 * (file operations and commands call the registry with it held) and
 * before eventfs' own lock (directories are made and removed under it);
 * the trees' lookup callbacks take neither.  The registry calls the name
 * notifier outside its mutex, so marker_ctl_sync() asks the registry
 * whether a name is loaded with marker_ctl_mutex held and changes the
 * marker_ctl under the same hold: two notifications of one name cannot
 * leave it out of line with the registry.
 */

#define pr_fmt(fmt) "markers: " fmt

#include <kunit/visibility.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/glob.h>
#include <linux/hashtable.h>
#include <linux/init.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "marker_internal.h"

#define MARKER_CTL_HASH_BITS	9

/**
 * struct marker_ctl - what the control interface holds for one name
 * @hlist: in marker_ctl_table
 * @dir: its directory in the trees (marker_tree_mkdir()), NULL if none
 * @gen: the generation of its current load; 0 while not loaded
 * @hash: marker_name_hash(@name)
 * @loaded: code defining the name is loaded
 * @armed: the interface holds one arm (marker_hold())
 * @undo: marker_cmd_run(): changed by the command being run
 * @auto_printk: printk was attached by "echo 1 > enable"
 * @state: the attached built-in probes' states
 * @name: the name
 */
struct marker_ctl {
	struct hlist_node hlist;
	void *dir;
	unsigned long gen;
	u32 hash;
	bool loaded;
	bool armed;
	bool undo;
	bool auto_printk;
	void *state[MARKER_NR_BUILTINS];
	char name[];
};

static DEFINE_MUTEX(marker_ctl_mutex);
static DEFINE_HASHTABLE(marker_ctl_table, MARKER_CTL_HASH_BITS);
static LIST_HEAD(marker_rules);
static unsigned long marker_ctl_gen;	/* the last generation given */
static bool marker_trees_ready;		/* marker_control_trees_ready() ran */

static struct marker_ctl *marker_ctl_find(const char *name)
{
	u32 hash = marker_name_hash(name);
	struct marker_ctl *ctl;

	lockdep_assert_held(&marker_ctl_mutex);
	hash_for_each_possible(marker_ctl_table, ctl, hlist, hash)
		if (ctl->hash == hash && !strcmp(ctl->name, name))
			return ctl;
	return NULL;
}

/*
 * The marker_ctl of a file of the trees: @name loaded, in the load of
 * generation @gen.  NULL once that load is gone.
 */
static struct marker_ctl *marker_ctl_of(const char *name, unsigned long gen)
{
	struct marker_ctl *ctl = marker_ctl_find(name);

	return ctl && ctl->loaded && ctl->gen == gen ? ctl : NULL;
}

static bool marker_ctl_holds(const struct marker_ctl *ctl)
{
	int i;

	if (ctl->loaded || ctl->armed)
		return true;
	for (i = 0; i < MARKER_NR_BUILTINS; i++)
		if (ctl->state[i])
			return true;
	return false;
}

/*
 * Whether built-in probe @id is attached to the name: its state here, or
 * for "trace" the event's enable in the top instance, which the user may
 * also change in tracefs.
 */
static bool marker_ctl_attached(const struct marker_ctl *ctl, int id)
{
	const struct marker_builtin *b = &marker_builtins[id];

	return b->is_set ? b->is_set(ctl->name) : !!ctl->state[id];
}

/* Attach built-in probe @id to the name. */
static int marker_ctl_attach(struct marker_ctl *ctl, int id)
{
	const struct marker_builtin *b = &marker_builtins[id];
	void *st;
	int ret;

	lockdep_assert_held(&marker_ctl_mutex);
	if (b->set)
		return b->set(ctl->name, true);
	if (ctl->state[id])
		return 0;
	st = b->attach(ctl->name);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = marker_probe_register(ctl->name, NULL, b->probe, st);
	if (ret) {
		b->detach(st);
		return ret;
	}
	ctl->state[id] = st;
	return 0;
}

/* Detach built-in probe @id. */
static int marker_ctl_detach(struct marker_ctl *ctl, int id)
{
	const struct marker_builtin *b = &marker_builtins[id];
	void *st = ctl->state[id];

	lockdep_assert_held(&marker_ctl_mutex);
	if (b->set)
		return b->is_set(ctl->name) ? b->set(ctl->name, false) :
					      -ENOENT;
	if (!st)
		return -ENOENT;
	marker_probe_unregister(ctl->name, b->probe, st);
	b->detach(st);
	ctl->state[id] = NULL;
	if (id == MARKER_BUILTIN_PRINTK)
		ctl->auto_printk = false;
	return 0;
}

static int marker_count_called(const struct marker_info *info, void *data)
{
	*(unsigned int *)data = info->nr_called;
	return 0;
}

/*
 * "echo 1 > enable": take the interface's own arm (marker_hold()), which
 * kernel code's marker_disarm() cannot drop.  "No probe connected" means
 * none the marker would call: probes whose format disagrees are never
 * called, so with only those the printk probe is attached too.
 */
static int marker_ctl_enable(struct marker_ctl *ctl)
{
	unsigned int nr_called = 0;
	bool attached = false;
	int ret;

	lockdep_assert_held(&marker_ctl_mutex);
	if (ctl->armed)
		return 0;
	marker_query(ctl->name, marker_count_called, &nr_called);
	if (!nr_called) {
		ret = marker_ctl_attach(ctl, MARKER_BUILTIN_PRINTK);
		if (ret)
			return ret;
		attached = true;
	}
	ret = marker_hold(ctl->name, MARKER_HOLD_CONTROL, true);
	if (ret) {
		if (attached)
			marker_ctl_detach(ctl, MARKER_BUILTIN_PRINTK);
		return ret;
	}
	ctl->armed = true;
	ctl->auto_printk = attached;
	return 0;
}

/* "echo 0 > enable". */
static int marker_ctl_disable(struct marker_ctl *ctl)
{
	int ret;

	lockdep_assert_held(&marker_ctl_mutex);
	if (!ctl->armed)
		return 0;
	ret = marker_hold(ctl->name, MARKER_HOLD_CONTROL, false);
	if (ret)
		return ret;
	ctl->armed = false;
	if (ctl->auto_printk)
		marker_ctl_detach(ctl, MARKER_BUILTIN_PRINTK);
	return 0;
}

/* "<probe>", "!<probe>" or "<probe> <command>". */
static int marker_probes_cmd(struct marker_ctl *ctl, char *cmd)
{
	bool detach = cmd[0] == '!';
	char *arg;
	int id;

	lockdep_assert_held(&marker_ctl_mutex);
	arg = strchr(cmd, ' ');
	if (arg)
		*arg++ = '\0';
	id = marker_builtin_find(detach ? cmd + 1 : cmd);
	if (id < 0)
		return id;
	if (arg) {
		if (detach || !marker_builtins[id].command)
			return -EINVAL;
		if (!ctl->state[id])
			return -ENOENT;
		return marker_builtins[id].command(ctl->state[id], arg);
	}
	if (detach)
		return marker_ctl_detach(ctl, id);
	return marker_ctl_attach(ctl, id);
}

/**
 * marker_control_enable - "echo 1 > enable" and "echo 0 > enable"
 * @name: the name of the file's directory
 * @gen: the generation the trees gave the directory
 * @on: take (true) or drop the interface's arm
 *
 * Return: 0, also when nothing changed; -ENODEV when that load of the
 * name is gone; an errno of the registry.
 */
int marker_control_enable(const char *name, unsigned long gen, bool on)
{
	struct marker_ctl *ctl;
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(name, gen);
	if (!ctl)
		ret = -ENODEV;
	else
		ret = on ? marker_ctl_enable(ctl) : marker_ctl_disable(ctl);
	mutex_unlock(&marker_ctl_mutex);
	return ret;
}

/**
 * marker_control_probes - a write to <name>/probes
 * @name: the name of the file's directory
 * @gen: the generation the trees gave the directory
 * @cmd: "<probe>", "!<probe>" or "<probe> <command>"; modified
 *
 * Return: 0 or a negative errno: -ENODEV when that load of the name is
 * gone, -EINVAL for an unknown probe or a command it does not take,
 * -ENOENT for detaching (or commanding) a probe not attached.
 */
int marker_control_probes(const char *name, unsigned long gen, char *cmd)
{
	struct marker_ctl *ctl;
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(name, gen);
	ret = ctl ? marker_probes_cmd(ctl, cmd) : -ENODEV;
	mutex_unlock(&marker_ctl_mutex);
	return ret;
}

/**
 * marker_control_query - marker_query() for a file of the trees
 * @name: the name of the file's directory
 * @gen: the generation the trees gave the directory
 * @fn: called with the registry's snapshot of the name
 * @data: passed to @fn
 *
 * Return: what @fn returned, or -ENODEV when that load of the name is
 * gone.
 */
int marker_control_query(const char *name, unsigned long gen,
			 int (*fn)(const struct marker_info *info, void *data),
			 void *data)
{
	int ret = -ENODEV;

	mutex_lock(&marker_ctl_mutex);
	if (marker_ctl_of(name, gen))
		ret = marker_query(name, fn, data);
	mutex_unlock(&marker_ctl_mutex);
	return ret == -ENOENT ? -ENODEV : ret;
}

/**
 * marker_control_walk_probes - marker_walk_probes() for a file of the trees
 * @name: the name of the file's directory
 * @gen: the generation the trees gave the directory
 * @fn: called for each connected probe
 * @data: passed to @fn
 *
 * Return: what @fn returned, or -ENODEV when that load of the name is
 * gone.
 */
int marker_control_walk_probes(const char *name, unsigned long gen,
			       int (*fn)(const struct marker_probe_info *p,
					 void *data),
			       void *data)
{
	int ret = -ENODEV;

	mutex_lock(&marker_ctl_mutex);
	if (marker_ctl_of(name, gen))
		ret = marker_walk_probes(name, fn, data);
	mutex_unlock(&marker_ctl_mutex);
	return ret == -ENOENT ? -ENODEV : ret;
}

static int marker_is_loaded(const struct marker_info *info, void *data)
{
	*(bool *)data = info->nr_instances > 0;
	return 0;
}

/*
 * The control language.  A write to the control file, or markers.control=,
 * is one or more commands, separated by ';' or newlines:
 *
 *   enable <glob> [module:<mod>]          as "echo 1 > <name>/enable"
 *   disable <glob> [module:<mod>]         as "echo 0 > <name>/enable"
 *   attach <probe> <glob> [module:<mod>]  as "echo <probe> > <name>/probes"
 *   detach <probe> <glob> [module:<mod>]  as "echo !<probe> > <name>/probes"
 *
 * Each command applies to every loaded marker whose name matches @glob ('*'
 * and '?') and, with module:, that has an instance in that module
 * ("vmlinux" for the core kernel).  enable and attach also stay as rules,
 * applied again to each matching marker that loads later, until disable or
 * detach with the same glob and module removes them.
 */
#define MARKER_CONTROL_CMDS	64
#define MARKER_RULES_MAX	256

struct marker_rule {
	struct list_head list;
	struct marker_cmd cmd;
};

static const char * const marker_verbs[] = {
	[MARKER_VERB_ENABLE] = "enable",
	[MARKER_VERB_DISABLE] = "disable",
	[MARKER_VERB_ATTACH] = "attach",
	[MARKER_VERB_DETACH] = "detach",
};

/* Characters of a glob over marker names, and of a module name. */
static bool marker_glob_char(char c)
{
	return isalnum(c) || c == '_' || c == '*' || c == '?';
}

static bool marker_module_char(char c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* One command, its words separated by spaces or tabs. */
static int marker_parse_one(char *s, struct marker_cmd *cmd)
{
	char *words[4], *w;
	int n = 0, i;
	size_t len;

	while ((w = strsep(&s, " \t"))) {
		if (!*w)
			continue;
		if (n == ARRAY_SIZE(words))
			return -EINVAL;
		words[n++] = w;
	}
	memset(cmd, 0, sizeof(*cmd));
	cmd->probe = -1;
	i = match_string(marker_verbs, ARRAY_SIZE(marker_verbs), words[0]);
	if (i < 0)
		return -EINVAL;
	cmd->verb = i;
	i = 1;
	if (cmd->verb == MARKER_VERB_ATTACH || cmd->verb == MARKER_VERB_DETACH) {
		if (n < 2)
			return -EINVAL;
		cmd->probe = marker_builtin_find(words[i++]);
		if (cmd->probe < 0)
			return -EINVAL;
	}
	if (i >= n)
		return -EINVAL;
	w = words[i++];
	len = strlen(w);
	if (len > MARKER_NAME_MAX)
		return -ENAMETOOLONG;
	if (strstr(w, "**"))
		return -EINVAL;
	while (*w)
		if (!marker_glob_char(*w++))
			return -EINVAL;
	memcpy(cmd->glob, words[i - 1], len + 1);
	if (i < n) {
		w = words[i++];
		if (strncmp(w, "module:", 7))
			return -EINVAL;
		w += 7;
		len = strlen(w);
		if (!len)
			return -EINVAL;
		if (len >= sizeof(cmd->module))
			return -ENAMETOOLONG;
		for (len = 0; w[len]; len++) {
			if (!marker_module_char(w[len]))
				return -EINVAL;
			/* The kernel spells module names with '_'. */
			cmd->module[len] = w[len] == '-' ? '_' : w[len];
		}
	}
	return i < n ? -EINVAL : 0;
}

/**
 * marker_control_parse - split a control write into commands
 * @buf: the text, NUL-terminated; modified
 * @cmds: where the commands go
 * @max: room in @cmds
 *
 * Commands are separated by ';' or newlines; empty ones are skipped.  Only
 * printable ASCII, spaces, tabs and newlines are accepted.
 *
 * Return: the number of commands (at least one); -EINVAL for a malformed
 * command (unknown verb or probe, missing or extra words, a character a
 * glob or a module name cannot have, "**" in a glob), or for no command at
 * all; -ENAMETOOLONG for a glob longer than a marker name or a module name
 * longer than the kernel allows; -E2BIG for more than @max commands.
 */
VISIBLE_IF_KUNIT int marker_control_parse(char *buf, struct marker_cmd *cmds,
					  int max)
{
	char *c, *p;
	int n = 0, ret;

	for (p = buf; *p; p++)
		if ((*p < 0x20 || *p > 0x7e) && *p != '\n' && *p != '\t')
			return -EINVAL;
	while ((c = strsep(&buf, ";\n"))) {
		if (!c[strspn(c, " \t")])
			continue;
		if (n == max)
			return -E2BIG;
		ret = marker_parse_one(c, &cmds[n]);
		if (ret)
			return ret;
		n++;
	}
	return n ? n : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(marker_control_parse);

struct marker_module_match {
	const char *module;
	bool found;
};

static int marker_has_module(const struct marker_info *info, void *data)
{
	struct marker_module_match *mm = data;
	const struct marker *m;

	for (m = info->instances; m && !mm->found; m = m->next)
		mm->found = !strcmp(m->owner ? module_name(m->owner) : "vmlinux",
				    mm->module);
	return 0;
}

static bool marker_cmd_matches(const struct marker_cmd *cmd,
			       const struct marker_ctl *ctl)
{
	struct marker_module_match mm = { .module = cmd->module };

	/*
	 * enable and attach act on loaded markers (the rule catches the
	 * others as they load); disable and detach also on what the
	 * interface still holds for a name whose code is gone, unless a
	 * module is named (a name not loaded has none).
	 */
	if (!glob_match(cmd->glob, ctl->name))
		return false;
	if (!ctl->loaded && (cmd->verb == MARKER_VERB_ENABLE ||
			     cmd->verb == MARKER_VERB_ATTACH || cmd->module[0]))
		return false;
	if (!cmd->module[0])
		return true;
	marker_query(ctl->name, marker_has_module, &mm);
	return mm.found;
}

/* Do @cmd to one marker.  Return 1 when that changed something. */
static int marker_cmd_do(const struct marker_cmd *cmd, struct marker_ctl *ctl)
{
	int ret;

	switch (cmd->verb) {
	case MARKER_VERB_ENABLE:
		if (ctl->armed)
			return 0;
		ret = marker_ctl_enable(ctl);
		break;
	case MARKER_VERB_DISABLE:
		if (!ctl->armed)
			return 0;
		ret = marker_ctl_disable(ctl);
		break;
	case MARKER_VERB_ATTACH:
		if (marker_ctl_attached(ctl, cmd->probe))
			return 0;
		ret = marker_ctl_attach(ctl, cmd->probe);
		break;
	default:
		if (!marker_ctl_attached(ctl, cmd->probe))
			return 0;
		ret = marker_ctl_detach(ctl, cmd->probe);
		break;
	}
	return ret ? ret : 1;
}

/* Undo what marker_cmd_do() changed (enable and attach only can fail). */
static void marker_cmd_undo(const struct marker_cmd *cmd,
			    struct marker_ctl *ctl)
{
	if (cmd->verb == MARKER_VERB_ENABLE)
		marker_ctl_disable(ctl);
	else if (cmd->verb == MARKER_VERB_ATTACH)
		marker_ctl_detach(ctl, cmd->probe);
}

static bool marker_cmd_same_target(const struct marker_cmd *a,
				   const struct marker_cmd *b)
{
	return a->probe == b->probe && !strcmp(a->glob, b->glob) &&
	       !strcmp(a->module, b->module);
}

/*
 * Run one command: to every matching loaded marker, all or nothing, then
 * the rules.  Return the number of matching markers or a negative errno.
 */
static int marker_cmd_run(const struct marker_cmd *cmd)
{
	struct marker_rule *rule, *tmp, *new_rule = NULL;
	bool persist = cmd->verb == MARKER_VERB_ENABLE ||
		       cmd->verb == MARKER_VERB_ATTACH;
	struct marker_ctl *ctl, *undo;
	unsigned int nr_rules = 0;
	int bkt, matched = 0, ret = 0;
	enum marker_verb opposite;

	lockdep_assert_held(&marker_ctl_mutex);
	list_for_each_entry(rule, &marker_rules, list) {
		if (persist && rule->cmd.verb == cmd->verb &&
		    marker_cmd_same_target(&rule->cmd, cmd))
			persist = false;	/* the rule is there already */
		nr_rules++;
	}
	if (persist) {
		if (nr_rules >= MARKER_RULES_MAX)
			return -ENOSPC;
		/* Before any marker changes: nothing may fail after them. */
		new_rule = kmalloc(sizeof(*new_rule), GFP_KERNEL);
		if (!new_rule)
			return -ENOMEM;
		new_rule->cmd = *cmd;
	}

	hash_for_each(marker_ctl_table, bkt, ctl, hlist) {
		if (!marker_cmd_matches(cmd, ctl))
			continue;
		ret = marker_cmd_do(cmd, ctl);
		if (ret < 0)
			break;
		/* Mark what changed, to undo it if a later marker fails. */
		ctl->undo = ret;
		matched++;
	}
	hash_for_each(marker_ctl_table, bkt, undo, hlist) {
		if (ret < 0 && undo->undo)
			marker_cmd_undo(cmd, undo);
		undo->undo = false;
	}
	if (ret < 0) {
		kfree(new_rule);
		return ret;
	}

	if (new_rule) {
		list_add_tail(&new_rule->list, &marker_rules);
	} else if (cmd->verb == MARKER_VERB_DISABLE ||
		   cmd->verb == MARKER_VERB_DETACH) {
		/* disable removes enable's rule, detach attach's. */
		opposite = cmd->verb == MARKER_VERB_DISABLE ?
			   MARKER_VERB_ENABLE : MARKER_VERB_ATTACH;
		list_for_each_entry_safe(rule, tmp, &marker_rules, list) {
			if (rule->cmd.verb == opposite &&
			    marker_cmd_same_target(&rule->cmd, cmd)) {
				list_del(&rule->list);
				kfree(rule);
			}
		}
	}
	return matched;
}

static bool marker_rules_name_modules(void)
{
	struct marker_rule *rule;

	lockdep_assert_held(&marker_ctl_mutex);
	list_for_each_entry(rule, &marker_rules, list)
		if (rule->cmd.module[0])
			return true;
	return false;
}

/*
 * The rules that match a name, in their order: all of them when the name
 * was not loaded before (@module NULL), or those naming @module when an
 * instance of that module loads beside instances loaded already.
 */
static void marker_rules_apply(struct marker_ctl *ctl, const char *module)
{
	struct marker_rule *rule;
	int ret;

	lockdep_assert_held(&marker_ctl_mutex);
	list_for_each_entry(rule, &marker_rules, list) {
		if (module && strcmp(rule->cmd.module, module))
			continue;
		if (!marker_cmd_matches(&rule->cmd, ctl))
			continue;
		ret = marker_cmd_do(&rule->cmd, ctl);
		if (ret < 0)
			pr_warn("%s: rule \"%s %s\" failed: %d\n", ctl->name,
				marker_verbs[rule->cmd.verb], rule->cmd.glob,
				ret);
	}
}

/**
 * marker_control_run - run control commands
 * @text: the commands, NUL-terminated (see marker_control_parse());
 *	modified
 *
 * The commands run in order, each all or nothing.  Commands are parsed
 * first: a malformed one anywhere means that none runs.
 *
 * Return: the number of markers the last command matched, or the first
 * error (the commands before it stay done).
 */
int marker_control_run(char *text)
{
	struct marker_cmd *cmds;
	int i, n, ret = 0;

	cmds = kcalloc(MARKER_CONTROL_CMDS, sizeof(*cmds), GFP_KERNEL);
	if (!cmds)
		return -ENOMEM;
	n = marker_control_parse(text, cmds, MARKER_CONTROL_CMDS);
	if (n < 0) {
		kfree(cmds);
		return n;
	}
	mutex_lock(&marker_ctl_mutex);
	for (i = 0; i < n; i++) {
		ret = marker_cmd_run(&cmds[i]);
		if (ret < 0)
			break;
		/*
		 * Debug level: scripts write control in loops.  Turned on
		 * with dynamic debug (format "control: " +p).
		 */
		pr_debug("control: %s%s%s %s%s%s: %d markers\n",
			 marker_verbs[cmds[i].verb],
			 cmds[i].probe >= 0 ? " " : "",
			 cmds[i].probe >= 0 ? marker_builtins[cmds[i].probe].name : "",
			 cmds[i].glob, cmds[i].module[0] ? " module:" : "",
			 cmds[i].module, ret);
	}
	mutex_unlock(&marker_ctl_mutex);
	kfree(cmds);
	return ret;
}

/**
 * marker_control_show_rules - print the rules
 * @m: where to
 *
 * One command per line, in the order the rules apply.
 */
void marker_control_show_rules(struct seq_file *m)
{
	struct marker_rule *rule;

	mutex_lock(&marker_ctl_mutex);
	list_for_each_entry(rule, &marker_rules, list) {
		seq_puts(m, marker_verbs[rule->cmd.verb]);
		if (rule->cmd.probe >= 0)
			seq_printf(m, " %s", marker_builtins[rule->cmd.probe].name);
		seq_printf(m, " %s", rule->cmd.glob);
		if (rule->cmd.module[0])
			seq_printf(m, " module:%s", rule->cmd.module);
		seq_putc(m, '\n');
	}
	mutex_unlock(&marker_ctl_mutex);
}

/*
 * Bring the marker_ctl of @name in line with the registry: a name that
 * appears gets a new generation, the rules that match it and its
 * directory; an instance @site that loads beside others gets the rules
 * naming its module; a name that goes loses its directory, and its
 * marker_ctl once it holds nothing.
 * Called for every name the registry says changed, possibly more than once.
 */
static void marker_ctl_sync(const char *name, const struct marker *site)
{
	struct marker_ctl *ctl;
	bool loaded = false;
	size_t len;

	mutex_lock(&marker_ctl_mutex);
	/* Another instance matters only to a rule naming a module. */
	if (site && !marker_rules_name_modules())
		goto out;
	marker_query(name, marker_is_loaded, &loaded);
	ctl = marker_ctl_find(name);
	if (loaded && !ctl) {
		len = strlen(name) + 1;
		ctl = kzalloc(struct_size(ctl, name, len), GFP_KERNEL);
		if (!ctl) {
			pr_warn("%s: no memory for its control\n", name);
			goto out;
		}
		memcpy(ctl->name, name, len);
		ctl->hash = marker_name_hash(name);
		hash_add(marker_ctl_table, &ctl->hlist, ctl->hash);
	}
	if (!ctl)
		goto out;
	if (loaded && !ctl->loaded) {
		ctl->loaded = true;
		ctl->gen = ++marker_ctl_gen;
		marker_rules_apply(ctl, NULL);
	} else if (loaded && site) {
		marker_rules_apply(ctl, site->owner ? module_name(site->owner) :
						      "vmlinux");
	}
	if (loaded && !ctl->dir && marker_trees_ready)
		ctl->dir = marker_tree_mkdir(ctl->name, ctl->gen);
	if (!loaded) {
		ctl->loaded = false;
		ctl->gen = 0;
		marker_tree_rmdir(ctl->dir);
		ctl->dir = NULL;
		if (!marker_ctl_holds(ctl)) {
			hash_del(&ctl->hlist);
			kfree(ctl);
		}
	}
out:
	mutex_unlock(&marker_ctl_mutex);
}

static int marker_name_event(struct notifier_block *nb, unsigned long val,
			     void *data)
{
	const struct marker *site = data;

	if (val == MARKER_NAME_CHANGED)
		marker_ctl_sync(data, NULL);
	else if (val == MARKER_SITE_LOADED)
		marker_ctl_sync(site->name, site);
	return NOTIFY_OK;
}

static struct notifier_block marker_name_nb = {
	.notifier_call = marker_name_event,
};

/**
 * marker_control_trees_ready - the trees can take directories now
 *
 * Called once by the trees when their roots exist: every name loaded by
 * then gets its directory.
 */
void __init marker_control_trees_ready(void)
{
	struct marker_ctl *ctl;
	int bkt;

	mutex_lock(&marker_ctl_mutex);
	marker_trees_ready = true;
	hash_for_each(marker_ctl_table, bkt, ctl, hlist)
		if (ctl->loaded && !ctl->dir)
			ctl->dir = marker_tree_mkdir(ctl->name, ctl->gen);
	mutex_unlock(&marker_ctl_mutex);
}

/*
 * markers.control= on the kernel command line: the same commands as the
 * control file, run once the core kernel's markers are registered
 * (core_initcall_sync), before any driver's initcall can fire them.  The
 * parameter keeps a pointer into the command line, which stays.
 */
static const char *marker_boot_control;

static int marker_boot_control_set(const char *val,
				   const struct kernel_param *kp)
{
	marker_boot_control = val;
	return 0;
}

static const struct kernel_param_ops marker_boot_control_ops = {
	.set = marker_boot_control_set,
};

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "markers."
module_param_cb(control, &marker_boot_control_ops, NULL, 0);
MODULE_PARM_DESC(control, "control commands run at boot, as written to the control file");

static int __init marker_control_init(void)
{
	char *text;
	int ret;

	/* Also called for the names loaded at boot. */
	ret = marker_register_name_notifier(&marker_name_nb);
	if (ret || !marker_boot_control)
		return ret;
	text = kstrdup(marker_boot_control, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	ret = marker_control_run(text);
	if (ret < 0)
		pr_err("markers.control=\"%s\": %d\n", marker_boot_control, ret);
	kfree(text);
	return 0;
}
core_initcall_sync(marker_control_init);
