/* spinner -- loops forever and never blocks: only preemption takes the CPU away from it. */
int main(void)
{
    volatile unsigned counter = 0;
    for (;;) {
        counter++;
    }
}
