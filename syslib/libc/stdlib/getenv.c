/* getenv.c -- a variable of the environment exec gave the program (crt0 sets environ). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *getenv(const char *name)
{
    size_t len;

    if (name == NULL || environ == NULL || strchr(name, '=') != NULL)
        return NULL;
    len = strlen(name);
    for (char **e = environ; *e != NULL; e++)
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return *e + len + 1;
    return NULL;
}
