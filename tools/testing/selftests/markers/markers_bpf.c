// SPDX-License-Identifier: GPL-2.0
/*
 * markers_bpf: attach a BPF_PROG_TYPE_TRACEPOINT program to trace events
 * the way bcc and bpftrace do (perf_event_open(PERF_TYPE_TRACEPOINT, id)
 * on CPU 0, then PERF_EVENT_IOC_SET_BPF), run a command, and print what
 * the programs saw.  No libbpf: the program is a dozen instructions.
 *
 * usage: markers_bpf EVENT_DIR INT_FIELD FIELD2 COMMAND [ARG...]
 *        markers_bpf EVENT_DIR INT_FIELD FIELD2 [EVENT_DIR ...]... -- COMMAND [ARG...]
 *
 * EVENT_DIR is an event's tracefs directory (its id and format files).
 * Each event gets its own program and map: the program counts every hit,
 * reads the 32-bit field INT_FIELD and the first 32 bits of FIELD2 from
 * the record at the offsets the format gives, and copies the record's
 * first bytes; when FIELD2 is a string (__data_loc), its text is decoded
 * here from that copy.  FIELD2 "-" reads no second field.
 *
 * Output (stdout), after COMMAND has exited, for each event in turn:
 *   event: EVENT_DIR      (with several events)
 *   attach: OK            or  attach: <errno name> (the step that failed)
 *   hits: N
 *   int: V                (the last hit's value)
 *   str: S                (a string FIELD2: the last hit's string)
 *   field2: V             (another FIELD2: its first 32 bits)
 * Exit status 0 when every program attached, 1 otherwise.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define REC_COPY	64

/* The map's one value, written by the program. */
struct seen {
	uint64_t hits;
	uint32_t intval;
	uint32_t loc;		/* the string's __data_loc word */
	uint8_t rec[REC_COPY];	/* the record's first bytes */
};

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case E2BIG: return "E2BIG";
	case EEXIST: return "EEXIST";
	case ENOMEM: return "ENOMEM";
	}
	return strerror(e);
}

/*
 * The offset of FIELD in the event's format, or -1; *@str tells whether
 * it is a __data_loc string.
 */
static int field_offset(const char *dir, const char *field, bool *str)
{
	char path[512], line[512], want[160];
	int off = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/format", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	snprintf(want, sizeof(want), " %s;", field);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, want), *o;

		if (!p || !strstr(line, "field:"))
			continue;
		o = strstr(p, "offset:");
		if (o)
			off = atoi(o + 7);
		if (str)
			*str = strstr(line, "__data_loc");
		break;
	}
	fclose(f);
	return off;
}

