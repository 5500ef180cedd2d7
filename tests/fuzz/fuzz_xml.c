/* fuzz_xml: the XML reader on arbitrary bytes. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader_limits lim;

	reader_limits_default(&lim);
	/* Smaller caps than the defaults, so that the limits are reached. */
	lim.max_field = 4096;
	lim.max_columns = 64;
	lim.max_depth = 16;
	lim.max_xml_alloc = 4 * 1024 * 1024;
	fuzz_reader(READER_XML, &lim, data, size);
	return 0;
}
