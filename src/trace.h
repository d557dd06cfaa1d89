/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoints of tdxhost.ko: one per SEAMCALL (perf/trace-cmd: tdxhost:*). */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tdxhost

#if !defined(TDXHOST_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define TDXHOST_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(tdxhost_seamcall,
	TP_PROTO(u64 leaf, u64 status, u64 duration_ns),
	TP_ARGS(leaf, status, duration_ns),
	TP_STRUCT__entry(
		__field(u64, leaf)
		__field(u64, status)
		__field(u64, duration_ns)
	),
	TP_fast_assign(
		__entry->leaf = leaf;
		__entry->status = status;
		__entry->duration_ns = duration_ns;
	),
	TP_printk("leaf=%llu status=0x%016llx duration_ns=%llu",
		  __entry->leaf, __entry->status, __entry->duration_ns)
);

#endif /* TDXHOST_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
