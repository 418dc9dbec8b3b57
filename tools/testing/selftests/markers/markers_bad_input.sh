#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad writes to every writable file (<name>/enable, <name>/probes): each
# write(2) is one command of at most 63 bytes (else E2BIG), printable ASCII
# and one optional trailing newline; anything else is EINVAL (ENOENT for a
# probe that is not attached) and changes nothing: not the enable value,
# not the probes file, not the listing line.  Then 1000 concurrent writers
# and writers racing the module's unload.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

NAME=subsystem_event
EV=$MARKERS/$NAME

# Everything observable about NAME, for before/after comparisons.
full_state()
{
	printf '%s | %s' "$(marker_state "$NAME")" "$(listing_line "$NAME")"
}

# try FILE EXPECTED DESCRIPTION DATA [REPEAT]: one write(2) of DATA must
# fail with EXPECTED and leave the state as it was.
try()
{
	local file=$1 want=$2 desc=$3 before got after

	shift 3
	before=$(full_state)
	got=$(mwrite "$EV/$file" "$@")
	after=$(full_state)
	if [ "$got" = "$want" ] && [ "$before" = "$after" ]; then
		ktap_test_pass "$file: $desc: $want, nothing changed"
	else
		ktap_msg "got $got; before: $before"
		ktap_msg "after: $after"
		ktap_test_fail "$file: $desc: $want, nothing changed"
	fi
}

# Bad values for enable (in an armed and a disarmed state).
enable_table()
{
	local tag=$1

	try enable EINVAL "$tag empty write" ''
	try enable EINVAL "$tag a lone newline" '\n'
	try enable EINVAL "$tag two newlines" '\n\n'
	try enable EINVAL "$tag '2'" '2'
	try enable EINVAL "$tag '-1'" '-1\n'
	try enable EINVAL "$tag '1x'" '1x'
	try enable EINVAL "$tag '0x1'" '0x1'
	try enable EINVAL "$tag '01'" '01'
	try enable EINVAL "$tag 'yesx' (a word and more)" 'yesx'
	try enable EINVAL "$tag 'yolo' (kstrtobool would take it)" 'yolo'
	try enable EINVAL "$tag leading space" ' 1'
	try enable EINVAL "$tag trailing space" '0 '
	try enable EINVAL "$tag trailing space then newline" '1 \n'
	try enable EINVAL "$tag 1 and a newline twice" '1\n\n'
	try enable EINVAL "$tag CR LF" '0\r\n'
	try enable EINVAL "$tag a tab" '1\t'
	try enable EINVAL "$tag embedded NUL" '1\0'
	try enable EINVAL "$tag NUL then 0" '\0000'
	try enable EINVAL "$tag byte 0xff" '\xff'
	try enable EINVAL "$tag UTF-8 after a digit" '1\xc3\xa9'
	try enable EINVAL "$tag 63 bytes (the longest), not a word" '1' 63
	try enable E2BIG "$tag 64 bytes" '1' 64
	try enable E2BIG "$tag a 1 MiB write" '0' 1048576
}

ktap_print_header
ktap_set_plan 86

modprobe marker-example
echo counter > "$EV/probes"
echo 1 > "$EV/enable"
fire_example 3
enable_table armed:
echo 0 > "$EV/enable"
enable_table disarmed:
echo 1 > "$EV/enable"

# Bad commands for probes (counter attached and armed).
try probes EINVAL "empty write" ''
try probes EINVAL "a lone newline" '\n'
try probes EINVAL "unknown probe" 'function'
try probes EINVAL "probe names are case sensitive" 'Counter'
try probes EINVAL "numeric '2'" '2'
try probes EINVAL "'-1'" '-1'
try probes EINVAL "leading space" ' counter'
try probes EINVAL "trailing space (an empty command for counter)" 'counter '
try probes EINVAL "trailing space on printk" 'printk '
try probes EINVAL "two spaces before the command" 'counter  reset'
try probes EINVAL "a lone '!'" '!'
try probes EINVAL "'! counter'" '! counter'
try probes EINVAL "'!!counter'" '!!counter'
try probes EINVAL "'counter bogus'" 'counter bogus'
try probes EINVAL "'counter reset' twice in one write" 'counter reset\ncounter reset'
try probes EINVAL "'!counter reset'" '!counter reset'
try probes EINVAL "'printk reset' (printk takes no command)" 'printk reset'
try probes EINVAL "embedded NUL" 'counter\0reset'
try probes EINVAL "NUL after a valid detach" '!counter\0'
try probes EINVAL "byte 0x80" 'counter\x80'
try probes EINVAL "byte 0xff alone" '\xff'
try probes EINVAL "a tab" 'counter\treset'
try probes EINVAL "CR LF" '!counter\r\n'
try probes EINVAL "63 bytes of an unknown name" 'a' 63
try probes E2BIG "64 bytes" 'a' 64
try probes E2BIG "a 4 KiB probe name" 'p' 4096
try probes E2BIG "a 1 MiB write" '!' 1048576
try probes ENOENT "'!printk' (not attached)" '!printk'
try probes EINVAL "'!function' (no such probe)" '!function'

