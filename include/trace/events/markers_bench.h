/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trace event the markers benchmark (lib/test_markers_benchmark.c)
 * times against a marker recorded as an event: the same two fields as
 * the marker's format "a %d b %lu".
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM markers_bench

#if !defined(_TRACE_MARKERS_BENCH_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MARKERS_BENCH_H

#include <linux/tracepoint.h>

TRACE_EVENT(markers_bench_tp_event,
	    TP_PROTO(int a, unsigned long b),
	    TP_ARGS(a, b),
	    TP_STRUCT__entry(__field(int, a)
			     __field(unsigned long, b)),
	    TP_fast_assign(__entry->a = a;
			   __entry->b = b;),
	    TP_printk("a=%d b=%lu", __entry->a, __entry->b)
);

#endif /* _TRACE_MARKERS_BENCH_H */

/* This part must be outside the include guard. */
#include <trace/define_trace.h>
