# unknown commands, signals, syntax errors, exit
nosuchcommand arg; echo status $?
/no/such/path; echo status $?
sh -c 'kill -SEGV $$'; echo status $?
sh -c 'kill -TERM $$'; echo status $?
sh -c 'kill -KILL $$'; echo status $?
echo a | | echo b
echo a &&
;
echo "unterminated
echo 'still running'
exit 1 2
exit x
sh -c 'exit 300'; echo status $?
exit 5
echo not-reached
