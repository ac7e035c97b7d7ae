/*
 * clock: the time the domain records (Unix seconds, UTC). Normally the
 * system clock; a thread may set an "as of" time so that the demo history
 * (and tests) drive the real workflow on past dates.
 */
#ifndef KLANG_CORE_CLOCK_H
#define KLANG_CORE_CLOCK_H

#include <stdint.h>

/* Now, or this thread's "as of" time when one is set. */
int64_t clock_now(void);

/* Sets (t > 0) or clears (t = 0) this thread's "as of" time. */
void clock_set_as_of(int64_t t);

/* Microseconds of a monotonic clock, for measuring durations. */
int64_t clock_mono_us(void);

#endif
