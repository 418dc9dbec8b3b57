#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run a command as a named stage: when STAGE_TIMES names a file, append
# "START END STATUS NAME" to it (epoch seconds), for the time table that
# .ci/run prints at its end.  Exits with the command's status.
# usage: stage.sh NAME COMMAND [ARGS...]
name=$1
shift
start=$(date +%s)
"$@"
rc=$?
[ -z "${STAGE_TIMES:-}" ] ||
	echo "$start $(date +%s) $rc $name" >> "$STAGE_TIMES"
exit $rc
