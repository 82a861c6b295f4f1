# background jobs run on while the shell goes on; $! is not supported
sleep 1 > /dev/null & echo started
echo fg
sh -c 'sleep 0; echo bg-output > $T/bg' &
sleep 1; cat $T/bg
