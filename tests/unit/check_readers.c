/*
 * Unit tests (reader, read_csv, read_xml, read_xlsx): the CSV, XML and XLSX readers, happy paths and the hostile
 * corpus (tests/corpus/README lists the files and what each must give).
 * XLSX fixtures are built at run time with minizip's zip.h; large hostile
 * inputs (huge fields, many columns, zip bombs) are generated too.
 */
#include <stdint.h>

#include <zip.h>

#include "testutil.h"

#include "reader.h"
#include "reader_impl.h"
#include "strbuf.h"
#include "xmem.h"

/*
 * Read a whole file into a text dump: "H:" and the header names for CSV and
 * XLSX, then one "LINE:" line per row, values joined with '|' (XML:
 * name=value), and " (n=N)" when a row's width differs from the header.
 * Returns 0 and *out, or -1 and *cause from reader_open or reader_next.
 */
static int
dump(const char *path, enum reader_format fmt, const struct reader_limits *lim,
    char **out, char **cause)
{
	struct reader_limits def;
	struct reader *r;
	struct reader_row row;
	struct strbuf sb;
	size_t i, rows = 0;
	int rc;

	if (lim == NULL) {
		reader_limits_default(&def);
		lim = &def;
	}
	*out = NULL;
	*cause = NULL;
	if ((r = reader_open(path, fmt, lim, NULL, cause)) == NULL)
		return -1;
	strbuf_init(&sb);
	while ((rc = reader_next(r, &row, cause)) == 1) {
		if (rows++ == 0 && fmt != READER_XML) {
			strbuf_puts(&sb, "H:");
			for (i = 0; i < row.header_n; i++)
				strbuf_printf(&sb, "%s%s", i ? "|" : "", row.names[i]);
			strbuf_putc(&sb, '\n');
		}
		strbuf_printf(&sb, "%zu:", row.line);
		for (i = 0; i < row.n; i++) {
			ck_assert_uint_eq(strlen(row.values[i]), row.lens[i]);
			if (i > 0)
				strbuf_putc(&sb, '|');
			if (fmt == READER_XML)
				strbuf_printf(&sb, "%s=", row.names[i]);
			else if (i >= row.header_n)
				ck_assert_ptr_null(row.names[i]);
			strbuf_add(&sb, row.values[i], row.lens[i]);
		}
		if (row.n != row.header_n)
			strbuf_printf(&sb, " (n=%zu)", row.n);
		strbuf_putc(&sb, '\n');
	}
	if (rows > 0)
		ck_assert_uint_gt(reader_bytes(r), 0);
	reader_close(r);
	if (rc == -1) {
		ck_assert_ptr_nonnull(*cause);
		strbuf_free(&sb);
		return -1;
	}
	*out = strbuf_detach(&sb);
	return 0;
}

/* Expect the file to read as exactly want. */
static void
expect_rows(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, const char *want)
{
	char *out, *cause;

	if (dump(path, fmt, lim, &out, &cause) != 0)
		ck_abort_msg("%s: unexpected error: %s", path, cause);
	ck_assert_str_eq(out, want);
	free(out);
}

/* Expect the file to fail with a message containing want. */
static void
expect_error(const char *path, enum reader_format fmt,
    const struct reader_limits *lim, const char *want)
{
	char *out, *cause;

	if (dump(path, fmt, lim, &out, &cause) == 0)
		ck_abort_msg("%s: expected \"%s\", read:\n%s", path, want, out);
	if (strstr(cause, want) == NULL)
		ck_abort_msg("%s: expected \"%s\", got \"%s\"", path, want, cause);
	free(cause);
}

