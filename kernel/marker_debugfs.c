// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: the debugfs control interface, /sys/kernel/debug/markers/.
 *
 *   marker-list          one line per known marker name (see below)
 *   available-probes     the built-in probes, one name per line
 *   <name>/enable        0600  read: "1" while the name is armed by anyone;
 *                              write 1/0: take/drop the interface's arm
 *   <name>/format        0400  the marker's format
 *   <name>/probes        0600  read: one line per connected probe;
 *                              write "<probe>", "!<probe>" or
 *                              "<probe> <command>"
 *
 * A <name>/ directory exists while code defining the name is loaded.  What
 * the interface holds for a name (its arm, its built-in probes) is kept in
 * a struct marker_ctl that outlives the directory: an "echo 1 > enable"
 * stays in force across an unload and reload of the module defining the
 * name, and the directory shows it again when it comes back.
 *
 * Writes: each write(2) is one command, at most MARKER_CMD_MAX - 1 bytes
 * (else -E2BIG), printable ASCII, optionally ending in one newline; an
 * empty, unknown or malformed command is -EINVAL and changes nothing.
 *
 * Locking
 * -------
 * marker_ctl_mutex guards the marker_ctl table and every marker_ctl; file
 * operations take it and then call the registry (markers_mutex nests
 * inside).  marker_sync_mutex serialises the creation and removal of the
 * directories (marker_dir_sync()).  A directory is removed with only
 * marker_sync_mutex held: debugfs_remove() waits for file operations in
 * flight, which may be waiting for marker_ctl_mutex.  Those see ctl->dir
 * cleared and answer -ENODEV.  A file descriptor kept open on a removed
 * file gets -EIO from debugfs itself (its removal protection), before
 * any of this code runs: the one place the interface does not answer
 * -ENODEV, as the documentation says.  A marker_ctl is freed only by
 * marker_dir_sync(), after its directory is gone and once it holds
 * nothing.
 */

#define pr_fmt(fmt) "markers: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/init.h>
#include <linux/jhash.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "marker_internal.h"

#define MARKER_CMD_MAX		64
#define MARKER_CTL_HASH_BITS	9

struct marker_ctl {
	struct hlist_node hlist;
	struct dentry *dir;		/* NULL while the name is not loaded */
	bool armed;			/* the interface holds one arm */
	bool auto_printk;		/* printk attached by "echo 1 > enable" */
	void *state[MARKER_NR_BUILTINS];/* attached built-in probes */
	char name[];
};

static DEFINE_MUTEX(marker_ctl_mutex);
static DEFINE_MUTEX(marker_sync_mutex);
static DEFINE_HASHTABLE(marker_ctl_table, MARKER_CTL_HASH_BITS);
static struct dentry *markers_root;

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

	if (ctl->dir || ctl->armed)
		return true;
	for (i = 0; i < MARKER_NR_BUILTINS; i++)
		if (ctl->state[i])
			return true;
	return false;
}

/* Attach built-in probe @id to the name. */
static int marker_ctl_attach(struct marker_ctl *ctl, int id)
{
	const struct marker_builtin *b = &marker_builtins[id];
	void *st;
	int ret;

	lockdep_assert_held(&marker_ctl_mutex);
	if (ctl->state[id])
		return 0;
	st = b->attach(ctl->name);
	if (IS_ERR(st))
		return PTR_ERR(st);
	ret = b->self_connects ? 0 :
	      marker_probe_register(ctl->name, NULL, b->probe, st);
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
	if (!st)
		return -ENOENT;
	if (!b->self_connects)
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
	struct marker_ctl *ctl = file->private_data;
	unsigned int arms = 0;
	char buf[2];
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ret = ctl->dir ? marker_query(ctl->name, marker_info_arms, &arms) : -ENODEV;
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
	struct marker_ctl *ctl = file->private_data;
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
	if (!ctl->dir)
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
	struct marker_ctl *ctl = m->private;
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ret = ctl->dir ? marker_query(ctl->name, marker_print_format, m) :
			 -ENODEV;
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
		b->show(m, p->probe_private);
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
	struct marker_ctl *ctl = m->private;
	int ret;

	mutex_lock(&marker_ctl_mutex);
	ret = ctl->dir ? marker_walk_probes(ctl->name, marker_print_probe, m) :
			 -ENODEV;
	mutex_unlock(&marker_ctl_mutex);
	return ret == -ENOENT ? -ENODEV : ret;
}

