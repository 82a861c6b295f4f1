#!/bin/sh
# run.sh SHELL -- the host test of commands/sh: runs each tests/NAME.sh with SHELL (the
# host build of the shell, also first in PATH as `sh`), stdout and stderr together plus
# "exit N", and compares with tests/NAME.out. Prints one line per case and a summary;
# exits with the number of failures.
here=$(cd "$(dirname "$0")" && pwd)
shell=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin" && ln -s "$shell" "$T/bin/sh"
pass=0 fail=0
for t in "$here"/*.sh; do
    name=$(basename "$t" .sh)
    [ "$name" = run ] && continue
    out="$T/$name.got"
    ( cd "$T" && env -i PATH="$T/bin:/bin:/usr/bin" T="$T" HOME="$T" "$shell" "$t" </dev/null >"$out" 2>&1
      echo "exit $?" >>"$out" )
    sed -i "s|$T|TMP|g" "$out"
    if cmp -s "$out" "$here/$name.out"; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name"; diff "$here/$name.out" "$out" | head -20
    fi
done
echo "sh host test: $pass passed, $fail failed"
exit $fail
