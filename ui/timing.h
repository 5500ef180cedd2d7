/*
 * timing: opt-in measurement, for the screen benchmark
 * (tests/bench/bench_screens.sh), of the time from a key to the end of the
 * paint it causes. With KPIDESK_TIMING_LOG=FILE set, each paint that
 * follows a key appends "SCREEN first|step MILLISECONDS" to FILE ("first":
 * the screen's first paint, its data loaded). No key value is written: a
 * key may be part of a password.
 */
#ifndef KP_TIMING_H
#define KP_TIMING_H

/* Open the log named by KPIDESK_TIMING_LOG (0600, appended, never through
 * a symbolic link); nothing happens when it is unset or cannot be opened. */
void timing_open(void);
/* Start the clock: a key arrived (or a login ended, whose password
 * hashing is slow on purpose and not a screen's work). */
void timing_start(void);
/* A paint of screen ended; first when the screen changed since the last
 * paint. Writes a line when a key started the clock. */
void timing_painted(const char *screen, int first);
/* Close the log. */
void timing_close(void);

#endif
