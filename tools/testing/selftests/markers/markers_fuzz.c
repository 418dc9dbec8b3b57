// SPDX-License-Identifier: GPL-2.0
/*
 * markers_fuzz: seeded random writes to a markers control file.
 *
 * usage: markers_fuzz TARGET SEED COUNT
 *
 * Each write is built from the control language's words (verbs, probes,
 * globs, module: filters, separators), mangled now and then (cut, a
 * random byte, a word too long, a write too big).  Every write(2) must
 * succeed or fail with one of the errnos the control file documents.
 * Prints the number of writes and of each outcome; exits 1 when a write
 * failed with another errno, or when the file could not be opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUF_MAX	(8192 + 64)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned long long state;

static unsigned int rnd(unsigned int n)
{
	/* xorshift64*: reproducible from the seed alone. */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (unsigned int)((state * 2685821657736338717ULL) >> 33) % n;
}

static const char * const verbs[] = {
	"enable", "disable", "attach", "detach", "enable", "disable",
	"enab", "ENABLE", "", "attach counter", "detach counter",
};

static const char * const probes[] = {
	"printk", "counter", "trace", "bogus", "",
};

static const char * const globs[] = {
	"subsystem_*", "*", "sample_?", "fuzz_nomatch_*", "subsystem_event",
	"**", "a**b", "sub.event", "x/y", "?", "initcall_*", "",
};

static const char * const mods[] = {
	"", "", "", " module:marker_example", " module:marker-example",
	" module:", " module:a/b", " module:vmlinux", " mod:x",
};

static const char * const seps[] = { ";", "\n", "; ", " ;\n", "\t" };

static const char *pick(const char * const *words, unsigned int n)
{
	return words[rnd(n)];
}

static size_t add(char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (len + n >= BUF_MAX)
		return len;
	memcpy(buf + len, s, n);
	return len + n;
}

static size_t one_write(char *buf)
{
	unsigned int cmds = 1 + rnd(4), i, k;
	size_t len = 0;

	for (i = 0; i < cmds; i++) {
		const char *verb = pick(verbs, ARRAY_SIZE(verbs));

		len = add(buf, len, verb);
		if (!strncmp(verb, "attach", 6) || !strncmp(verb, "detach", 6)) {
			len = add(buf, len, " ");
			len = add(buf, len, pick(probes, ARRAY_SIZE(probes)));
		}
		len = add(buf, len, " ");
		if (rnd(10) == 0) {
			/* A glob around the longest name. */
			for (k = 120 + rnd(20); k; k--)
				len = add(buf, len, rnd(8) ? "g" : "*");
		} else {
			len = add(buf, len, pick(globs, ARRAY_SIZE(globs)));
		}
		len = add(buf, len, pick(mods, ARRAY_SIZE(mods)));
		if (i + 1 < cmds || rnd(2))
			len = add(buf, len, pick(seps, ARRAY_SIZE(seps)));
	}
	switch (rnd(12)) {
	case 0:		/* a random byte anywhere, NUL and above 0x7f too */
		if (len)
			buf[rnd(len)] = (char)rnd(256);
		break;
	case 1:		/* cut: half a command */
		len = rnd(len + 1);
		break;
	case 2:		/* too big for one write */
		while (len < 4096 + rnd(4096))
			len = add(buf, len, ";");
		break;
	}
	return len;
}

int main(int argc, char **argv)
{
	static const int allowed[] = {
		0, EINVAL, E2BIG, ENAMETOOLONG, ENOSPC, ENOENT,
	};
	unsigned long count, i, outcome[6] = { 0 }, other = 0;
	static char buf[BUF_MAX];
	int fd, k;

	if (argc != 4) {
		fprintf(stderr, "usage: %s TARGET SEED COUNT\n", argv[0]);
		return 2;
	}
	state = strtoull(argv[2], NULL, 0) * 0x9e3779b97f4a7c15ULL | 1;
	count = strtoul(argv[3], NULL, 0);
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < count; i++) {
		size_t len = one_write(buf);
		ssize_t ret = write(fd, buf, len);
		int err = ret < 0 ? errno : 0;

		for (k = 0; k < 6 && allowed[k] != err; k++)
			;
		if (k < 6) {
			outcome[k]++;
			continue;
		}
		other++;
		printf("write %lu (%zu bytes): unexpected %s\n", i, len,
		       strerror(err));
	}
	close(fd);
	printf("writes=%lu ok=%lu EINVAL=%lu E2BIG=%lu ENAMETOOLONG=%lu ",
	       count, outcome[0], outcome[1], outcome[2], outcome[3]);
	printf("ENOSPC=%lu ENOENT=%lu other=%lu\n", outcome[4], outcome[5],
	       other);
	return other ? 1 : 0;
}
