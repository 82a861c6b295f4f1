# pipelines and redirections
echo hello | tr h j
echo one two three | tr ' ' '\n' | wc -l | tr -d ' '
echo first > $T/f; echo second >> $T/f; cat < $T/f
cat $T/f | sort -r
echo > $T/g replaced; cat $T/g
ls $T/no-such-file 2> $T/err; echo status $?; test -s $T/err && echo err-captured
ls $T/no-such-file 2>&1 | wc -l | tr -d ' '
sh -c 'echo to-stderr 1>&2' 2> /dev/null; echo quiet
false | true; echo pipe-status $?
true | false; echo pipe-status $?
cat < $T/missing; echo status $?
echo x >
