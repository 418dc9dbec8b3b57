// SPDX-License-Identifier: GPL-2.0
/*
 * make check: marker_call() is printf-checked against the format given to
 * DEFINE_MARKER(), with and without CONFIG_MARKERS.  Built twice as an
 * external module: as it is (no warning allowed), and with
 * -DMARKER_CALL_BAD, where the compiler must reject the arguments of the
 * line marked BAD.
 */
#include <linux/marker.h>
#include <linux/module.h>

DEFINE_MARKER(buildtest_call, "name %s count %d");

static int __init marker_call_types_init(void)
{
#ifdef MARKER_CALL_BAD
	marker_call(buildtest_call, NULL, 42, "swapped"); /* BAD */
#else
	marker_call(buildtest_call, NULL, "in order", 42);
#endif
	return 0;
}
module_init(marker_call_types_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("build test: marker_call() arguments are type-checked");
