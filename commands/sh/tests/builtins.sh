# builtins: cd, pwd, export listing, unset, set, help, exit in a pipeline
cd $T; pwd
mkdir sub; cd sub; pwd; echo PWD=$PWD
cd; pwd
cd /no/such/dir; echo status $?
export Q=1 R=2; export | grep -e ' Q=' -e ' R='
unset Q; export | grep -c ' Q='
set | grep '^R='
help | head -2
exit 3 | cat; echo still here $?
pwd extra; echo status $?
