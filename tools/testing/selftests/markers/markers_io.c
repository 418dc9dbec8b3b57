// SPDX-License-Identifier: GPL-2.0
/*
 * markers_io: exact read(2)/write(2) calls on the markers debugfs files,
 * reporting the errno by name, for the markers selftests.  Shell
 * redirections cannot send an embedded NUL, decide how many write(2)
 * calls a string becomes, or tell EIO from ENODEV reliably; this can.
 *
 * usage:
 *   markers_io w TARGET DATA [REPEAT]   one write(2) of DATA (REPEAT times
 *                                       over, in the same single write)
 *   markers_io c TARGET DATA [REPEAT]   one write(2) per byte of the same
 *   markers_io r TARGET                 read the file to its end
 *
 * TARGET is a path, opened for the operation, or "fd:N" for a descriptor
 * the caller left open.  DATA takes the escapes \n, \t, \\, \0 and \xHH.
 *
 * Output (stdout): "w" prints OK or the errno name (EINVAL, E2BIG, ...);
 * "c" prints one such word per byte, space separated; "r" prints the
 * content, or the errno name alone on a line and exits 1.  The open's own
 * failure is reported the same way, as the errno name.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *err_name(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "EUNKNOWN";
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the escapes of @s into a new buffer; its length in @len. */
static char *unescape(const char *s, size_t *len)
{
	char *out = malloc(strlen(s) + 1);
	size_t n = 0;

	if (!out)
		return NULL;
	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n':
			out[n++] = '\n';
			s++;
			break;
		case 't':
			out[n++] = '\t';
			s++;
			break;
		case '0':
			out[n++] = '\0';
			s++;
			break;
		case 'x':
			if (hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
				out[n++] = hexval(s[1]) * 16 + hexval(s[2]);
				s += 3;
				break;
			}
			out[n++] = '\\';
			break;
		default:
			out[n++] = *s++;
			break;
		}
	}
	*len = n;
	return out;
}

static int open_target(const char *target, int flags)
{
	if (!strncmp(target, "fd:", 3))
		return atoi(target + 3);
	return open(target, flags);
}

static int do_read(const char *target)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open_target(target, O_RDONLY);
	if (fd < 0) {
		printf("%s\n", err_name(errno));
		return 1;
	}
	/* Reread from the start when handed a descriptor already read. */
	if (!strncmp(target, "fd:", 3))
		lseek(fd, 0, SEEK_SET);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			printf("%s\n", err_name(errno));
			return 1;
		}
		if (!n)
			break;
		fwrite(buf, 1, n, stdout);
	}
	return 0;
}

static void report(ssize_t ret, size_t want, int err)
{
	if (ret < 0)
		fputs(err_name(err), stdout);
	else if ((size_t)ret == want)
		fputs("OK", stdout);
	else
		printf("SHORT(%zd)", ret);
}

int main(int argc, char **argv)
{
	size_t len, total, i;
	long repeat = 1;
	char *data, *buf;
	ssize_t ret;
	int fd;

	if (argc < 3 || (argv[1][0] != 'r' && argc < 4)) {
		fprintf(stderr, "usage: %s w|c|r TARGET [DATA [REPEAT]]\n",
			argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "r"))
		return do_read(argv[2]);
	if (strcmp(argv[1], "w") && strcmp(argv[1], "c")) {
		fprintf(stderr, "%s: unknown operation %s\n", argv[0], argv[1]);
		return 2;
	}
	if (argc > 4)
		repeat = strtol(argv[4], NULL, 0);
	data = unescape(argv[3], &len);
	if (!data || repeat < 1)
		return 2;
	total = len * repeat;
	buf = malloc(total ? total : 1);
	if (!buf)
		return 2;
	for (i = 0; i < (size_t)repeat; i++)
		memcpy(buf + i * len, data, len);

	fd = open_target(argv[2], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", err_name(errno));
		return 0;
	}
	if (argv[1][0] == 'w') {
		ret = write(fd, buf, total);
		report(ret, total, errno);
	} else {
		for (i = 0; i < total; i++) {
			ret = write(fd, buf + i, 1);
			report(ret, 1, errno);
			if (i + 1 < total)
				putchar(' ');
		}
	}
	putchar('\n');
	return 0;
}
