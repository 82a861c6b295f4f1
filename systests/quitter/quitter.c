/* quitter -- ends at once, leaving an endpoint that is dead for the others to try. */
int main(void)
{
    return 0;
}
