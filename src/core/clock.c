/*
 * clock.c: the wall clock (clock.h).
 */
#include "core/clock.h"

#include <time.h>

int64_t clock_now(void)
{
	return (int64_t)time(NULL);
}
