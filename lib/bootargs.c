/*
 * bootargs.c - xenrtos/bootargs.h. Portable C on the C library's strings only: the images link
 * it from lib/, the host port compiles it too.
 */
#include <string.h>

#include "xenrtos/bootargs.h"

bool xr_bootargs_find(const char *args, const char *key, char *buf, unsigned int len)
{
    size_t klen = strlen(key);
    const char *a = args;

    if (a == NULL || len == 0) {
        return false;
    }
    while (*a != '\0') {
        while (*a == ' ') {
            a++;
        }
        if (strncmp(a, key, klen) == 0 && a[klen] == '=') {
            a += klen + 1;
            unsigned int n = 0;
            while (a[n] != '\0' && a[n] != ' ' && n + 1 < len) {
                buf[n] = a[n];
                n++;
            }
            buf[n] = '\0';
            return true;
        }
        while (*a != '\0' && *a != ' ') {
            a++;
        }
    }
    return false;
}
