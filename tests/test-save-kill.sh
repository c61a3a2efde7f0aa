#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-save-kill.sh: a save killed at any moment leaves the project whole.
#   test-save-kill.sh PATH/TO/neuronlab-cli [ROUNDS]
#
# ROUNDS times (100), a project holds the old version of a piece of work;
# `neuronlab-cli train --save` is started to replace it with a new version
# and sent SIGKILL: every other round after a random delay, from before it
# has started to after it has finished, and in between during the save
# itself (a few milliseconds of the run, which random delays alone would
# seldom hit), a random moment after it begins to write. The project must then be the old file or the new one,
# byte for byte, and `predict` must read it. Killed saves may leave their
# temporary files; the next save removes them (checked at the end). TAP.
set -u
cli=$1
rounds=${2:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

echo "1..4"

# The two versions, each saved whole once, for comparison. The new one is
# large enough (tens of thousands of epochs of history) that a save takes a
# while to format and write.
old_args=(train --epochs 10 --seed 3)
new_args=(train --epochs 20000 --seed 3)
"$cli" "${old_args[@]}" --save "$tmp/old.ref" >/dev/null 2>&1 &&
  "$cli" "${new_args[@]}" --save "$tmp/new.ref" >/dev/null 2>&1
ok $? "the old and the new version save"

# How long a whole run and save takes, in milliseconds: the kills fall from
# 0 to a little past it.
start=$(date +%s%N)
"$cli" "${new_args[@]}" --save "$tmp/timing.neuronlab" >/dev/null 2>&1
span=$(( ($(date +%s%N) - start) / 1000000 * 5 / 4 + 2 ))

project="$tmp/work.neuronlab"
bad=""
n_old=0
n_new=0
touch "$tmp/marker"
for round in $(seq 1 "$rounds"); do
  cp "$tmp/old.ref" "$project"
  touch -d '2000-01-01' "$project"
  "$cli" "${new_args[@]}" --save "$project" >/dev/null 2>&1 &
  pid=$!
  if [ $((round % 2)) = 1 ]; then
    # Anywhere in the run, training included.
    delay=$(( RANDOM % span ))
    sleep "$(printf '0.%03d' "$delay")"
    when="after ${delay} ms"
  else
    # During the save itself, which is a few milliseconds of a run: from
    # the moment its temporary file appears (or the project changes), a
    # random number of turns of this loop later.
    spin=$(( RANDOM % 100 ))
    while kill -0 "$pid" 2>/dev/null; do
      if [ -e "$project.$pid-0.tmp" ] || [ "$project" -nt "$tmp/marker" ]; then
        for ((i = 0; i < spin; i++)); do :; done
        break
      fi
    done
    when="$spin turns into the save"
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if cmp -s "$project" "$tmp/old.ref"; then
    n_old=$((n_old + 1))
  elif cmp -s "$project" "$tmp/new.ref"; then
    n_new=$((n_new + 1))
  else
    bad="$bad round $round (killed $when)"
    cp "$project" "$tmp/bad-$round.neuronlab"
    continue
  fi
  if ! "$cli" predict "$project" 130,65 >/dev/null 2>&1; then
    bad="$bad round $round (predict refused it)"
  fi
done
[ -z "$bad" ]
ok $? "after $rounds kills (half within ${span} ms, half during the save) the project is always the old file ($n_old) or the new one ($n_new), whole and readable${bad:+:$bad}"

# Whatever the kills left beside the project, one whole save removes.
"$cli" "${new_args[@]}" --save "$project" >/dev/null 2>&1
left=$(ls "$tmp" | grep -c '^work\.neuronlab\..*\.tmp$')
[ "$left" = 0 ]
ok $? "a whole save removes the temporary files the killed saves left ($left left)"
cmp -s "$project" "$tmp/new.ref"
ok $? "and writes the new version"

exit $failed
