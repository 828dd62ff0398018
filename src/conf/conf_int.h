/*
 * conf_int.h - value parsers shared by the files of the conf module (not
 * an interface for other modules). Each returns 0, or -1 with the reason
 * in err and its output untouched.
 */
#ifndef CONF_INT_H
#define CONF_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"

int conf_value_number(const char *, long long min, long long max,
    long long *out, char *err, size_t errlen);
int conf_value_bool(const char *, bool *out, char *err, size_t errlen);
int conf_value_octal(const char *, unsigned long max, unsigned long *out,
    char *err, size_t errlen);
int conf_value_duration_ms(const char *, unsigned min_ms, unsigned max_ms,
    unsigned *out, char *err, size_t errlen);
int conf_value_cidr(
    const char *, struct conf_cidr *out, char *err, size_t errlen);
int conf_value_nameserver(const char *, char *err, size_t errlen);
bool conf_list_next(const char **sp, char *item, size_t itemlen);
bool conf_cidr_match(
    const struct conf_cidr *, int family, const unsigned char *addr);

/* The key table (conf_keys.c). */
#define CONF_NKEYS 37
int conf_key_find(const char *key);
const char *conf_key_name(int i);
int conf_key_apply(
    struct conf *, int i, const char *value, char *err, size_t errlen);

#endif /* CONF_INT_H */
