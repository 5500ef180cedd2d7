/*
 * fuzz: what the libFuzzer harnesses share. Each harness defines
 * LLVMFuzzerTestOneInput (and may define LLVMFuzzerInitialize); under
 * `make fuzz` clang's libFuzzer drives them, under `make check` replay.c
 * feeds them the seed corpus and every input kept in regress/. A harness
 * calls abort() when a property fails, so both count it as a crash.
 */
#ifndef KP_FUZZ_H
#define KP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * Read data as a file of format fmt through the reader, to the end or the
 * first error, checking the reader's promises on every row (lens[i] is
 * strlen(values[i]), at most max_field; names[] as documented). The input
 * lives in a memory file, so nothing touches the disk.
 */
void fuzz_reader(enum reader_format fmt, const struct reader_limits *lim,
    const uint8_t *data, size_t size);

#endif