static int event_id(const char *dir)
{
	char path[512];
	int id = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/id", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &id) != 1)
		id = -1;
	fclose(f);
	return id;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int fail(const char *step)
{
	printf("attach: %s (%s)\n", errname(errno), step);
	return 1;
}

struct attached {
	const char *dir;
	int map, off_int, off2;
	bool str2;
	int efd;
};

/* Load the program for @a's offsets, attach it to the event, enable. */
static int attach_event(struct attached *a, int id)
{
	static char log[65536];
	struct perf_event_attr pa;
	struct bpf_insn prog[32];
	union bpf_attr attr;
	struct seen seen;
	int pfd, n = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(uint32_t);
	attr.value_size = sizeof(seen);
	attr.max_entries = 1;
	a->map = sys_bpf(BPF_MAP_CREATE, &attr);
	if (a->map < 0)
		return fail("BPF_MAP_CREATE");

	/* r6 = ctx: the record, its first 8 bytes replaced by a regs pointer */
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0);
	/* r7 = the int field, r9 = the second field's first 32 bits (or 0) */
	prog[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, 7, 6, a->off_int, 0);
	if (a->off2)
		prog[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, 9, 6, a->off2, 0);
	else
		prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 9, 0, 0, 0);
	/* r0 = map_lookup_elem(map, &key), key 0 on the stack */
	prog[n++] = INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0);
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0);
	prog[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4);
	prog[n++] = INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0,
			 a->map);
	prog[n++] = INSN(0, 0, 0, 0, 0);
	prog[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
			 BPF_FUNC_map_lookup_elem);
	prog[n++] = INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 10, 0);
	/* seen->hits += 1 (atomic); seen->intval = r7; seen->loc = r9 */
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 8, 0, 0, 0);
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1);
	prog[n++] = INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 8, 1, 0, BPF_ADD);
	prog[n++] = INSN(BPF_STX | BPF_MEM | BPF_W, 8, 7, 8, 0);
	prog[n++] = INSN(BPF_STX | BPF_MEM | BPF_W, 8, 9, 12, 0);
	/* probe_read_kernel(seen->rec, REC_COPY, ctx) */
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 8, 0, 0);
	prog[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, 16);
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, REC_COPY);
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 3, 6, 0, 0);
	prog[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
			 BPF_FUNC_probe_read_kernel);
	/* return 0: nothing for perf to record */
	prog[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	prog[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	attr.insns = (uintptr_t)prog;
	attr.insn_cnt = n;
	attr.license = (uintptr_t)"GPL";
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	pfd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (pfd < 0) {
		fprintf(stderr, "%s", log);
		return fail("BPF_PROG_LOAD");
	}

	memset(&pa, 0, sizeof(pa));
	pa.type = PERF_TYPE_TRACEPOINT;
	pa.size = sizeof(pa);
	pa.config = id;
	pa.sample_period = 1;
	pa.wakeup_events = 1;
	a->efd = syscall(__NR_perf_event_open, &pa, -1, 0, -1,
			 PERF_FLAG_FD_CLOEXEC);
	if (a->efd < 0)
		return fail("perf_event_open");
	if (ioctl(a->efd, PERF_EVENT_IOC_SET_BPF, pfd))
		return fail("PERF_EVENT_IOC_SET_BPF");
	if (ioctl(a->efd, PERF_EVENT_IOC_ENABLE, 0))
		return fail("PERF_EVENT_IOC_ENABLE");
	printf("attach: OK\n");
	return 0;
}

/* What @a's program saw. */
static int report(const struct attached *a)
{
	union bpf_attr attr;
	uint32_t key = 0;
	struct seen seen;

	memset(&attr, 0, sizeof(attr));
	memset(&seen, 0, sizeof(seen));
	attr.map_fd = a->map;
	attr.key = (uintptr_t)&key;
	attr.value = (uintptr_t)&seen;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr))
		return fail("BPF_MAP_LOOKUP_ELEM");
	printf("hits: %llu\n", (unsigned long long)seen.hits);
	printf("int: %d\n", (int)seen.intval);
	if (a->off2 && a->str2) {
		unsigned int at = seen.loc & 0xffff, len = seen.loc >> 16;

		if (at + len <= REC_COPY && len)
			printf("str: %.*s\n", (int)len - 1,
			       (const char *)seen.rec + at);
		else
			printf("str: (loc %#x, outside the copied record)\n",
			       seen.loc);
	} else if (a->off2) {
		printf("field2: %u\n", seen.loc);
	}
	return 0;
}

#define MAX_EVENTS	8

int main(int argc, char **argv)
{
	struct attached ev[MAX_EVENTS];
	int i, nr = 0, cmd = 4, status, ret = 0;
	pid_t pid;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			cmd = i + 1;
	if (cmd == 4 ? argc < 5 : cmd >= argc || (cmd - 2) % 3 ||
	    (cmd - 2) / 3 > MAX_EVENTS) {
		fprintf(stderr,
			"usage: %s EVENT_DIR INT_FIELD FIELD2 COMMAND [ARG...]\n"
			"       %s EVENT_DIR INT_FIELD FIELD2 [EVENT_DIR INT_FIELD FIELD2]... -- COMMAND [ARG...]\n",
			argv[0], argv[0]);
		return 2;
	}
	for (i = 1; i + 2 < cmd && i + 2 < argc && strcmp(argv[i], "--");
	     i += 3, nr++) {
		struct attached *a = &ev[nr];
		int id = event_id(argv[i]);

		a->dir = argv[i];
		a->off_int = field_offset(argv[i], argv[i + 1], NULL);
		a->str2 = false;
		a->off2 = strcmp(argv[i + 2], "-") ?
			  field_offset(argv[i], argv[i + 2], &a->str2) : 0;
		if (id < 0 || a->off_int < 0 || a->off2 < 0) {
			fprintf(stderr, "%s: no such event or field\n", argv[i]);
			return 2;
		}
		if (cmd != 4)
			printf("event: %s\n", a->dir);
		if (attach_event(a, id))
			return 1;
	}
	fflush(stdout);

	pid = fork();
	if (pid == 0) {
		execvp(argv[cmd], argv + cmd);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	for (i = 0; i < nr; i++)
		ioctl(ev[i].efd, PERF_EVENT_IOC_DISABLE, 0);
	for (i = 0; i < nr; i++) {
		if (nr > 1)
			printf("event: %s\n", ev[i].dir);
		ret |= report(&ev[i]);
	}
	return ret;
}
