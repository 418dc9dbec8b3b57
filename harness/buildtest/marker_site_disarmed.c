// SPDX-License-Identifier: GPL-2.0
/*
 * make check: the disarmed path of a trace_mark() site, read from the
 * object code by harness/site-disarmed.py.  Built with
 * -fstack-protector-strong: the site must not add a frame or a canary to
 * the function, nor evaluate its arguments, before the static branch.
 * With -DMARKER_SITE_BAD, an argument is loaded before the branch, which
 * the checker must refuse.
 */
#include <linux/marker.h>
#include <linux/module.h>

noinline void marker_site_disarmed(const unsigned long *p);
noinline void marker_site_disarmed(const unsigned long *p)
{
#ifdef MARKER_SITE_BAD
	unsigned long v = READ_ONCE(p[0]) * 3;
#else
#define v (p[0] * 3)
#endif
	trace_mark(buildtest_site, "v %lu w %lu", v, p[1]);
#undef v
}
EXPORT_SYMBOL_GPL(marker_site_disarmed);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("make check: a marker site's disarmed path");
