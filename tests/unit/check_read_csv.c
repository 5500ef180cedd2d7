/*
 * Unit tests (read_csv, read_text): the CSV reader's header search, "sep=X" line and encodings
 * (UTF-16 by BOM, windows-1252 and iso-8859-1 by name), with exact names,
 * values, line numbers and reader_info; the file opened once (a FIFO is
 * refused) and its digest that of the bytes read. Fixtures are written at
 * run time. The quoting, limits and hostile corpus are in check_readers.c.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <stdint.h>

#include "testutil.h"

#include "hash.h"
#include "reader.h"
#include "reader_impl.h"
#include "rules.h"
#include "strbuf.h"
#include "xmem.h"

static const char *const cust_cols[] = {
	"customer_id", "customer_name", "mobile_number", "region"
};

/*
 * Read a whole file into a text dump: "H:" and the header names, then one
 * "LINE:" line per row with values joined by '|' (" (n=N)" when the width
 * differs from the header), then "I:" and the reader_info fields. Checks
 * that reader_bytes ends at the file's size and reader_digest is the file's
 * SHA-256. Returns 0 and *out, or -1 and *cause.
 */
static int
dump(const char *path, const struct reader_opts *opts, char **out,
    char **cause)
{
	const struct reader_info *info;
	struct reader *r;
	struct reader_row row;
	struct strbuf sb;
	char hex[HASH_HEXLEN + 1], want[HASH_HEXLEN + 1];
	uint8_t digest[HASH_LEN];
	uint64_t size, file_size, last = 0;
	size_t i, rows = 0;
	int rc;

	*out = NULL;
	*cause = NULL;
	if ((r = reader_open(path, READER_CSV, NULL, opts, cause)) == NULL)
		return -1;
	strbuf_init(&sb);
	while ((rc = reader_next(r, &row, cause)) == 1) {
		if (rows++ == 0) {
			strbuf_puts(&sb, "H:");
			for (i = 0; i < row.header_n; i++)
				strbuf_printf(&sb, "%s%s", i ? "|" : "",
				    row.names[i]);
			strbuf_putc(&sb, '\n');
		}
		strbuf_printf(&sb, "%zu:", row.line);
		for (i = 0; i < row.n; i++) {
			ck_assert_uint_eq(strlen(row.values[i]), row.lens[i]);
			if (i >= row.header_n)
				ck_assert_ptr_null(row.names[i]);
			strbuf_printf(&sb, "%s%s", i ? "|" : "",
			    row.values[i]);
		}
		if (row.n != row.header_n)
			strbuf_printf(&sb, " (n=%zu)", row.n);
		strbuf_putc(&sb, '\n');
		/* Progress never goes back nor past the file. */
		ck_assert_uint_ge(reader_bytes(r), last);
		last = reader_bytes(r);
		ck_assert_uint_le(last, reader_size(r));
	}
	if (rc == -1) {
		ck_assert_ptr_nonnull(*cause);
		reader_close(r);
		strbuf_free(&sb);
		return -1;
	}
	ck_assert_uint_eq(reader_bytes(r), reader_size(r));
	info = reader_info(r);
	strbuf_printf(&sb, "I:enc=%s delim=%s sep=%d header=%zu titles=%zu\n",
	    info->encoding, info->delim == '\t' ? "TAB" :
	    (char[]){ info->delim, '\0' }, info->sep_line, info->header_line,
	    info->title_rows);
	/* The digest is the file's SHA-256, of the bytes read. */
	ck_assert_int_eq(reader_digest(r, hex, &size, cause), 0);
	ck_assert_int_eq(hash_file(path, digest, &file_size, cause), 0);
	hash_hex(digest, sizeof digest, want);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, file_size);
	reader_close(r);
	*out = strbuf_detach(&sb);
	return 0;
}

static void
expect(const char *path, const struct reader_opts *opts, const char *want)
{
	char *out, *cause;

	if (dump(path, opts, &out, &cause) != 0)
		ck_abort_msg("%s: unexpected error: %s", path, cause);
	ck_assert_str_eq(out, want);
	free(out);
}

