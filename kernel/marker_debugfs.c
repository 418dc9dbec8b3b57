// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel markers: the trees, /sys/kernel/tracing/markers/ and
 * /sys/kernel/debug/markers/ (debugfs: a symbolic link to tracing/markers,
 * debugfs' mount point of tracefs, so both paths reach the same files).
 *
 *   marker-list          one line per known marker name (see below)
 *   available-probes     the built-in probes, one name per line
 *   control              rules: "<verb> <glob> [module:<mod>]"
 *                        (kernel/marker_control.c)
 *   <name>/enable        0600  read: "1" while the name is armed by anyone;
 *                              write 1/0: take/drop the interface's arm
 *   <name>/format        0400  the marker's format
 *   <name>/probes        0600  read: one line per connected probe;
 *                              write "<probe>", "!<probe>" or
 *                              "<probe> <command>"
 *
 * The tree is an eventfs tree, as the trace events' events/ is: a <name>/
 * directory exists while code defining the name is loaded, but its dentry
 * and inode, and its files', are made only when someone looks them up,
 * and the dcache drops them again when nobody uses them.  A loaded name
 * costs an eventfs_inode here, whether or not anyone looks.
 *
 * The files are file operations only: what they do is one call into the
 * control layer, with the name of the file's directory and the generation
 * the control layer gave that directory (kept in the files' i_private, a
 * number, never dereferenced).  A file of a directory that was removed
 * (its module went away, possibly to come back) so answers -ENODEV and
 * never touches freed memory.
 *
 * Writes to the per-marker files: each write(2) is one command, at most
 * MARKER_CMD_MAX - 1 bytes (else -E2BIG), printable ASCII, optionally
 * ending in one newline; an empty, unknown or malformed command is -EINVAL
 * and changes nothing.
 *
 * Locking: the control layer's mutex is held around marker_tree_mkdir()
 * and marker_tree_rmdir(), which take eventfs' lock inside it.  The lookup
 * callbacks run under eventfs' lock and take nothing.  File operations
 * take no lock here.
 *
 * lockdown=integrity leaves both paths working: tracefs is locked down
 * only for confidentiality (then there is no tree at all), and the
 * debugfs path is a link into tracefs, not a debugfs file.
 */

#define pr_fmt(fmt) "markers: " fmt

#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracefs.h>
#include <linux/uaccess.h>

#include "marker_internal.h"

#define MARKER_CMD_MAX		64

/* The markers/ directory in tracefs; NULL when there is none. */
static struct eventfs_inode *markers_ei;

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

/* The generation of the directory of a per-name file (see the top). */
static unsigned long marker_file_gen(const struct file *file)
{
	return (unsigned long)file_inode(file)->i_private;
}

/*
 * The name of the directory of a per-name file.  The open file pins its
 * dentry and so its parent.
 */
static void marker_file_name(const struct file *file, struct name_snapshot *n)
{
	struct dentry *dir = dget_parent(file->f_path.dentry);

	take_dentry_name_snapshot(n, dir);
	dput(dir);
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
	struct name_snapshot n;
	unsigned int arms = 0;
	char buf[2];
	int ret;

	marker_file_name(file, &n);
	ret = marker_control_query(n.name.name, marker_file_gen(file),
				   marker_info_arms, &arms);
	release_dentry_name_snapshot(&n);
	if (ret)
		return ret;
	buf[0] = arms ? '1' : '0';
	buf[1] = '\n';
	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static ssize_t marker_enable_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct name_snapshot n;
	char buf[MARKER_CMD_MAX];
	ssize_t ret;
	bool on;

	ret = marker_get_cmd(ubuf, count, buf);
	if (ret < 0)
		return ret;
	ret = marker_parse_bool(buf, &on);
	if (ret)
		return ret;
	marker_file_name(file, &n);
	ret = marker_control_enable(n.name.name, marker_file_gen(file), on);
	release_dentry_name_snapshot(&n);
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
	struct name_snapshot n;
	int ret;

	marker_file_name(m->file, &n);
	ret = marker_control_query(n.name.name, marker_file_gen(m->file),
				   marker_print_format, m);
	release_dentry_name_snapshot(&n);
	return ret;
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
	struct name_snapshot n;
	int ret;

	marker_file_name(m->file, &n);
	ret = marker_control_walk_probes(n.name.name, marker_file_gen(m->file),
					 marker_print_probe, m);
	release_dentry_name_snapshot(&n);
	return ret;
}

static int marker_probes_open(struct inode *inode, struct file *file)
{
	return single_open(file, marker_probes_show, NULL);
}

static ssize_t marker_probes_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct name_snapshot n;
	char buf[MARKER_CMD_MAX];
	ssize_t ret;

	ret = marker_get_cmd(ubuf, count, buf);
	if (ret < 0)
		return ret;
	marker_file_name(file, &n);
	ret = marker_control_probes(n.name.name, marker_file_gen(file), buf);
	release_dentry_name_snapshot(&n);
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

static int marker_control_show(struct seq_file *m, void *v)
{
	marker_control_show_rules(m);
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

/*
 * eventfs callbacks: the mode and the operations of a file someone looks
 * up.  They run under eventfs' lock and must take no other lock.  The
 * file's i_private is its directory's data: the generation for a
 * per-name file, unused by the top files.
 */
static int marker_name_file(const char *name, umode_t *mode, void **data,
			    const struct file_operations **fops)
{
	if (!strcmp(name, "enable")) {
		*mode = 0600;
		*fops = &marker_enable_fops;
	} else if (!strcmp(name, "format")) {
		*mode = 0400;
		*fops = &marker_format_fops;
	} else if (!strcmp(name, "probes")) {
		*mode = 0600;
		*fops = &marker_probes_fops;
	} else {
		return 0;
	}
	return 1;
}

static int marker_top_file(const char *name, umode_t *mode, void **data,
			   const struct file_operations **fops)
{
	if (!strcmp(name, "marker-list")) {
		*mode = 0400;
		*fops = &marker_list_fops;
	} else if (!strcmp(name, "available-probes")) {
		*mode = 0400;
		*fops = &marker_available_probes_fops;
	} else if (!strcmp(name, "control")) {
		*mode = 0600;
		*fops = &marker_control_fops;
	} else {
		return 0;
	}
	return 1;
}

static const struct eventfs_entry marker_name_entries[] = {
	{ .name = "enable", .callback = marker_name_file },
	{ .name = "format", .callback = marker_name_file },
	{ .name = "probes", .callback = marker_name_file },
};

static const struct eventfs_entry marker_top_entries[] = {
	{ .name = "marker-list", .callback = marker_top_file },
	{ .name = "available-probes", .callback = marker_top_file },
	{ .name = "control", .callback = marker_top_file },
};

/* See marker_internal.h. */
void *marker_tree_mkdir(const char *name, unsigned long gen)
{
	struct eventfs_inode *ei;

	if (!markers_ei)
		return NULL;
	ei = eventfs_create_dir(name, markers_ei, marker_name_entries,
				ARRAY_SIZE(marker_name_entries),
				(void *)gen);
	if (IS_ERR(ei)) {
		pr_warn("%s: cannot create its directory: %ld\n", name,
			PTR_ERR(ei));
		return NULL;
	}
	return ei;
}

void marker_tree_rmdir(void *dir)
{
	eventfs_remove_dir(dir);
}

static int __init marker_trees_init(void)
{
	struct eventfs_inode *ei;

	ei = eventfs_create_events_dir("markers", NULL, marker_top_entries,
				       ARRAY_SIZE(marker_top_entries), NULL);
	if (IS_ERR_OR_NULL(ei)) {
		/* No tracefs, or tracefs locked down (confidentiality). */
		pr_info("no markers tree\n");
	} else {
		markers_ei = ei;
		/* debugfs' "tracing" is where it mounts tracefs. */
		debugfs_create_symlink("markers", NULL, "tracing/markers");
	}
	marker_control_trees_ready();
	return 0;
}
fs_initcall(marker_trees_init);
