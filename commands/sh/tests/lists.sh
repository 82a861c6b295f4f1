# ; && || and their status
true && echo 1
false && echo not-2
false || echo 3
true || echo not-4
false && echo no || echo 5
true && false || echo 6
echo a; echo b ; echo c;
false; echo status $?
true && sh -c 'exit 7'; echo status $?
