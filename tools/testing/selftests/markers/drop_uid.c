// SPDX-License-Identifier: GPL-2.0
/*
 * drop_uid: run a command as nobody (uid and gid 65534, no supplementary
 * groups), for the markers selftests' permission checks.  Linked
 * statically: the test guest has no dynamic loader.
 *
 * usage: drop_uid COMMAND [ARG]...
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NOBODY 65534

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG]...\n", argv[0]);
		return 2;
	}
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)) {
		perror("drop_uid: cannot become nobody");
		return 2;
	}
	if (getuid() != NOBODY || geteuid() != NOBODY) {
		fprintf(stderr, "drop_uid: still privileged\n");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror("drop_uid: exec");
	return 127;
}
