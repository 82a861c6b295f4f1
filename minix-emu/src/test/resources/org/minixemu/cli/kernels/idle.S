# The determinism kernel waiting for 2000 PIT ticks at 1 kHz: two seconds of guest time, nearly
# all of it in HLT, for the test that --clock realtime sleeps through idle time.
        .set TICKS, 2000
        .include "determinism.S"
