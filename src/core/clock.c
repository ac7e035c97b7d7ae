/* clock: system time with a per-thread override. */
#include "core/clock.h"

#include <time.h>

static _Thread_local int64_t as_of;

int64_t clock_now(void)
{
	return as_of > 0 ? as_of : (int64_t)time(NULL);
}

void clock_set_as_of(int64_t t)
{
	as_of = t;
}

int64_t clock_mono_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}
