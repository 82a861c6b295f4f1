/* false -- does nothing, unsuccessfully: exit status 1 (arguments are ignored). */
int main(void)
{
    return 1;
}