static void
expect_error(const char *path, const struct reader_opts *opts,
    const char *want)
{
	char *out, *cause;

	if (dump(path, opts, &out, &cause) == 0)
		ck_abort_msg("%s: expected \"%s\", read:\n%s", path, want, out);
	if (strstr(cause, want) == NULL)
		ck_abort_msg("%s: expected \"%s\", got \"%s\"", path, want,
		    cause);
	free(cause);
}

/* Write data to DIR/name and return the path (caller frees). */
static char *
put(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);

	testutil_write(path, data, len, 0600);
	return path;
}

static char *
puts_file(const char *dir, const char *name, const char *text)
{
	return put(dir, name, text, strlen(text));
}

/* Append the UTF-8 text s as UTF-16 (big-endian if be) to sb. */
static void
utf16(struct strbuf *sb, const char *s, int be)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, u[2];
	size_t n, i;

	while (*p != '\0') {
		if (*p < 0x80)
			c = *p++;
		else if ((*p & 0xe0) == 0xc0) {
			c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
			p += 2;
		} else if ((*p & 0xf0) == 0xe0) {
			c = (uint32_t)(p[0] & 0x0f) << 12 |
			    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
			p += 3;
		} else {
			c = (uint32_t)(p[0] & 0x07) << 18 |
			    (uint32_t)(p[1] & 0x3f) << 12 |
			    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
			p += 4;
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			u[0] = 0xd800 | (c >> 10);
			u[1] = 0xdc00 | (c & 0x3ff);
			n = 2;
		} else {
			u[0] = c;
			n = 1;
		}
		for (i = 0; i < n; i++) {
			if (be) {
				strbuf_putc(sb, (char)(u[i] >> 8));
				strbuf_putc(sb, (char)(u[i] & 0xff));
			} else {
				strbuf_putc(sb, (char)(u[i] & 0xff));
				strbuf_putc(sb, (char)(u[i] >> 8));
			}
		}
	}
}

/* ---- header search */