static char *
corpus(const char *name)
{
	return xasprintf("%s/%s", KP_TEST_CORPUS, name);
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

/* ---- CSV */

START_TEST(test_format_and_limits)
{
	struct reader_limits lim;
	char *cause = NULL;

	ck_assert_int_eq(reader_format_from_name("a/b/Customers.CSV"), READER_CSV);
	ck_assert_int_eq(reader_format_from_name("x.xlsx"), READER_XLSX);
	ck_assert_int_eq(reader_format_from_name("orders.Xml"), READER_XML);
	ck_assert_int_eq(reader_format_from_name("x.xls"), -1);
	ck_assert_int_eq(reader_format_from_name("x.csv.gz"), -1);
	ck_assert_int_eq(reader_format_from_name("dir.csv/file"), -1);
	ck_assert_int_eq(reader_format_from_name("noext"), -1);
	reader_limits_default(&lim);
	ck_assert_uint_eq(lim.max_field, 1024 * 1024);
	ck_assert_uint_eq(lim.max_columns, 1024);
	ck_assert_uint_eq(lim.max_entries, 10000);
	ck_assert_ptr_null(reader_open("/nonexistent/x.csv", READER_CSV, &lim, NULL,
	    &cause));
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/x.csv"));
	free(cause);
	reader_close(NULL);
}
END_TEST

START_TEST(test_csv_quoting_crlf_bom)
{
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "a.csv",
	    "\xef\xbb\xbfid,name,note\r\n"
	    "1,\"Mehta, Aarav\",\"said \"\"hi\"\"\"\r\n"
	    "2,\"multi\r\nline\nnote\",x\r\n"
	    "3,plain,y\r\n");
	expect_rows(p, READER_CSV, NULL,
	    "H:id|name|note\n"
	    "2:1|Mehta, Aarav|said \"hi\"\n"
	    "3:2|multi\r\nline\nnote|x\n"
	    "6:3|plain|y\n");
	free(p);
	/* No newline at the end; spaces kept inside and outside quotes. */
	p = puts_file(dir, "b.csv", "a,b\n a ,\" b \"\n\"\",x");
	expect_rows(p, READER_CSV, NULL, "H:a|b\n2: a | b \n3:|x\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_csv_delimiters)
{
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "semi.csv",
	    "id;name;\"a,b;c\"\n1;\"x;y\";1,5\n");
	expect_rows(p, READER_CSV, NULL, "H:id|name|a,b;c\n2:1|x;y|1,5\n");
	free(p);
	p = puts_file(dir, "tab.csv", "id\tname,x\tz\n1\tA, B\t\n");
	expect_rows(p, READER_CSV, NULL, "H:id|name,x|z\n2:1|A, B|\n");
	free(p);
	/* Commas win ties and the one-column case. */
	p = puts_file(dir, "one.csv", "\n\nid\n7\n");
	expect_rows(p, READER_CSV, NULL, "H:id\n4:7\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_csv_blank_short_long)
{
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "a.csv",
	    "\r\n"
	    "a,b,c\r\n"
	    "\r\n"
	    "1,2,3\n"
	    "   \n"
	    "\n"
	    "4,5\n"
	    "6,7,8,9\n"
	    ",,\n");
	expect_rows(p, READER_CSV, NULL,
	    "H:a|b|c\n"
	    "4:1|2|3\n"
	    "7:4|5 (n=2)\n"
	    "8:6|7|8|9 (n=4)\n"
	    "9:||\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_csv_corpus_errors)
{
	static const struct {
		const char	*file;
		const char	*want;
	} cases[] = {
		{ "csv_unbalanced_quote.csv", "line 3: unterminated quoted field" },
		{ "csv_nul_byte.csv",
		    "line 2: NUL byte in the file; it is not a text CSV" },
		{ "csv_empty.csv", "file is empty" },
		{ "csv_quote_in_unquoted_field.csv", "line 2: bad quoting" },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = corpus(cases[i].file);
		expect_error(p, READER_CSV, NULL, cases[i].want);
		free(p);
	}
}
END_TEST

START_TEST(test_csv_corpus_raw_bytes)
{
	char *p;

	/* Invalid UTF-8, escapes and formulas come through as raw bytes. */
	p = corpus("csv_invalid_utf8.csv");
	expect_rows(p, READER_CSV, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "2:CUST-0001|Bad \377\376 bytes \303\050 here|9123456781|West\n");
	free(p);
	p = corpus("csv_escape_sequences.csv");
	expect_rows(p, READER_CSV, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "2:CUST-0001|\033[31mRed\033[0m \033]0;pwned\007 \342\200\256evil|"
	    "9123456781|West\n");
	free(p);
	p = corpus("csv_formula_cell.csv");
	expect_rows(p, READER_CSV, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "2:CUST-0001|=HYPERLINK(\"http://x.invalid\",\"click\")|9123456781|"
	    "+West\n"
	    "3:CUST-0002|@SUM(A1)|-9123456782|=1+1\n"
	    "4:CUST-0003|=cmd|' /C calc'!A0|9123456783|East\n");
	free(p);
	p = corpus("csv_header_only.csv");
	expect_rows(p, READER_CSV, NULL, "");
	free(p);
	p = corpus("csv_duplicate_header.csv");
	expect_rows(p, READER_CSV, NULL,
	    "H:customer_id|customer_name|customer_id|region\n"
	    "2:CUST-0001|Aarav Mehta|CUST-0009|West\n");
	free(p);
}
END_TEST

START_TEST(test_csv_huge_field)
{
	char *dir = testutil_tmpdir(), *p, *data, *out, *cause;
	size_t max = 1024 * 1024, len, i;
	struct strbuf sb;

	/* Exactly max_field bytes is fine; one more, quoted or not, fails. */
	strbuf_init(&sb);
	strbuf_puts(&sb, "id,note\n1,");
	for (i = 0; i < max; i++)
		strbuf_putc(&sb, 'x');
	strbuf_puts(&sb, "\n2,y\n");
	len = sb.len;
	data = strbuf_detach(&sb);
	p = put(dir, "ok.csv", data, len);
	ck_assert_int_eq(dump(p, READER_CSV, NULL, &out, &cause), 0);
	ck_assert_uint_eq(strlen(out), strlen("H:id|note\n2:1|\n3:2|y\n") + max);
	free(out);
	free(p);
	free(data);

	strbuf_init(&sb);
	strbuf_puts(&sb, "id,note\n1,ok\n2,\"");
	for (i = 0; i < max + 1; i++)
		strbuf_putc(&sb, i % 1000 == 999 ? '\n' : 'x');
	strbuf_puts(&sb, "\"\n");
	len = sb.len;
	data = strbuf_detach(&sb);
	p = put(dir, "big.csv", data, len);
	expect_error(p, READER_CSV, NULL,
	    "line 3: a field is longer than 1048576 bytes");
	free(p);
	free(data);

	strbuf_init(&sb);
	strbuf_puts(&sb, "id,note\n\n1,");
	for (i = 0; i < max + 1; i++)
		strbuf_putc(&sb, 'x');
	strbuf_puts(&sb, ",z\n");
	len = sb.len;
	data = strbuf_detach(&sb);
	p = put(dir, "big2.csv", data, len);
	expect_error(p, READER_CSV, NULL,
	    "line 3: a field is longer than 1048576 bytes");
	free(p);
	free(data);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_csv_many_columns)
{
	char *dir = testutil_tmpdir(), *p, *data;
	struct reader_limits lim;
	struct strbuf sb;
	size_t i, len;

	strbuf_init(&sb);
	for (i = 0; i < 10000; i++)
		strbuf_printf(&sb, "%sc%zu", i ? "," : "", i);
	strbuf_puts(&sb, "\n1,2\n");
	len = sb.len;
	data = strbuf_detach(&sb);
	p = put(dir, "wide.csv", data, len);
	expect_error(p, READER_CSV, NULL, "line 1: more than 1024 columns");
	/* A data row past the cap fails the same way, with its line. */
	reader_limits_default(&lim);
	lim.max_columns = 3;
	free(p);
	p = puts_file(dir, "w2.csv", "a,b,c\n\n1,2,3\n1,2,3,4\n");
	expect_error(p, READER_CSV, &lim, "line 4: more than 3 columns");
	free(p);
	free(data);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- XML */

static const char xml_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<orders>\n"
    "  <order>\n"
    "    <order_id>ORD-2025-0001</order_id>\n"
    "    <mobile_number>9123456781</mobile_number>\n"
    "    <sku_id>SKU-&amp;&#x41;&#66;<![CDATA[<raw>&amp;]]></sku_id>\n"
    "    <note>two\nlines</note>\n"
    "  </order>\n"
    "  <order id=\"A-1\"><order_id>ORD-2</order_id><coupon/>"
    "<total_amount> 7450 </total_amount></order>\n"
    "  <order/>\n"
    "</orders>\n";

static const char xml_want[] =
    "3:order_id=ORD-2025-0001|mobile_number=9123456781|"
    "sku_id=SKU-&AB<raw>&amp;|note=two\nlines\n"
    "10:id=A-1|order_id=ORD-2|coupon=|total_amount= 7450 \n"
    "11:\n";

START_TEST(test_xml_rows)
{
	char *dir = testutil_tmpdir(), *p;

	p = puts_file(dir, "o.xml", xml_doc);
	expect_rows(p, READER_XML, NULL, xml_want);
	free(p);
	p = puts_file(dir, "e.xml", "<orders/>");
	expect_rows(p, READER_XML, NULL, "");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_xml_chunks)
{
	static const size_t sizes[] = { 1, 7, 4096 };
	char *dir = testutil_tmpdir(), *p;
	size_t i;

	p = puts_file(dir, "o.xml", xml_doc);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		read_xml_set_chunk(sizes[i]);
		expect_rows(p, READER_XML, NULL, xml_want);
	}
	read_xml_set_chunk(0);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_xml_corpus)
{
	static const struct {
		const char	*file;
		const char	*want;
	} cases[] = {
		{ "xml_billion_laughs.xml", "line 2: DOCTYPE is not allowed" },
		{ "xml_external_entity.xml", "line 2: DOCTYPE is not allowed" },
		{ "xml_truncated.xml", "line 9: XML error: " },
		{ "xml_nested_field.xml", "line 4: element <b> inside a field" },
		{ "xml_undefined_entity.xml",
		    "line 3: XML error: undefined entity" },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = corpus(cases[i].file);
		expect_error(p, READER_XML, NULL, cases[i].want);
		free(p);
	}
	/* Any root is accepted: <customers><customer> is one record. */
	p = corpus("xml_wrong_root.xml");
	expect_rows(p, READER_XML, NULL, "2:id=1\n");
	free(p);
}
END_TEST

START_TEST(test_xml_limits)
{
	char *dir = testutil_tmpdir(), *p, *data;
	struct reader_limits lim;
	struct strbuf sb;
	size_t i, len;

	reader_limits_default(&lim);
	lim.max_field = 16;
	p = puts_file(dir, "f.xml", "<orders>\n<order><a>0123456789abcdef</a>"
	    "</order>\n<order><a>0123456789abcdefg</a></order></orders>");
	expect_error(p, READER_XML, &lim, "line 3: <a> is longer than 16 bytes");
	free(p);

	reader_limits_default(&lim);
	lim.max_columns = 2;
	p = puts_file(dir, "c.xml",
	    "<orders><order><a/><b/><c/></order></orders>");
	expect_error(p, READER_XML, &lim, "line 1: more than 2 fields");
	free(p);

	reader_limits_default(&lim);
	lim.max_depth = 2;
	p = puts_file(dir, "d.xml", "<orders><order><a>1</a></order></orders>");
	expect_error(p, READER_XML, &lim, "nested deeper than 2 levels");
	free(p);

	p = puts_file(dir, "x.xml", "<orders><order/>\n<item/></orders>");
	expect_error(p, READER_XML, NULL,
	    "line 2: <item> among <order> records");
	free(p);

	p = puts_file(dir, "j.xml", "<orders/><orders/>");
	expect_error(p, READER_XML, NULL, "line 1: XML error: junk after");
	free(p);

	p = puts_file(dir, "z.xml", "");
	expect_error(p, READER_XML, NULL, "line 1: XML error: no element found");
	free(p);

	/* One huge token must be buffered whole: the allocator cap stops it. */
	reader_limits_default(&lim);
	lim.max_xml_alloc = 512 * 1024;
	strbuf_init(&sb);
	strbuf_puts(&sb, "<orders><order a=\"");
	for (i = 0; i < 4 * 1024 * 1024; i++)
		strbuf_putc(&sb, 'x');
	strbuf_puts(&sb, "\"/></orders>");
	len = sb.len;
	data = strbuf_detach(&sb);
	p = put(dir, "m.xml", data, len);
	expect_error(p, READER_XML, &lim,
	    "line 1: the XML needs more than 524288 bytes of parser memory");
	free(p);
	free(data);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- XLSX */

struct zpart {
	const char	*name;
	const char	*data;	/* NULL: size bytes of filler */
	size_t		 size;
};

/* Write a ZIP; a part with data NULL is size bytes of spaces. */
static char *
make_zip(const char *dir, const char *name, const struct zpart *parts,
    size_t n)
{
	char *path = xasprintf("%s/%s", dir, name), fill[65536];
	zip_fileinfo zi;
	zipFile zf;
	size_t i, left, k;

	memset(fill, ' ', sizeof fill);
	memset(&zi, 0, sizeof zi);
	zf = zipOpen(path, APPEND_STATUS_CREATE);
	ck_assert_ptr_nonnull(zf);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(zipOpenNewFileInZip(zf, parts[i].name, &zi,
		    NULL, 0, NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION),
		    ZIP_OK);
		if (parts[i].data != NULL) {
			ck_assert_int_eq(zipWriteInFileInZip(zf, parts[i].data,
			    (unsigned)strlen(parts[i].data)), ZIP_OK);
		} else {
			for (left = parts[i].size; left > 0; left -= k) {
				k = left < sizeof fill ? left : sizeof fill;
				ck_assert_int_eq(zipWriteInFileInZip(zf, fill,
				    (unsigned)k), ZIP_OK);
			}
		}
		ck_assert_int_eq(zipCloseFileInZip(zf), ZIP_OK);
	}
	ck_assert_int_eq(zipClose(zf, NULL), ZIP_OK);
	return path;
}

#define XLSX_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char wb_two_sheets[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook " XLSX_NS "><workbookPr/><sheets>"
    "<sheet name=\"Customers\" sheetId=\"1\" r:id=\"rId7\"/>"
    "<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId1\"/>"
    "</sheets></workbook>";

static const char wb_1904[] =
    "<workbook " XLSX_NS "><workbookPr date1904=\"1\"/><sheets>"
    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>";

static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"x\" Target=\"/xl/worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"x\" Target=\"styles.xml\"/>"
    "</Relationships>";

static const char styles[] =
    "<styleSheet " XLSX_NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd hh:mm\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00;&quot;dm&quot;0\"/>"
    "</numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";

static const char sst[] =
    "<sst " XLSX_NS " count=\"6\" uniqueCount=\"6\">"
    "<si><t>customer_id</t></si>"
    "<si><t>Customer Name</t></si>"
    "<si><r><rPr><b/></rPr><t>mobile</t></r><r><t xml:space=\"preserve\">"
    "_number</t></r><rPh><t>IGNORED</t></rPh></si>"
    "<si><t>region</t></si>"
    "<si><t>joined</t></si>"
    "<si><t>West &amp; North</t></si>"
    "</sst>";

static const char sheet1[] =
    "<worksheet " XLSX_NS "><dimension ref=\"A1:E6\"/><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
    "<c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" s=\"3\"/></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>CUST-0001</t></is></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><r><t>Aarav </t></r><r><t>Mehta</t></r></is></c>"
    "<c r=\"C2\"><v>9123456781</v></c><c r=\"D2\" t=\"s\"><v>5</v></c>"
    "<c r=\"E2\" s=\"1\"><v>45000</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"str\"><f>A2</f><v>CUST-0002</v></c>"
    "<c r=\"C4\"><v>9.123456782E9</v></c><c r=\"E4\" s=\"2\"><v>45000.5</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" s=\"3\"/><c r=\"B5\" t=\"s\"/></row>"
    "<row r=\"6\"><c r=\"A6\"><v>0.1</v></c><c t=\"b\"><v>1</v></c>"
    "<c><v>-3.5E-2</v></c><c s=\"3\"><v>12.50</v></c><c><v>1</v></c>"
    "<c r=\"G6\" t=\"e\"><v>#N/A</v></c></row>"
    "</sheetData></worksheet>";

static const char sheet2[] =
    "<worksheet " XLSX_NS "><sheetData><row r=\"1\"><c t=\"inlineStr\">"
    "<is><t>wrong sheet</t></is></c></row></sheetData></worksheet>";

START_TEST(test_xlsx_workbook)
{
	char *dir = testutil_tmpdir(), *p;
	const struct zpart parts[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/workbook.xml", wb_two_sheets, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/styles.xml", styles, 0 },
		{ "xl/sharedStrings.xml", sst, 0 },
		{ "xl/worksheets/sheet2.xml", sheet2, 0 },
		{ "xl/worksheets/sheet1.xml", sheet1, 0 },
	};

	p = make_zip(dir, "w.xlsx", parts, sizeof parts / sizeof parts[0]);
	expect_rows(p, READER_XLSX, NULL,
	    "H:customer_id|Customer Name|mobile_number|region|joined\n"
	    "2:CUST-0001|Aarav Mehta|9123456781|West & North|2023-03-15\n"
	    "4:CUST-0002||9123456782||2023-03-15T12:00:00\n"
	    "6:0.1|TRUE|-0.035|12.5|1||#N/A (n=7)\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_xlsx_date1904_no_styles_no_sst)
{
	char *dir = testutil_tmpdir(), *p;
	const struct zpart parts[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/styles.xml", styles, 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>d</t></is>"
		  "</c></row><row><c s=\"1\"><v>45000</v></c></row>"
		  "<row><c s=\"1\"><v>0</v></c></row></sheetData></worksheet>", 0 },
	};
	const struct zpart bad[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row>"
		  "</sheetData></worksheet>", 0 },
	};

	p = make_zip(dir, "d.xlsx", parts, sizeof parts / sizeof parts[0]);
	expect_rows(p, READER_XLSX, NULL, "H:d\n2:2027-03-16\n3:1904-01-01\n");
	free(p);
	p = make_zip(dir, "b.xlsx", bad, sizeof bad / sizeof bad[0]);
	expect_error(p, READER_XLSX, NULL,
	    "sheet row 1: a cell refers to shared string 0, but the workbook "
	    "has 0");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_xlsx_refused)
{
	char *dir = testutil_tmpdir(), *p;
	const struct zpart nosheet[] = {
		{ "xl/workbook.xml", "<workbook " XLSX_NS "><sheets/></workbook>",
		  0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
	};
	const struct zpart doctype[] = {
		{ "xl/workbook.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE w ["
		  "<!ENTITY a \"aaaa\">]><workbook/>", 0 },
	};
	const struct zpart escape[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels",
		  "<Relationships><Relationship Id=\"rId7\" "
		  "Target=\"worksheets/../../docProps/core.xml\"/></Relationships>",
		  0 },
	};
	const struct zpart noworkbook[] = {
		{ "word/document.xml", "<document/>", 0 },
	};

	p = make_zip(dir, "n.xlsx", nosheet, 2);
	expect_error(p, READER_XLSX, NULL, "workbook has no worksheet");
	free(p);
	p = make_zip(dir, "d.xlsx", doctype, 1);
	expect_error(p, READER_XLSX, NULL,
	    "XLSX part xl/workbook.xml, line 2: DOCTYPE is not allowed");
	free(p);
	p = make_zip(dir, "e.xlsx", escape, 2);
	expect_error(p, READER_XLSX, NULL,
	    "\"worksheets/../../docProps/core.xml\", not a worksheet part");
	free(p);
	p = make_zip(dir, "w.xlsx", noworkbook, 1);
	expect_error(p, READER_XLSX, NULL, "not an XLSX file (no xl/workbook.xml)");
	free(p);
	p = puts_file(dir, "t.xlsx", "customer_id,name\n1,x\n");
	expect_error(p, READER_XLSX, NULL, "not an XLSX file (no ZIP signature)");
	free(p);
	p = puts_file(dir, "z.xlsx", "");
	expect_error(p, READER_XLSX, NULL, "not an XLSX file (no ZIP signature)");
	free(p);
	p = puts_file(dir, "y.xlsx", "PK\003\004 truncated");
	expect_error(p, READER_XLSX, NULL, "not an XLSX file");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/*
 * Duplicate ZIP entry names: a package whose sheet1.xml is listed twice (the
 * first the good sheet, the second another one) was read by its first copy
 * while another tool may show the second.  Now refused, with the name, and
 * so is a copy differing only in case; the same package without the copy
 * still reads.
 */
START_TEST(test_xlsx_duplicate_entries)
{
	char *dir = testutil_tmpdir(), *p;
	struct zpart parts[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/workbook.xml", wb_two_sheets, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/styles.xml", styles, 0 },
		{ "xl/sharedStrings.xml", sst, 0 },
		{ "xl/worksheets/sheet2.xml", sheet2, 0 },
		{ "xl/worksheets/sheet1.xml", sheet1, 0 },
		{ "xl/worksheets/sheet1.xml", sheet2, 0 },
	};
	const size_t n = sizeof parts / sizeof parts[0];

	p = make_zip(dir, "dup.xlsx", parts, n);
	expect_error(p, READER_XLSX, NULL,
	    "XLSX lists the part xl/worksheets/sheet1.xml twice");
	free(p);
	parts[n - 1].name = "XL/Worksheets/Sheet1.xml";
	p = make_zip(dir, "case.xlsx", parts, n);
	expect_error(p, READER_XLSX, NULL, "twice: a package with duplicate "
	    "ZIP entries is refused");
	free(p);
	p = make_zip(dir, "one.xlsx", parts, n - 1);
	expect_rows(p, READER_XLSX, NULL,
	    "H:customer_id|Customer Name|mobile_number|region|joined\n"
	    "2:CUST-0001|Aarav Mehta|9123456781|West & North|2023-03-15\n"
	    "4:CUST-0002||9123456782||2023-03-15T12:00:00\n"
	    "6:0.1|TRUE|-0.035|12.5|1||#N/A (n=7)\n");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_xlsx_zip_bombs)
{
	char *dir = testutil_tmpdir(), *p;
	struct reader_limits lim;
	struct zpart many[60];
	char *names[60];
	size_t i;
	const struct zpart bomb[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml", NULL, 20 * 1024 * 1024 },
	};
	const struct zpart sst_bomb[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/sharedStrings.xml", NULL, 20 * 1024 * 1024 },
		{ "xl/worksheets/sheet1.xml", sheet2, 0 },
	};

	/* 20 MiB of spaces deflate to ~20 KiB: stopped by the byte cap... */
	p = make_zip(dir, "bomb.xlsx", bomb, 3);
	reader_limits_default(&lim);
	lim.max_inflated = 1024 * 1024;
	lim.max_ratio = 1000000;
	expect_error(p, READER_XLSX, &lim,
	    "XLSX part xl/worksheets/sheet1.xml inflates past the limit "
	    "(possible zip bomb)");
	/* ... and by the ratio cap with the default limits. */
	expect_error(p, READER_XLSX, NULL,
	    "XLSX part xl/worksheets/sheet1.xml inflates past the limit "
	    "(possible zip bomb)");
	free(p);
	p = make_zip(dir, "sst.xlsx", sst_bomb, 4);
	expect_error(p, READER_XLSX, &lim,
	    "XLSX part xl/sharedStrings.xml inflates past the limit");
	free(p);

	/* More directory entries than max_entries. */
	for (i = 0; i < 60; i++) {
		names[i] = xasprintf("xl/media/image%zu.png", i);
		many[i].name = names[i];
		many[i].data = "x";
		many[i].size = 0;
	}
	many[0].name = "xl/workbook.xml";
	many[0].data = wb_1904;
	p = make_zip(dir, "many.xlsx", many, 60);
	reader_limits_default(&lim);
	lim.max_entries = 50;
	expect_error(p, READER_XLSX, &lim,
	    "XLSX has 60 ZIP entries, more than the limit of 50");
	free(p);
	for (i = 0; i < 60; i++)
		free(names[i]);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_xlsx_sheet_limits)
{
	char *dir = testutil_tmpdir(), *p;
	struct reader_limits lim;
	const struct zpart wide[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></c>"
		  "</row>\n<row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>"
		  "</sheetData></worksheet>", 0 },
	};
	const struct zpart empty[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"1\"/></sheetData></worksheet>", 0 },
	};
	const struct zpart longcell[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is>"
		  "<t>12</t><t>345</t></is></c></row></sheetData></worksheet>", 0 },
	};
	const struct zpart badref[] = {
		{ "xl/workbook.xml", wb_1904, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"3\"><c r=\"AAAA3\"/></row>"
		  "</sheetData></worksheet>", 0 },
	};

	p = make_zip(dir, "wide.xlsx", wide, 3);
	expect_error(p, READER_XLSX, NULL, "sheet row 2: more than 1024 columns");
	free(p);
	p = make_zip(dir, "e.xlsx", empty, 3);
	expect_error(p, READER_XLSX, NULL,
	    "the first worksheet (xl/worksheets/sheet1.xml) is empty");
	free(p);
	p = make_zip(dir, "r.xlsx", badref, 3);
	expect_error(p, READER_XLSX, NULL,
	    "sheet row 3: bad cell reference \"AAAA3\"");
	free(p);
	reader_limits_default(&lim);
	lim.max_field = 4;
	p = make_zip(dir, "f.xlsx", longcell, 3);
	expect_error(p, READER_XLSX, &lim,
	    "sheet row 1: a cell is longer than 4 bytes");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("readers");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_format_and_limits);
	tcase_add_test(tc, test_csv_quoting_crlf_bom);
	tcase_add_test(tc, test_csv_delimiters);
	tcase_add_test(tc, test_csv_blank_short_long);
	tcase_add_test(tc, test_csv_corpus_errors);
	tcase_add_test(tc, test_csv_corpus_raw_bytes);
	tcase_add_test(tc, test_csv_huge_field);
	tcase_add_test(tc, test_csv_many_columns);
	tcase_add_test(tc, test_xml_rows);
	tcase_add_test(tc, test_xml_chunks);
	tcase_add_test(tc, test_xml_corpus);
	tcase_add_test(tc, test_xml_limits);
	tcase_add_test(tc, test_xlsx_workbook);
	tcase_add_test(tc, test_xlsx_date1904_no_styles_no_sst);
	tcase_add_test(tc, test_xlsx_refused);
	tcase_add_test(tc, test_xlsx_duplicate_entries);
	tcase_add_test(tc, test_xlsx_zip_bombs);
	tcase_add_test(tc, test_xlsx_sheet_limits);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
