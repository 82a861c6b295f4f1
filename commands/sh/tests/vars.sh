# variables: set, ${}, export, env passing, prefix assignments, $?, $$, $#, unset
A=1 B=two
echo $A ${B}x "$A$B" '$A'
A=changed; echo $A
echo [$UNSET_VAR]
C=hidden; sh -c 'echo child: [$C]'
export C; sh -c 'echo child: [$C]'
export D=direct; sh -c 'echo child: [$D]'
E=prefix sh -c 'echo prefix: [$E]'; echo after: [$E]
unset A; echo [$A]
false; echo $?; true; echo $?
sh -c 'exit 42'; echo $?
test $$ -gt 0 && echo pid-ok
sh -c 'echo $# $0 $1 $2' name one two
export 1BAD
echo $?
