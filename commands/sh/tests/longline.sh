# a line longer than the shell's 1024 bytes is refused whole ($? = 2), and the next line
# runs; a 1000-byte line is fine
head -c 1500 /dev/zero | tr '\0' x > $T/long; echo >> $T/long; echo 'echo after $?; exit 4' >> $T/long
sh $T/long; echo status $?
echo 'echo \' > $T/ok; head -c 990 /dev/zero | tr '\0' y >> $T/ok; echo ' | wc -c' >> $T/ok
tr -d '\n' < $T/ok > $T/ok1; echo >> $T/ok1
sh $T/ok1 | tr -d ' '
