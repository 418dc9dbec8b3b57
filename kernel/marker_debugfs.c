// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: the control interface, the same tree in debugfs
 * (/sys/kernel/debug/markers/) and in tracefs (/sys/kernel/tracing/markers/).
 *
 *   marker-list          one line per known marker name (see below)
 *   available-probes     the built-in probes, one name per line
 *   control              rules: "<verb> <glob> [module:<mod>]" (below)
 *   <name>/enable        0600  read: "1" while the name is armed by anyone;
 *                              write 1/0: take/drop the interface's arm
 *   <name>/format        0400  the marker's format
 *   <name>/probes        0600  read: one line per connected probe;
 *                              write "<probe>", "!<probe>" or
 *                              "<probe> <command>"
 *
 * A <name>/ directory exists in each tree while code defining the name is
 * loaded.  What the interface holds for a name (its arm, its built-in
 * probes) is kept in a struct marker_ctl that outlives the directories: an
 * "echo 1 > enable" stays in force across an unload and reload of the
 * module defining the name, and the directories show it again when it
 * comes back.  Both trees are views of the same marker_ctl.
 *
 * The files keep no pointer to a marker_ctl: an operation finds it by the
 * name of the file's directory and checks that the directory is the one
 * the marker_ctl has now.  A file of a removed directory (its module went
 * away, possibly to come back) so answers -ENODEV and never touches freed
 * memory, whatever the filesystem does with open files of removed
 * directories (debugfs itself answers -EIO for those first).
 *
 * Writes to the per-marker files: each write(2) is one command, at most
 * MARKER_CMD_MAX - 1 bytes (else -E2BIG), printable ASCII, optionally
 * ending in one newline; an empty, unknown or malformed command is -EINVAL
 * and changes nothing.  The control file: see marker_control_parse().
 *
 * Locking
 * -------
 * marker_ctl_mutex guards the marker_ctl table, every marker_ctl and the
 * rules; file operations take it and then call the registry (markers_mutex
 * nests inside).  marker_sync_mutex serialises the creation and removal of
 * the directories (marker_ctl_sync()).  Directories are removed with only
 * marker_sync_mutex held: debugfs_remove() waits for file operations in
 * flight, which may be waiting for marker_ctl_mutex.  A marker_ctl is freed
 * only by marker_ctl_sync(), once its name is not loaded and it holds
 * nothing.
 */

#define pr_fmt(fmt) "markers: " fmt

#include <kunit/visibility.h>
#include <linux/ctype.h>
#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/glob.h>
#include <linux/hashtable.h>
#include <linux/init.h>
#include <linux/jhash.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracefs.h>
#include <linux/uaccess.h>

#include "marker_internal.h"

#define MARKER_CMD_MAX		64
#define MARKER_CTL_HASH_BITS	9

/* The trees the interface shows. */
enum {
	MARKER_TREE_DEBUGFS,
	MARKER_TREE_TRACEFS,
	MARKER_NR_TREES
};

struct marker_ctl {
	struct hlist_node hlist;
	struct dentry *dir[MARKER_NR_TREES];	/* NULL: none (yet) */
	bool loaded;			/* code defining the name is loaded */
	bool armed;			/* the interface holds one arm */
	bool undo;			/* marker_cmd_run(): changed by it */
	bool auto_printk;		/* printk attached by "echo 1 > enable" */
	void *state[MARKER_NR_BUILTINS];/* attached built-in probes */
	char name[];
};

static DEFINE_MUTEX(marker_ctl_mutex);
static DEFINE_MUTEX(marker_sync_mutex);
static DEFINE_HASHTABLE(marker_ctl_table, MARKER_CTL_HASH_BITS);
static struct dentry *markers_root[MARKER_NR_TREES];
static bool marker_trees_ready;		/* the roots exist (fs_initcall) */
static LIST_HEAD(marker_rules);

static u32 marker_ctl_hash(const char *name)
{
	return jhash(name, strlen(name), 0);
}

