/* sef_init_type.c -- which init this instance ran (the chardriver library's restart rule). */
#include "sef.h"

int sef_init_type(void)
{
    return sef_me.type;
}
