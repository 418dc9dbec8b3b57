// SPDX-License-Identifier: GPL-2.0
/*
 * make check: a marker may not be named after a fixed file of the markers
 * trees or of events/markers/ ("control", "enable", "filter").  Built
 * twice as an external module: as it is (no warning allowed), and with
 * -DMARKER_RESERVED_BAD, where the compiler must refuse the line marked
 * BAD.
 */
#include <linux/marker.h>
#include <linux/module.h>

static int __init marker_reserved_name_init(void)
{
#ifdef MARKER_RESERVED_BAD
	trace_mark(enable, "value %d", 1); /* BAD */
#else
	trace_mark(enabled, "value %d", 1);
#endif
	return 0;
}
module_init(marker_reserved_name_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("build test: reserved marker names do not build");