START_TEST(test_title_row)
{
	struct reader_opts o = { cust_cols, 4, NULL, NULL, 0 };
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "t1.csv",
	    "Customer master export\n"
	    "customer_id,customer_name,mobile_number,region\n"
	    "CUST-0001,Aarav Mehta,9123456781,West\n"
	    "CUST-0002,Diya Rao,9123456782,North\n");
	expect(p, &o,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "3:CUST-0001|Aarav Mehta|9123456781|West\n"
	    "4:CUST-0002|Diya Rao|9123456782|North\n"
	    "I:enc=UTF-8 delim=, sep=0 header=2 titles=1\n");
	free(p);

	/* Two title rows and a blank line; names matched once normalized,
	 * given as they are; a multi-line title record. */
	p = puts_file(dir, "t2.csv",
	    "\"Sales report\nOctober\",,\n"
	    "Generated 2025-10-12,by,finance\n"
	    "\r\n"
	    "Region, Customer ID ,Customer Name,MOBILE-NUMBER\r\n"
	    "West,CUST-0001,Aarav Mehta,9123456781\r\n"
	    "\r\n"
	    "East,CUST-0003,\"Rao,\nDiya\",9123456783\r\n");
	expect(p, &o,
	    "H:Region| Customer ID |Customer Name|MOBILE-NUMBER\n"
	    "6:West|CUST-0001|Aarav Mehta|9123456781\n"
	    "8:East|CUST-0003|Rao,\nDiya|9123456783\n"
	    "I:enc=UTF-8 delim=, sep=0 header=5 titles=2\n");
	free(p);

	/* A title row without a delimiter: the next line decides it. */
	p = puts_file(dir, "t3.csv",
	    "Customer master\n"
	    "customer_id;customer_name;mobile_number;region\n"
	    "CUST-0001;Mehta, Aarav;9123456781;West\n");
	expect(p, &o,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "3:CUST-0001|Mehta, Aarav|9123456781|West\n"
	    "I:enc=UTF-8 delim=; sep=0 header=2 titles=1\n");

	/* No required columns: the first row, as before. */
	expect(p, NULL,
	    "H:Customer master\n"
	    "2:customer_id|customer_name|mobile_number|region (n=4)\n"
	    "3:CUST-0001|Mehta, Aarav|9123456781|West (n=4)\n"
	    "I:enc=UTF-8 delim=; sep=0 header=1 titles=0\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_header_not_found)
{
	static const char *const two[] = { "id", "name" };
	struct reader_opts o = { cust_cols, 4, NULL, NULL, 0 };
	struct reader_opts o2 = { two, 2, NULL, NULL, 0 };
	char *dir = testutil_tmpdir(), *p, *cause = NULL;
	struct reader_row row;
	struct reader *r;
	struct strbuf sb;
	int i, j;

	/* The header on line 20 (blank lines count) is found... */
	strbuf_init(&sb);
	strbuf_puts(&sb, "Title\n");
	for (i = 0; i < 18; i++)
		strbuf_puts(&sb, "\n");
	strbuf_puts(&sb, "id,name\n1,x\n");
	p = put(dir, "h20.csv", sb.buf, sb.len);
	expect(p, &o2,
	    "H:id|name\n"
	    "21:1|x\n"
	    "I:enc=UTF-8 delim=, sep=0 header=20 titles=1\n");
	free(p);

	/* ...on line 21 it is not: the first row is the header and the
	 * others come back as rows, on their own lines. */
	strbuf_reset(&sb);
	strbuf_puts(&sb, "Title\n");
	for (i = 0; i < 19; i++)
		strbuf_puts(&sb, "\n");
	strbuf_puts(&sb, "id,name\n1,x\n");
	p = put(dir, "h21.csv", sb.buf, sb.len);
	expect(p, &o2,
	    "H:Title\n"
	    "21:id|name (n=2)\n"
	    "22:1|x (n=2)\n"
	    "I:enc=UTF-8 delim=, sep=0 header=1 titles=0\n");
	free(p);
	strbuf_free(&sb);

	/* Required columns missing from a short file: the first row. */
	p = puts_file(dir, "miss.csv",
	    "Report\n"
	    "customer_id,name,mobile_number,region\n"
	    "CUST-0001,Aarav,9123456781,West\n");
	expect(p, &o,
	    "H:Report\n"
	    "2:customer_id|name|mobile_number|region (n=4)\n"
	    "3:CUST-0001|Aarav|9123456781|West (n=4)\n"
	    "I:enc=UTF-8 delim=, sep=0 header=1 titles=0\n");
	free(p);

	/* A header alone, found below a title: no rows; only blank lines
	 * and titles are still an empty file for the caller to judge. */
	p = puts_file(dir, "only.csv", "\n\nid,name\n");
	expect(p, &o2, "I:enc=UTF-8 delim=, sep=0 header=3 titles=0\n");
	free(p);
	p = puts_file(dir, "blank.csv", "\n \n\t\n");
	expect_error(p, &o2, "file is empty");
	free(p);

	/* Rows above the header are held up to 1 MiB: past that the search
	 * ends, and the first row is the header. */
	strbuf_init(&sb);
	for (i = 0; i < 2; i++) {
		strbuf_printf(&sb, "%d,", i);
		for (j = 0; j < 600000; j++)
			strbuf_putc(&sb, 'x');
		strbuf_putc(&sb, '\n');
	}
	strbuf_puts(&sb, "id,name\n1,y\n");
	p = put(dir, "held.csv", sb.buf, sb.len);
	strbuf_free(&sb);
	ck_assert_ptr_nonnull(r = reader_open(p, READER_CSV, NULL, &o2,
	    &cause));
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_uint_eq(row.line, 2);
	ck_assert_str_eq(row.names[0], "0");
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_uint_eq(row.line, 3);
	ck_assert_str_eq(row.values[0], "id");
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_uint_eq(row.line, 4);
	ck_assert_str_eq(row.values[1], "y");
	ck_assert_int_eq(reader_next(r, &row, &cause), 0);
	ck_assert_uint_eq(reader_info(r)->header_line, 1);
	ck_assert_uint_eq(reader_info(r)->title_rows, 0);
	reader_close(r);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- sep= */

START_TEST(test_sep_line)
{
	static const char *const two[] = { "id", "name" };
	struct reader_opts o2 = { two, 2, NULL, NULL, 0 };
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "s1.csv",
	    "sep=;\r\n"
	    "id;name\r\n"
	    "1;Mehta, Aarav\r\n");
	expect(p, NULL,
	    "H:id|name\n"
	    "3:1|Mehta, Aarav\n"
	    "I:enc=UTF-8 delim=; sep=1 header=2 titles=0\n");
	/* The sep line is not a title row, nor one of the 20 searched. */
	free(p);
	p = puts_file(dir, "s2.csv",
	    "\xef\xbb\xbfSEP=|\n"
	    "Customers, all regions\n"
	    "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
	    "id|name\n"
	    "1|x,y\n");
	expect(p, &o2,
	    "H:id|name\n"
	    "22:1|x,y\n"
	    "I:enc=UTF-8 delim=| sep=1 header=21 titles=1\n");
	free(p);
	/* "sep=" followed by more than one byte is a record. */
	p = puts_file(dir, "s3.csv", "sep=;;\nid;name\n");
	expect(p, NULL,
	    "H:sep=||\n"
	    "2:id|name (n=2)\n"
	    "I:enc=UTF-8 delim=; sep=0 header=1 titles=0\n");
	free(p);
	p = puts_file(dir, "s4.csv", "sep=\t");
	expect_error(p, NULL, "file is empty");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- UTF-16 */

START_TEST(test_utf16le_unicode_text)
{
	struct reader_opts o = { cust_cols, 4, NULL, "windows-1252", 0 };
	char *dir = testutil_tmpdir(), *p;
	struct strbuf sb;

	/* Excel's "Unicode text": UTF-16LE, BOM, TABs, CRLF; the BOM wins
	 * over a legacy encoding named by the caller. */
	strbuf_init(&sb);
	strbuf_add(&sb, "\xff\xfe", 2);
	utf16(&sb, "Customers\r\n"
	    "customer_id\tcustomer_name\tmobile_number\tregion\r\n"
	    "CUST-0001\tJos\xc3\xa9 \xf0\x9f\x98\x80\t9123456781\tWest\r\n"
	    "CUST-0002\t\"Rao,\r\nDiya\"\t9123456782\t\xe2\x82\xac\r\n", 0);
	p = put(dir, "le.txt", sb.buf, sb.len);
	expect(p, &o,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "3:CUST-0001|Jos\xc3\xa9 \xf0\x9f\x98\x80|9123456781|West\n"
	    "4:CUST-0002|Rao,\r\nDiya|9123456782|\xe2\x82\xac\n"
	    "I:enc=UTF-16LE delim=TAB sep=0 header=2 titles=1\n");
	free(p);
	strbuf_free(&sb);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_utf16be)
{
	char *dir = testutil_tmpdir(), *p;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_add(&sb, "\xfe\xff", 2);
	utf16(&sb, "sep=;\nid;name\n1;\xe0\xa4\x85\xe0\xa4\xae\n", 1);
	p = put(dir, "be.csv", sb.buf, sb.len);
	expect(p, NULL,
	    "H:id|name\n"
	    "3:1|\xe0\xa4\x85\xe0\xa4\xae\n"
	    "I:enc=UTF-16BE delim=; sep=1 header=2 titles=0\n");
	free(p);

	/* A lone surrogate and an odd last byte become U+FFFD. */
	strbuf_reset(&sb);
	strbuf_add(&sb, "\xfe\xff", 2);
	utf16(&sb, "id,name\n1,a", 1);
	strbuf_add(&sb, "\xdc\x00", 2);
	utf16(&sb, "b\n2,c", 1);
	strbuf_add(&sb, "\x00", 1);
	p = put(dir, "bad.csv", sb.buf, sb.len);
	expect(p, NULL,
	    "H:id|name\n"
	    "2:1|a\xef\xbf\xbd" "b\n"
	    "3:2|c\xef\xbf\xbd\n"
	    "I:enc=UTF-16BE delim=, sep=0 header=1 titles=0\n");
	free(p);

	/* U+0000 is refused like a NUL byte, with its line. */
	strbuf_reset(&sb);
	strbuf_add(&sb, "\xff\xfe", 2);
	utf16(&sb, "id,name\n1,a\n2,", 0);
	strbuf_add(&sb, "\x00\x00", 2);
	p = put(dir, "nul.csv", sb.buf, sb.len);
	expect_error(p, NULL, "line 3: NUL character (U+0000) in the file");
	free(p);

	/* Only a BOM: empty. */
	p = put(dir, "bom.csv", "\xff\xfe", 2);
	expect_error(p, NULL, "file is empty");
	free(p);
	strbuf_free(&sb);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_utf16_blocks)
{
	char *dir = testutil_tmpdir(), *p, *out, *cause, *last;
	struct strbuf sb;
	size_t i, n = 20000;

	/* Many blocks, a surrogate pair on every line, an odd offset: line
	 * numbers stay exact across block and conversion boundaries. */
	strbuf_init(&sb);
	strbuf_add(&sb, "\xff\xfe", 2);
	utf16(&sb, "id\tname\n", 0);
	for (i = 1; i <= n; i++) {
		char *line = xasprintf("%zu\t\xf0\x9f\x98\x80%zu\xc3\xa9\n",
		    i, i);

		utf16(&sb, line, 0);
		if (i % 1000 == 0)
			utf16(&sb, "\n", 0);
		free(line);
	}
	p = put(dir, "big.csv", sb.buf, sb.len);
	ck_assert_uint_gt(sb.len, 4 * 65536);
	ck_assert_int_eq(dump(p, NULL, &out, &cause), 0);
	last = strstr(out, "\n20020:20000|\xf0\x9f\x98\x80" "20000\xc3\xa9\n");
	ck_assert_ptr_nonnull(last);
	ck_assert_ptr_nonnull(strstr(out, "\n2:1|\xf0\x9f\x98\x80" "1\xc3\xa9\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n1001:1000|"));
	ck_assert_ptr_nonnull(strstr(out, "\n1003:1001|"));
	free(out);
	free(p);
	strbuf_free(&sb);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- legacy encodings */

static const char cp1252_file[] =
    "id,name,price\r\n"
    "1,Caf\xe9,\x80 5\r\n"
    "2,x\x81y,\xa3\r\n";

START_TEST(test_windows1252)
{
	struct reader_opts o = { NULL, 0, NULL, "windows-1252", 0 };
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "w.csv", cp1252_file);
	expect(p, &o,
	    "H:id|name|price\n"
	    "2:1|Caf\xc3\xa9|\xe2\x82\xac 5\n"
	    "3:2|x\xef\xbf\xbdy|\xc2\xa3\n"
	    "I:enc=windows-1252 delim=, sep=0 header=1 titles=0\n");
	o.encoding = "CP1252";
	expect(p, &o,
	    "H:id|name|price\n"
	    "2:1|Caf\xc3\xa9|\xe2\x82\xac 5\n"
	    "3:2|x\xef\xbf\xbdy|\xc2\xa3\n"
	    "I:enc=windows-1252 delim=, sep=0 header=1 titles=0\n");
	/* Without an encoding the bytes come through unchanged. */
	expect(p, NULL,
	    "H:id|name|price\n"
	    "2:1|Caf\xe9|\x80 5\n"
	    "3:2|x\x81y|\xa3\n"
	    "I:enc=UTF-8 delim=, sep=0 header=1 titles=0\n");
	free(p);
	/* A UTF-8 BOM says what the file is, whatever was named. */
	p = puts_file(dir, "bom.csv", "\xef\xbb\xbfid\n\xc3\xa9\n");
	expect(p, &o, "H:id\n2:\xc3\xa9\nI:enc=UTF-8 delim=, sep=0 header=1 "
	    "titles=0\n");
	free(p);
	/* A NUL byte is still refused. */
	p = put(dir, "nul.csv", "id\n\xe9\n\x00\n", 7);
	expect_error(p, &o, "line 3: NUL character (U+0000) in the file");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_iso8859_1)
{
	struct reader_opts o = { NULL, 0, NULL, "ISO-8859-1", 0 };
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "l.csv", cp1252_file);
	expect(p, &o,
	    "H:id|name|price\n"
	    "2:1|Caf\xc3\xa9|\xc2\x80 5\n"
	    "3:2|x\xc2\x81y|\xc2\xa3\n"
	    "I:enc=iso-8859-1 delim=, sep=0 header=1 titles=0\n");
	o.encoding = "latin1";
	expect(p, &o,
	    "H:id|name|price\n"
	    "2:1|Caf\xc3\xa9|\xc2\x80 5\n"
	    "3:2|x\xc2\x81y|\xc2\xa3\n"
	    "I:enc=iso-8859-1 delim=, sep=0 header=1 titles=0\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_unknown_encoding)
{
	struct reader_opts o = { NULL, 0, NULL, "utf-7\x1b[31m", 0 };
	char *dir = testutil_tmpdir(), *p, *cause = NULL;

	p = puts_file(dir, "a.csv", "id\n1\n");
	ck_assert_ptr_null(reader_open(p, READER_CSV, NULL, &o, &cause));
	ck_assert_str_eq(cause, "unknown encoding \"utf-7?[31m\": the "
	    "encodings supported are windows-1252 (or cp1252) and iso-8859-1 "
	    "(or latin1) (UTF-8, and UTF-16 with a BOM, are read without "
	    "naming one)");
	free(cause);
	o.encoding = "UTF-16LE";
	ck_assert_ptr_null(reader_open(p, READER_CSV, NULL, &o, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "unknown encoding \"UTF-16LE\""));
	free(cause);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- the file */

START_TEST(test_fifo_refused)
{
	char *dir = testutil_tmpdir(), *p, *cause = NULL;

	p = xasprintf("%s/pipe.csv", dir);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_ptr_null(reader_open(p, READER_CSV, NULL, NULL, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "is not a regular file"));
	free(cause);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_digest_partial)
{
	char *dir = testutil_tmpdir(), *p, *cause = NULL;
	char hex[HASH_HEXLEN + 1], want[HASH_HEXLEN + 1];
	uint8_t digest[HASH_LEN];
	struct reader_row row;
	struct reader *r;
	struct strbuf sb;
	uint64_t size;
	size_t i;

	/* Stopped after one row of a converted file, the digest still
	 * covers every byte. */
	strbuf_init(&sb);
	strbuf_add(&sb, "\xff\xfe", 2);
	for (i = 0; i < 30000; i++)
		utf16(&sb, "id\tna\xc3\xafve\n", 0);
	p = put(dir, "d.csv", sb.buf, sb.len);
	ck_assert_ptr_nonnull(r = reader_open(p, READER_CSV, NULL, NULL,
	    &cause));
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_uint_eq(row.line, 2);
	ck_assert_str_eq(row.values[1], "na\xc3\xafve");
	ck_assert_uint_lt(reader_bytes(r), sb.len);
	ck_assert_int_eq(reader_digest(r, hex, &size, &cause), 0);
	ck_assert_int_eq(hash_file(p, digest, NULL, &cause), 0);
	hash_hex(digest, sizeof digest, want);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, sb.len);
	reader_close(r);
	free(p);
	strbuf_free(&sb);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("read_csv");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_title_row);
	tcase_add_test(tc, test_header_not_found);
	tcase_add_test(tc, test_sep_line);
	tcase_add_test(tc, test_utf16le_unicode_text);
	tcase_add_test(tc, test_utf16be);
	tcase_add_test(tc, test_utf16_blocks);
	tcase_add_test(tc, test_windows1252);
	tcase_add_test(tc, test_iso8859_1);
	tcase_add_test(tc, test_unknown_encoding);
	tcase_add_test(tc, test_fifo_refused);
	tcase_add_test(tc, test_digest_partial);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
