/* fuzz_xlsx: the XLSX reader (zip, inflate, expat) on arbitrary bytes. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader_limits lim;

	reader_limits_default(&lim);
	/* Smaller caps than the defaults, so that the limits are reached
	 * and no input can spend seconds inflating. */
	lim.max_field = 4096;
	lim.max_columns = 64;
	lim.max_depth = 16;
	lim.max_inflated = 8 * 1024 * 1024;
	lim.max_entries = 64;
	lim.max_xml_alloc = 4 * 1024 * 1024;
	lim.max_shared = 1024 * 1024;
	fuzz_reader(READER_XLSX, &lim, data, size);
	return 0;
}