static int marker_probes_open(struct inode *inode, struct file *file)
{
	return single_open(file, marker_probes_show, inode->i_private);
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
	struct marker_ctl *ctl = ((struct seq_file *)file->private_data)->private;
	char buf[MARKER_CMD_MAX];
	ssize_t ret;

	ret = marker_get_cmd(ubuf, count, buf);
	if (ret < 0)
		return ret;
	mutex_lock(&marker_ctl_mutex);
	ret = ctl->dir ? marker_probes_cmd(ctl, buf) : -ENODEV;
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
DEFINE_SHOW_ATTRIBUTE(marker_list);

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

/* Create @ctl's directory. */
static void marker_ctl_mkdir(struct marker_ctl *ctl)
{
	struct dentry *dir;

	lockdep_assert_held(&marker_ctl_mutex);
	dir = debugfs_create_dir(ctl->name, markers_root);
	if (IS_ERR(dir)) {
		pr_warn("%s: cannot create its debugfs directory: %ld\n",
			ctl->name, PTR_ERR(dir));
		return;
	}
	debugfs_create_file("enable", 0600, dir, ctl, &marker_enable_fops);
	debugfs_create_file("format", 0400, dir, ctl, &marker_format_fops);
	debugfs_create_file("probes", 0600, dir, ctl, &marker_probes_fops);
	ctl->dir = dir;
}

/*
 * Bring the directory of @name in line with the registry: present while
 * the name has a loaded instance.  Called for every name the registry says
 * changed, possibly more than once.
 */
static void marker_dir_sync(const char *name)
{
	struct marker_ctl *ctl;
	struct dentry *dir;
	bool loaded = false;
	size_t len;

	mutex_lock(&marker_sync_mutex);
	marker_query(name, marker_is_loaded, &loaded);
	mutex_lock(&marker_ctl_mutex);
	ctl = marker_ctl_find(name);
	if (loaded && !(ctl && ctl->dir)) {
		if (!ctl) {
			len = strlen(name) + 1;
			ctl = kzalloc(struct_size(ctl, name, len), GFP_KERNEL);
			if (!ctl) {
				pr_warn("%s: no memory for its debugfs directory\n",
					name);
				goto out;
			}
			memcpy(ctl->name, name, len);
			hash_add(marker_ctl_table, &ctl->hlist,
				 marker_ctl_hash(name));
		}
		marker_ctl_mkdir(ctl);
	} else if (!loaded && ctl && ctl->dir) {
		dir = ctl->dir;
		ctl->dir = NULL;
		mutex_unlock(&marker_ctl_mutex);
		debugfs_remove(dir);
		mutex_lock(&marker_ctl_mutex);
	}
	if (ctl && !marker_ctl_holds(ctl)) {
		hash_del(&ctl->hlist);
		kfree(ctl);
	}
out:
	mutex_unlock(&marker_ctl_mutex);
	mutex_unlock(&marker_sync_mutex);
}

static int marker_name_event(struct notifier_block *nb, unsigned long val,
			     void *data)
{
	if (val == MARKER_NAME_CHANGED)
		marker_dir_sync(data);
	return NOTIFY_OK;
}

static struct notifier_block marker_name_nb = {
	.notifier_call = marker_name_event,
};

static int __init marker_debugfs_init(void)
{
	markers_root = debugfs_create_dir("markers", NULL);
	if (IS_ERR(markers_root))
		return PTR_ERR(markers_root);
	debugfs_create_file("marker-list", 0400, markers_root, NULL,
			    &marker_list_fops);
	debugfs_create_file("available-probes", 0400, markers_root, NULL,
			    &marker_available_probes_fops);

	/* Also called for the names loaded at boot. */
	return marker_register_name_notifier(&marker_name_nb);
}
fs_initcall(marker_debugfs_init);