static struct marker_ctl *marker_ctl_find(const char *name)
{
	struct marker_ctl *ctl;

	lockdep_assert_held(&marker_ctl_mutex);
	hash_for_each_possible(marker_ctl_table, ctl, hlist,
			       marker_ctl_hash(name))
		if (!strcmp(ctl->name, name))
			return ctl;
	return NULL;
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
 * The marker_ctl a per-marker file belongs to, or NULL once the file's
 * directory is not the name's current one.  The open file pins its dentry
 * and so its parent: comparing the parent with the directories the
 * marker_ctl has now is exact.
 */
static struct marker_ctl *marker_ctl_of(const struct file *file)
{
	struct dentry *dir = dget_parent(file->f_path.dentry);
	struct marker_ctl *ctl, *ret = NULL;
	struct name_snapshot n;
	int t;

	lockdep_assert_held(&marker_ctl_mutex);
	take_dentry_name_snapshot(&n, dir);
	ctl = marker_ctl_find(n.name.name);
	release_dentry_name_snapshot(&n);
	for (t = 0; ctl && t < MARKER_NR_TREES; t++)
		if (ctl->dir[t] == dir)
			ret = ctl;
	dput(dir);
	return ret;
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

/*
 * Copy one command from user space into @buf (MARKER_CMD_MAX bytes), drop
 * one trailing newline, and accept printable ASCII only.  Return its length
 * or a negative errno.
 */
static ssize_t marker_get_cmd(const char __user *ubuf, size_t count,
			      char *buf)
{
	size_t i;

	if (!count)
		return -EINVAL;
	if (count >= MARKER_CMD_MAX)
		return -E2BIG;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (buf[count - 1] == '\n')
		buf[--count] = '\0';
	if (!count)
		return -EINVAL;
	for (i = 0; i < count; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			return -EINVAL;
	return count;
}

/*
 * The words kstrtobool() knows, in any case, but whole: kstrtobool() looks
 * at the first characters only and would also take "1x" or "yolo".
 */
static int marker_parse_bool(const char *s, bool *on)
{
	static const char * const yes[] = { "1", "y", "yes", "t", "true", "on" };
	static const char * const no[] = { "0", "n", "no", "f", "false", "off" };
	int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*on = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*on = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int marker_info_arms(const struct marker_info *info, void *data)
{
	*(unsigned int *)data = info->arms;
	return 0;
}

static ssize_t marker_enable_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct marker_ctl *ctl;
	unsigned int arms = 0;
	char buf[2];
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(file);
	ret = ctl ? marker_query(ctl->name, marker_info_arms, &arms) : -ENODEV;
	mutex_unlock(&marker_ctl_mutex);
	if (ret)
		return ret == -ENOENT ? -ENODEV : ret;
	buf[0] = arms ? '1' : '0';
	buf[1] = '\n';
	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static ssize_t marker_enable_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct marker_ctl *ctl;
	char buf[MARKER_CMD_MAX];
	ssize_t ret;
	bool on;

	ret = marker_get_cmd(ubuf, count, buf);
	if (ret < 0)
		return ret;
	ret = marker_parse_bool(buf, &on);
	if (ret)
		return ret;
	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(file);
	if (!ctl)
		ret = -ENODEV;
	else
		ret = on ? marker_ctl_enable(ctl) : marker_ctl_disable(ctl);
	mutex_unlock(&marker_ctl_mutex);
	return ret ? ret : count;
}

static const struct file_operations marker_enable_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = marker_enable_read,
	.write = marker_enable_write,
	.llseek = default_llseek,
};

static int marker_print_format(const struct marker_info *info, void *data)
{
	seq_printf(data, "%s\n", info->format ? info->format : "");
	return 0;
}

static int marker_format_show(struct seq_file *m, void *v)
{
	struct marker_ctl *ctl;
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(m->file);
	ret = ctl ? marker_query(ctl->name, marker_print_format, m) : -ENODEV;
	mutex_unlock(&marker_ctl_mutex);
	return ret == -ENOENT ? -ENODEV : ret;
}
DEFINE_SHOW_ATTRIBUTE(marker_format);

static int marker_print_probe(const struct marker_probe_info *p, void *data)
{
	const struct marker_builtin *b = marker_builtin_of(p->func);
	struct seq_file *m = data;

	if (b) {
		seq_puts(m, b->name);
		b->show(m, p->probe_private, p);
	} else {
		seq_printf(m, "%ps", p->func);
	}
	if (p->conflict)
		seq_puts(m, " (format mismatch: not called)");
	seq_putc(m, '\n');
	return 0;
}

static int marker_probes_show(struct seq_file *m, void *v)
{
	struct marker_ctl *ctl;
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(m->file);
	ret = ctl ? marker_walk_probes(ctl->name, marker_print_probe, m) :
		    -ENODEV;
	mutex_unlock(&marker_ctl_mutex);
	return ret == -ENOENT ? -ENODEV : ret;
}

static int marker_probes_open(struct inode *inode, struct file *file)
{
	return single_open(file, marker_probes_show, NULL);
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

static ssize_t marker_probes_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct marker_ctl *ctl;
	char buf[MARKER_CMD_MAX];
	ssize_t ret;

	ret = marker_get_cmd(ubuf, count, buf);
	if (ret < 0)
		return ret;
	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_of(file);
	ret = ctl ? marker_probes_cmd(ctl, buf) : -ENODEV;
	mutex_unlock(&marker_ctl_mutex);
	return ret ? ret : count;
}

static const struct file_operations marker_probes_fops = {
	.owner = THIS_MODULE,
	.open = marker_probes_open,
	.read = seq_read,
	.write = marker_probes_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * marker-list: one line per name the registry knows, in no particular
 * order:
 *   <name> armed=<0|1> active=<0|1> arms=<n> probes=<n> instances=<n>
 *   conflicts=<n> modules=<m,...|-> format="<format>"
 * "vmlinux" stands for the core kernel; the format comes last, with '"',
 * '\\', newline, tab and carriage return escaped as octal (\\042 ...).
 */
static int marker_list_line(const struct marker_info *info, void *data)
{
	const struct marker *m, *prev = NULL;
	struct seq_file *s = data;
	int n = 0;

	seq_printf(s, "%s armed=%d active=%d arms=%u probes=%u instances=%u conflicts=%u modules=",
		   info->name, info->arms > 0, info->active, info->arms,
		   info->nr_probes, info->nr_instances, info->nr_conflicts);
	/* A module's instances are adjacent in the chain. */
	for (m = info->instances; m; prev = m, m = m->next) {
		if (prev && prev->owner == m->owner)
			continue;
		seq_printf(s, "%s%s", n++ ? "," : "",
			   m->owner ? module_name(m->owner) : "vmlinux");
	}
	if (!n)
		seq_putc(s, '-');
	seq_puts(s, " format=\"");
	if (info->format)
		seq_escape(s, info->format, "\"\\\n\t\r");
	seq_puts(s, "\"\n");
	return 0;
}

static int marker_list_show(struct seq_file *m, void *v)
{
	return marker_for_each(marker_list_line, m);
}

/* An upper bound of what marker_list_line() writes for @info. */
static int marker_list_bound(const struct marker_info *info, void *data)
{
	const struct marker *m, *prev = NULL;
	size_t *size = data;

	/* The fixed text and nine numbers of up to ten digits. */
	*size += 160 + strlen(info->name);
	/* Escaped, a character takes four. */
	if (info->format)
		*size += 4 * strlen(info->format);
	for (m = info->instances; m; prev = m, m = m->next)
		if (!prev || prev->owner != m->owner)
			*size += MODULE_NAME_LEN + 1;
	return 0;
}

/*
 * The list is formatted in one go under the registry mutex: size the
 * buffer for it first, so that seq_file does not start over with a
 * buffer twice as large each time the text outgrows it (ten times for
 * 10,000 names).  Names appearing in between are only a retry.
 */
static int marker_list_open(struct inode *inode, struct file *file)
{
	size_t size = PAGE_SIZE;

	marker_for_each(marker_list_bound, &size);
	return single_open_size(file, marker_list_show, NULL, size);
}

static const struct file_operations marker_list_fops = {
	.owner = THIS_MODULE,
	.open = marker_list_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static int marker_available_probes_show(struct seq_file *m, void *v)
{
	int i;

	for (i = 0; i < MARKER_NR_BUILTINS; i++)
		if (marker_builtins[i].name)
			seq_printf(m, "%s\n", marker_builtins[i].name);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(marker_available_probes);

static int marker_is_loaded(const struct marker_info *info, void *data)
{
	*(bool *)data = info->nr_instances > 0;
	return 0;
}

/*
 * The control file.  A write is one or more commands, separated by ';' or
 * newlines:
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
#define MARKER_CONTROL_MAX	4096
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

/*
 * Run the commands of @text, in order, each all or nothing.  Return the
 * number of markers the last one matched, or the first error (the
 * commands before it stay done).  Commands are parsed first: a malformed
 * one anywhere means that none runs.
 */
static int marker_control_run(char *text)
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

static ssize_t marker_control_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	char *text;
	int ret;

	if (!count)
		return -EINVAL;
	if (count >= MARKER_CONTROL_MAX)
		return -E2BIG;
	text = memdup_user_nul(ubuf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	/* An embedded NUL would hide the rest: refuse it. */
	ret = strlen(text) == count ? marker_control_run(text) : -EINVAL;
	kfree(text);
	return ret < 0 ? ret : count;
}

/* The rules, one command per line, in the order they apply. */
static int marker_control_show(struct seq_file *m, void *v)
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
	return 0;
}

static int marker_control_open(struct inode *inode, struct file *file)
{
	return single_open(file, marker_control_show, NULL);
}

static const struct file_operations marker_control_fops = {
	.owner = THIS_MODULE,
	.open = marker_control_open,
	.read = seq_read,
	.write = marker_control_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static const char * const marker_tree_names[] = {
	[MARKER_TREE_DEBUGFS] = "debugfs",
	[MARKER_TREE_TRACEFS] = "tracefs",
};

/* tracefs comes with CONFIG_TRACING; without it, debugfs alone. */
static struct dentry *marker_tree_dir(int t, const char *name,
				      struct dentry *parent)
{
	if (t == MARKER_TREE_DEBUGFS)
		return debugfs_create_dir(name, parent);
#ifdef CONFIG_TRACING
	return tracefs_create_dir(name, parent);
#else
	return ERR_PTR(-ENODEV);
#endif
}

static struct dentry *marker_tree_file(int t, const char *name, umode_t mode,
				       struct dentry *dir,
				       const struct file_operations *fops)
{
	if (t == MARKER_TREE_DEBUGFS)
		return debugfs_create_file(name, mode, dir, NULL, fops);
#ifdef CONFIG_TRACING
	return tracefs_create_file(name, mode, dir, NULL, fops);
#else
	return ERR_PTR(-ENODEV);
#endif
}

static void marker_tree_remove(int t, struct dentry *dir)
{
	if (t == MARKER_TREE_DEBUGFS)
		debugfs_remove(dir);
#ifdef CONFIG_TRACING
	else
		tracefs_remove(dir);
#endif
}

/* Create @ctl's directories that are missing. */
static void marker_ctl_mkdir(struct marker_ctl *ctl)
{
	struct dentry *dir;
	int t;

	lockdep_assert_held(&marker_ctl_mutex);
	for (t = 0; t < MARKER_NR_TREES; t++) {
		if (ctl->dir[t] || IS_ERR_OR_NULL(markers_root[t]))
			continue;
		dir = marker_tree_dir(t, ctl->name, markers_root[t]);
		if (IS_ERR_OR_NULL(dir)) {
			pr_warn("%s: cannot create its %s directory\n",
				ctl->name, marker_tree_names[t]);
			continue;
		}
		marker_tree_file(t, "enable", 0600, dir, &marker_enable_fops);
		marker_tree_file(t, "format", 0400, dir, &marker_format_fops);
		marker_tree_file(t, "probes", 0600, dir, &marker_probes_fops);
		ctl->dir[t] = dir;
	}
}

/*
 * Bring the marker_ctl of @name in line with the registry: a name that
 * appears gets the rules that match it and its directories, an instance
 * @site that loads beside others gets the rules naming its module; a
 * name that goes loses its directories, and its marker_ctl once it holds
 * nothing.
 * Called for every name the registry says changed, possibly more than once.
 */
static void marker_ctl_sync(const char *name, const struct marker *site)
{
	struct dentry *gone[MARKER_NR_TREES] = {};
	struct marker_ctl *ctl;
	bool loaded = false;
	size_t len;
	int t;

	mutex_lock(&marker_sync_mutex);
	marker_query(name, marker_is_loaded, &loaded);
	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_find(name);
	if (loaded && !ctl) {
		len = strlen(name) + 1;
		ctl = kzalloc(struct_size(ctl, name, len), GFP_KERNEL);
		if (!ctl) {
			pr_warn("%s: no memory for its control\n", name);
			goto out;
		}
		memcpy(ctl->name, name, len);
		hash_add(marker_ctl_table, &ctl->hlist, marker_ctl_hash(name));
	}
	if (!ctl)
		goto out;
	if (loaded && !ctl->loaded) {
		ctl->loaded = true;
		marker_rules_apply(ctl, NULL);
	} else if (loaded && site) {
		marker_rules_apply(ctl, site->owner ? module_name(site->owner) :
						      "vmlinux");
	}
	ctl->loaded = loaded;
	if (loaded && marker_trees_ready)
		marker_ctl_mkdir(ctl);
	if (!loaded) {
		memcpy(gone, ctl->dir, sizeof(gone));
		memset(ctl->dir, 0, sizeof(ctl->dir));
		mutex_unlock(&marker_ctl_mutex);
		for (t = 0; t < MARKER_NR_TREES; t++)
			if (gone[t])
				marker_tree_remove(t, gone[t]);
		mutex_lock(&marker_ctl_mutex);
		/* Only this function frees it, and marker_sync_mutex is held. */
		if (!marker_ctl_holds(ctl)) {
			hash_del(&ctl->hlist);
			kfree(ctl);
		}
	}
out:
	mutex_unlock(&marker_ctl_mutex);
	mutex_unlock(&marker_sync_mutex);
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

static int __init marker_trees_init(void)
{
	struct marker_ctl *ctl;
	struct dentry *root;
	int t, bkt;

	for (t = 0; t < MARKER_NR_TREES; t++) {
		root = marker_tree_dir(t, "markers", NULL);
		if (IS_ERR_OR_NULL(root)) {
			/* debugfs=off, or no tracefs: the other tree works. */
			pr_info("no %s tree\n", marker_tree_names[t]);
			continue;
		}
		marker_tree_file(t, "marker-list", 0400, root,
				 &marker_list_fops);
		marker_tree_file(t, "available-probes", 0400, root,
				 &marker_available_probes_fops);
		marker_tree_file(t, "control", 0600, root,
				 &marker_control_fops);
		markers_root[t] = root;
	}
	mutex_lock(&marker_sync_mutex);
	mutex_lock(&marker_ctl_mutex);
	marker_trees_ready = true;
	hash_for_each(marker_ctl_table, bkt, ctl, hlist)
		if (ctl->loaded)
			marker_ctl_mkdir(ctl);
	mutex_unlock(&marker_ctl_mutex);
	mutex_unlock(&marker_sync_mutex);
	return 0;
}
fs_initcall(marker_trees_init);