# One byte per write(2): every byte is its own command.
before=$(full_state)
ktap_expect "probes: 'counter\\n' one byte per write: each byte is EINVAL" \
	"EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL|$before" \
	"$("$MIO" c "$EV/probes" 'counter\n')|$(full_state)"
ktap_expect "probes: '!counter' one byte per write: each byte is EINVAL" \
	"EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL|$before" \
	"$("$MIO" c "$EV/probes" '!counter')|$(full_state)"
ktap_expect "enable (armed): '0\\n' one byte per write: '0' disarms, '\\n' is EINVAL" \
	"OK EINVAL 0" "$("$MIO" c "$EV/enable" '0\n') $(enable_of $NAME)"
ktap_expect "enable: '10' one byte per write: two commands, ending disarmed" \
	"OK OK 0" "$("$MIO" c "$EV/enable" '10') $(enable_of $NAME)"
ktap_expect "enable: 'yes' one byte per write: 'y' arms, 'e' and 's' are EINVAL" \
	"OK EINVAL EINVAL 1" "$("$MIO" c "$EV/enable" 'yes') $(enable_of $NAME)"

# 1000 concurrent writers, valid and invalid, on both files.
enable_words=(1 0 2 yes no '' on off x)
probe_words=(counter '!counter' printk '!printk' 'counter reset' bogus '!' '')
for ((i = 0; i < 1000; i++)); do
	if ((i % 2)); then
		w=${enable_words[i % ${#enable_words[@]}]}
		(echo "$w" > "$EV/enable") 2>/dev/null &
	else
		w=${probe_words[i % ${#probe_words[@]}]}
		(echo "$w" > "$EV/probes") 2>/dev/null &
	fi
done
wait
e=$(cat "$EV/enable")
arms=$(listing_field $NAME arms)
ktap_check "1000 writers: enable reads a single 0 or 1, and the listing agrees ($e, arms=$arms)" \
	test "$e" = "$((arms > 0))" -a "$arms" -le 1
nlines=$(grep -c . "$EV/probes")
nc=$(grep -c '^counter hits=' "$EV/probes")
np=$(grep -c '^printk printed=' "$EV/probes")
ktap_check "1000 writers: each built-in at most once, listing agrees ($nc counter, $np printk)" \
	test "$nc" -le 1 -a "$np" -le 1 -a "$nlines" = $((nc + np)) -a \
	     "$(listing_field $NAME probes)" = "$nlines"
echo 0 > "$EV/enable"
echo '!counter' > "$EV/probes" 2>/dev/null
echo '!printk' > "$EV/probes" 2>/dev/null
ktap_expect "1000 writers: 0 and detaching both leave nothing held" \
	"enable=0 arms=0 probes= 0" "$(marker_state $NAME) $(listing_field $NAME probes)"

# Writers racing the module's unload: only success, ENODEV, EIO, or the
# file being gone (ENOENT at open) are allowed, and no splat.
kmsg_mark race
stop=/tmp/markers-race-stop.$$
rm -f "$stop"
# Two writers open the file afresh for each write, two keep one
# descriptor open across the unload (one write(2) after another on it).
for f in enable probes; do
	(
		vals=(1 0 counter '!counter')
		n=0
		while [ ! -e "$stop" ]; do
			if [ $f = enable ]; then v=${vals[n % 2]}; else v=${vals[2 + n % 2]}; fi
			"$MIO" w "$MARKERS/$NAME/$f" "$v"
			n=$((n + 1))
		done
	) > "/tmp/markers-race-$f.$$" &
	(
		while [ ! -e "$stop" ]; do
			if ! exec 3> "$MARKERS/$NAME/$f"; then
				echo ENOENT
				continue
			fi
			for ((n = 0; n < 20; n++)); do
				if [ $f = enable ]; then v=$((n % 2)); else v=counter; fi
				"$MIO" w fd:3 "$v"
			done
			exec 3>&-
		done 2>/dev/null
	) > "/tmp/markers-race-$f-fd.$$" &
done
for ((i = 0; i < 6; i++)); do
	rmmod marker-example
	modprobe marker-example
done
touch "$stop"
wait
logs=(/tmp/markers-race-enable.$$ /tmp/markers-race-probes.$$
      /tmp/markers-race-enable-fd.$$ /tmp/markers-race-probes-fd.$$)
results=$(cat "${logs[@]}" | sort | uniq -c | tr -s ' \n' ' ')
ktap_msg "racing writers saw:$results"
ktap_expect "racing writes answer only OK, ENODEV, EIO or ENOENT" "" \
	"$(grep -hvxE 'OK|ENODEV|EIO|ENOENT' "${logs[@]}" | sort -u | tr '\n' ' ')"
rm -f "$stop" "${logs[@]}"
ktap_expect "no splat in the kernel log during the race" "" \
	"$(kmsg_since race | grep -E "$SPLAT_RE")"
e=$(cat "$EV/enable")
arms=$(listing_field $NAME arms)
ktap_check "after the race: enable and the listing agree on at most one arm ($e, arms=$arms)" \
	test "$e" = "$((arms > 0))" -a "$arms" -le 1

ktap_finished
