/*
 * Unit tests (read_xlsx, read_xlsx_book, xlsx_zip): the XLSX reader's choice of sheet and header (DESIGN.md
 * section 2), the bounded shared strings table and the digest. Workbooks
 * are built at run time with minizip's zip.h, as in check_readers.c; each
 * sheet is given as rows in a compact form (see book_rows).
 *
 * Covered: title rows (and a merged-looking title over an empty row) above
 * the header, the header search window of 20 rows by row number, data on
 * the second sheet behind an empty sheet or a "Notes" sheet, chart sheets
 * passed over, --sheet by exact and case-insensitive name, an unknown or
 * ambiguous sheet name, no sheet with the columns, every sheet empty, a
 * shared strings part declaring 205M strings, one holding more than
 * max_shared, one holding millions of empty strings (refused at
 * max_shared_strings under 64 MiB), and reader_digest() against
 * hash_file().
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <stdint.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <zip.h>

#include "testutil.h"

#include "hash.h"
#include "reader.h"
#include "rules.h"
#include "strbuf.h"
#include "xmem.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char *const customers[] = {
	"customer_id", "customer_name", "mobile_number", "region"
};

/* A sheet of a test workbook. */
struct tsheet {
	const char	*name;	/* as XML text (escaped) */
	const char	*rows;	/* see book_rows; NULL: a chart sheet */
};

/* Write a ZIP of (name, data) pairs. */
static void
zip_write(const char *path, const char *const *parts, size_t n)
{
	zip_fileinfo zi;
	zipFile zf;
	size_t i;

	memset(&zi, 0, sizeof zi);
	zf = zipOpen(path, APPEND_STATUS_CREATE);
	ck_assert_ptr_nonnull(zf);
	for (i = 0; i < n; i += 2) {
		ck_assert_int_eq(zipOpenNewFileInZip(zf, parts[i], &zi, NULL, 0,
		    NULL, 0, NULL, Z_DEFLATED, Z_DEFAULT_COMPRESSION), ZIP_OK);
		ck_assert_int_eq(zipWriteInFileInZip(zf, parts[i + 1],
		    (unsigned)strlen(parts[i + 1])), ZIP_OK);
		ck_assert_int_eq(zipCloseFileInZip(zf), ZIP_OK);
	}
	ck_assert_int_eq(zipClose(zf, NULL), ZIP_OK);
}

/*
 * Rows as worksheet XML. spec is lines "R:cell|cell|...": R the row number,
 * each cell an inline string, "" a styled empty cell, "#text" a number,
 * "@N" shared string N. "R:" alone is an empty <row>.
 */
static void
book_rows(struct strbuf *sb, const char *spec)
{
	const char *p = spec, *end, *bar;
	char *line, *cell;
	size_t r, col;

	strbuf_puts(sb, "<sheetData>");
	while (*p != '\0') {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		line = xstrndup(p, (size_t)(end - p));
		r = strtoul(line, &cell, 10);
		ck_assert_int_eq(*cell, ':');
		cell++;
		strbuf_printf(sb, "<row r=\"%zu\">", r);
		for (col = 0; *cell != '\0' || col == 0; col++) {
			if (*cell == '\0' && col == 0)
				break;
			bar = strchr(cell, '|');
			if (bar == NULL)
				bar = cell + strlen(cell);
			if (bar == cell) {
				strbuf_printf(sb, "<c r=\"%c%zu\" s=\"0\"/>",
				    (char)('A' + col), r);
			} else if (*cell == '#') {
				strbuf_printf(sb, "<c r=\"%c%zu\"><v>%.*s</v>"
				    "</c>", (char)('A' + col), r,
				    (int)(bar - cell - 1), cell + 1);
			} else if (*cell == '@') {
				strbuf_printf(sb, "<c r=\"%c%zu\" t=\"s\"><v>"
				    "%.*s</v></c>", (char)('A' + col), r,
				    (int)(bar - cell - 1), cell + 1);
			} else {
				strbuf_printf(sb, "<c r=\"%c%zu\" "
				    "t=\"inlineStr\"><is><t>%.*s</t></is></c>",
				    (char)('A' + col), r, (int)(bar - cell),
				    cell);
			}
			cell = *bar == '|' ? (char *)bar + 1 : (char *)bar;
			if (*bar == '\0')
				break;
		}
		strbuf_puts(sb, "</row>");
		free(line);
		p = *end == '\n' ? end + 1 : end;
	}
	strbuf_puts(sb, "</sheetData>");
}

/*
 * Write DIR/file as a workbook of the sheets, in that order, and return its
 * path (caller frees). The relationships are listed in reverse, with ids
 * that do not follow the sheet order, so that each sheet's target must be
 * looked up. sst, if not NULL, is the whole xl/sharedStrings.xml.
 */
static char *
book(const char *dir, const char *file, const struct tsheet *sheets,
    size_t n, const char *sst)
{
	const char *parts[2 * 16 + 6];
	char *owned[2 * 16 + 6];
	struct strbuf wb, rels, ws;
	size_t i, np = 0, no = 0;
	char *path;

	ck_assert_uint_le(n, 16);
	strbuf_init(&wb);
	strbuf_init(&rels);
	strbuf_puts(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<workbook " NS "><workbookPr/><sheets>");
	strbuf_puts(&rels, "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"x\" Target=\"styles.xml\"/>");
	for (i = 0; i < n; i++) {
		strbuf_printf(&wb, "<sheet name=\"%s\" sheetId=\"%zu\" "
		    "r:id=\"rId%zu\"/>", sheets[i].name, i + 1, 100 - i);
	}
	for (i = n; i-- > 0;) {
		strbuf_printf(&rels, "<Relationship Id=\"rId%zu\" Type=\"x\" "
		    "Target=\"%s/sheet%zu.xml\"/>", 100 - i,
		    sheets[i].rows != NULL ? "worksheets" : "chartsheets",
		    i + 1);
	}
	strbuf_puts(&wb, "</sheets></workbook>");
	strbuf_puts(&rels, "</Relationships>");
	parts[np++] = "xl/workbook.xml";
	parts[np++] = owned[no++] = strbuf_detach(&wb);
	parts[np++] = "xl/_rels/workbook.xml.rels";
	parts[np++] = owned[no++] = strbuf_detach(&rels);
	if (sst != NULL) {
		parts[np++] = "xl/sharedStrings.xml";
		parts[np++] = sst;
	}
	for (i = 0; i < n; i++) {
		strbuf_init(&ws);
		if (sheets[i].rows == NULL) {
			parts[np++] = owned[no++] = xasprintf(
			    "xl/chartsheets/sheet%zu.xml", i + 1);
			strbuf_puts(&ws, "<chartsheet/>");
		} else {
			parts[np++] = owned[no++] = xasprintf(
			    "xl/worksheets/sheet%zu.xml", i + 1);
			strbuf_puts(&ws, "<worksheet " NS ">");
			book_rows(&ws, sheets[i].rows);
			strbuf_puts(&ws, "<mergeCells count=\"1\"><mergeCell "
			    "ref=\"A1:D1\"/></mergeCells></worksheet>");
		}
		parts[np++] = owned[no++] = strbuf_detach(&ws);
	}
	path = xasprintf("%s/%s", dir, file);
	zip_write(path, parts, np);
	for (i = 0; i < no; i++)
		free(owned[i]);
	return path;
}

/* What a read gave: the rows dumped, and the reader's info. */
struct got {
	char	*rows;		/* "H:names\nLINE:values\n..." */
	char	*sheet;
	size_t	 header_line;
	size_t	 title_rows;
	char	*cause;		/* the error, if any (rows NULL) */
};

static void
got_free(struct got *g)
{
	free(g->rows);
	free(g->sheet);
	free(g->cause);
}

/* Read path with the customer columns required (or none) and sheet. */
static void
read_book(const char *path, int required, const char *sheet,
    const struct reader_limits *lim, struct got *g)
{
	const struct reader_info *info;
	struct reader_opts opts;
	struct reader_row row;
	struct reader *r;
	struct strbuf sb;
	size_t i, rows = 0;
	int rc;

	memset(g, 0, sizeof *g);
	memset(&opts, 0, sizeof opts);
	if (required) {
		opts.required = customers;
		opts.nreq = 4;
	}
	opts.sheet = sheet;
	if ((r = reader_open(path, READER_XLSX, lim, &opts,
	    &g->cause)) == NULL) {
		ck_assert_ptr_nonnull(g->cause);
		return;
	}
	strbuf_init(&sb);
	while ((rc = reader_next(r, &row, &g->cause)) == 1) {
		if (rows++ == 0) {
			strbuf_puts(&sb, "H:");
			for (i = 0; i < row.header_n; i++) {
				strbuf_printf(&sb, "%s%s", i ? "|" : "",
				    row.names[i]);
			}
			strbuf_putc(&sb, '\n');
		}
		strbuf_printf(&sb, "%zu:", row.line);
		for (i = 0; i < row.n; i++) {
			strbuf_printf(&sb, "%s%s", i ? "|" : "",
			    row.values[i]);
		}
		strbuf_putc(&sb, '\n');
	}
	info = reader_info(r);
	if (info->sheet != NULL)
		g->sheet = xstrdup(info->sheet);
	g->header_line = info->header_line;
	g->title_rows = info->title_rows;
	reader_close(r);
	if (rc == -1) {
		strbuf_free(&sb);
		return;
	}
	g->rows = strbuf_detach(&sb);
}

/* Expect the read to give exactly rows from sheet, header and titles. */
static void
expect(const char *path, int required, const char *sheet, const char *rows,
    const char *want_sheet, size_t header_line, size_t title_rows)
{
	struct got g;

	read_book(path, required, sheet, NULL, &g);
	if (g.rows == NULL)
		ck_abort_msg("%s: unexpected error: %s", path, g.cause);
	ck_assert_str_eq(g.rows, rows);
	ck_assert_str_eq(g.sheet, want_sheet);
	ck_assert_uint_eq(g.header_line, header_line);
	ck_assert_uint_eq(g.title_rows, title_rows);
	got_free(&g);
}

/* Expect the open (or a row) to fail with exactly cause. */
static void
expect_error(const char *path, int required, const char *sheet,
    const struct reader_limits *lim, const char *cause)
{
	struct got g;

	read_book(path, required, sheet, lim, &g);
	if (g.rows != NULL)
		ck_abort_msg("%s: expected \"%s\", read:\n%s", path, cause,
		    g.rows);
	ck_assert_str_eq(g.cause, cause);
	got_free(&g);
}

static const char header[] = "Customer ID|Customer Name|Mobile Number|Region";

START_TEST(test_title_rows)
{
	char *dir = testutil_tmpdir(), *p, *rows;
	const struct tsheet titled[] = {
		{ "Customers", "1:Customer master, October\n"
		  "2:customer_id|note\n"
		  "3:Customer ID|Customer Name|Mobile Number|Region\n"
		  "4:CUST-0001|Aarav Mehta|#9123456781|West\n"
		  "6:CUST-0002|Diya Rao|#9123456782|north\n" },
	};
	const struct tsheet merged[] = {
		{ "Sheet1", "1:Daily export|||\n"
		  "2:\n"
		  "4: MOBILE-NUMBER |customer name|REGION|Customer_ID\n"
		  "5:#9123456781|Aarav Mehta|West|CUST-0001\n" },
	};
	const struct tsheet at20[] = {
		{ "S", "20:customer_id|customer_name|mobile_number|region\n"
		  "21:CUST-0001|A|#9123456781|West\n" },
	};
	const struct tsheet at21[] = {
		{ "S", "1:Report\n"
		  "21:customer_id|customer_name|mobile_number|region\n"
		  "22:CUST-0001|A|#9123456781|West\n" },
	};

	/* A title and a row holding only some of the columns. */
	p = book(dir, "t.xlsx", titled, 1, NULL);
	rows = xasprintf("H:%s\n"
	    "4:CUST-0001|Aarav Mehta|9123456781|West\n"
	    "6:CUST-0002|Diya Rao|9123456782|north\n", header);
	expect(p, 1, NULL, rows, "Customers", 3, 2);
	free(rows);
	/* Without required columns, the first non-empty row as before. */
	expect(p, 0, NULL,
	    "H:Customer master, October\n"
	    "2:customer_id|note\n"
	    "3:Customer ID|Customer Name|Mobile Number|Region\n"
	    "4:CUST-0001|Aarav Mehta|9123456781|West\n"
	    "6:CUST-0002|Diya Rao|9123456782|north\n", "Customers", 1, 0);
	free(p);

	/* A merged-looking title (empty styled cells) over an empty row;
	 * the header's names are matched after normalization. */
	p = book(dir, "m.xlsx", merged, 1, NULL);
	expect(p, 1, NULL,
	    "H: MOBILE-NUMBER |customer name|REGION|Customer_ID\n"
	    "5:9123456781|Aarav Mehta|West|CUST-0001\n", "Sheet1", 4, 1);
	free(p);

	/* Rows missing before the header count: row 20 is searched... */
	p = book(dir, "20.xlsx", at20, 1, NULL);
	expect(p, 1, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "21:CUST-0001|A|9123456781|West\n", "S", 20, 0);
	free(p);
	/* ... row 21 is not: the first row is the header, and the importer
	 * says which column is missing. */
	p = book(dir, "21.xlsx", at21, 1, NULL);
	expect(p, 1, NULL,
	    "H:Report\n"
	    "21:customer_id|customer_name|mobile_number|region\n"
	    "22:CUST-0001|A|9123456781|West\n", "S", 1, 0);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_second_sheet)
{
	char *dir = testutil_tmpdir(), *p, *rows;
	const struct tsheet empty_first[] = {
		{ "Sheet1", "" },
		{ "Data", "1:customer_id|customer_name|mobile_number|region\n"
		  "2:CUST-0001|Aarav Mehta|#9123456781|West\n" },
	};
	const struct tsheet notes_first[] = {
		{ "Notes", "1:Note|Author\n2:Loaded from the CRM|ops\n" },
		{ "Chart", NULL },
		{ "Customers", "2:Export of 12 Oct\n"
		  "3:Customer ID|Customer Name|Mobile Number|Region\n"
		  "4:CUST-0001|Aarav Mehta|#9123456781|West\n" },
	};

	p = book(dir, "e.xlsx", empty_first, 2, NULL);
	expect(p, 1, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "2:CUST-0001|Aarav Mehta|9123456781|West\n", "Data", 1, 0);
	/* The first sheet with a row when no column is required. */
	expect(p, 0, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "2:CUST-0001|Aarav Mehta|9123456781|West\n", "Data", 1, 0);
	free(p);

	/* Other columns on sheet 1, a chart sheet, the data on sheet 3. */
	p = book(dir, "n.xlsx", notes_first, 3, NULL);
	rows = xasprintf("H:%s\n4:CUST-0001|Aarav Mehta|9123456781|West\n",
	    header);
	expect(p, 1, NULL, rows, "Customers", 3, 1);
	free(rows);
	expect(p, 0, NULL, "H:Note|Author\n2:Loaded from the CRM|ops\n",
	    "Notes", 1, 0);
	expect_error(p, 1, "Chart", NULL,
	    "sheet \"Chart\" is a chart or dialog sheet, not a worksheet");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_sheet_by_name)
{
	char *dir = testutil_tmpdir(), *p;
	const struct tsheet weeks[] = {
		{ "Week 1", "1:customer_id|customer_name|mobile_number|region\n"
		  "2:CUST-0001|Aarav Mehta|#9123456781|West\n" },
		{ "Week 2", "1:Second week\n"
		  "2:customer_id|customer_name|mobile_number|region\n"
		  "3:CUST-0002|Diya Rao|#9123456782|North\n" },
		{ "WEEK 3", "" },
		{ "week 3", "" },
		{ "Donn\xc3\xa9" "es&#9;x", "" },
	};
	const char *list = "\"Week 1\", \"Week 2\", \"WEEK 3\", \"week 3\", "
	    "\"Donn??es?x\"";
	char *want;

	p = book(dir, "w.xlsx", weeks, 5, NULL);
	expect(p, 1, NULL,
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "2:CUST-0001|Aarav Mehta|9123456781|West\n", "Week 1", 1, 0);
	expect(p, 1, "Week 2",
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "3:CUST-0002|Diya Rao|9123456782|North\n", "Week 2", 2, 1);
	/* A case-insensitive match, when only one sheet matches. */
	expect(p, 1, "week 2",
	    "H:customer_id|customer_name|mobile_number|region\n"
	    "3:CUST-0002|Diya Rao|9123456782|North\n", "Week 2", 2, 1);

	want = xasprintf("the workbook has no sheet \"Week 9\" (its sheets: "
	    "%s)", list);
	expect_error(p, 1, "Week 9", NULL, want);
	free(want);
	want = xasprintf("the workbook has no sheet \"?[2J\" (its sheets: %s)",
	    list);
	expect_error(p, 1, "\033[2J", NULL, want);
	free(want);
	want = xasprintf("sheet \"Week 3\" matches 2 sheets when case is "
	    "ignored; give the exact name (the workbook's sheets: %s)", list);
	expect_error(p, 1, "Week 3", NULL, want);
	free(want);
	/* An exact name wins over the case-insensitive matches. */
	expect_error(p, 1, "week 3", NULL,
	    "sheet \"week 3\" (xl/worksheets/sheet4.xml) is empty");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_no_sheet_has_columns)
{
	char *dir = testutil_tmpdir(), *p, *cause = NULL;
	const struct tsheet other[] = {
		{ "Empty", "3:\n" },
		{ "Notes", "2:Note|Author\n3:Loaded from the CRM|ops\n" },
		{ "Customers", "1:customer_id|name|mobile_number|region\n"
		  "2:CUST-0001|Aarav Mehta|#9123456781|West\n" },
	};
	const struct tsheet none[] = {
		{ "A", "" },
		{ "B", "1:\n2:||\n" },
	};
	struct reader_opts opts;
	struct reader_row row;
	struct reader *r;
	int index[4];

	/* The first sheet with a row is read, its first row the header... */
	p = book(dir, "o.xlsx", other, 3, NULL);
	expect(p, 1, NULL, "H:Note|Author\n3:Loaded from the CRM|ops\n",
	    "Notes", 2, 0);
	/* ... so that the importer names what is missing. */
	memset(&opts, 0, sizeof opts);
	opts.required = customers;
	opts.nreq = 4;
	r = reader_open(p, READER_XLSX, NULL, &opts, &cause);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_int_eq(rules_columns_find(customers, 4, row.names,
	    row.header_n, index, &cause), -1);
	ck_assert_str_eq(cause, "missing column customer_id (columns found: "
	    "note, author)");
	free(cause);
	reader_close(r);
	free(p);

	p = book(dir, "none.xlsx", none, 2, NULL);
	expect_error(p, 1, NULL, NULL,
	    "all 2 worksheets of the workbook are empty");
	expect_error(p, 0, NULL, NULL,
	    "all 2 worksheets of the workbook are empty");
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* Bytes in use on the heap now (0 where unknown, as under valgrind). */
static size_t
heap_used(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	return mallinfo2().uordblks;
#else
	return 0;
#endif
}

START_TEST(test_shared_strings_bounded)
{
	char *dir = testutil_tmpdir(), *p, *want;
	struct reader_limits lim;
	const struct tsheet sheet[] = {
		{ "Customers", "1:@0|@1|@2|@3\n2:CUST-0001|@4|#9123456781|West\n" },
	};
	struct reader_opts opts;
	struct reader_row row;
	struct reader *r;
	struct strbuf sst;
	size_t before, i, used, n;
	char *cause = NULL;
	struct got g;

	/* A workbook declaring 205 million strings and holding five. */
	p = book(dir, "declared.xlsx", sheet, 1,
	    "<sst " NS " count=\"205000000\" uniqueCount=\"205000000\">"
	    "<si><t>customer_id</t></si><si><t>customer_name</t></si>"
	    "<si><t>mobile_number</t></si><si><t>region</t></si>"
	    "<si><t>Aarav Mehta</t></si></sst>");
	before = heap_used();
	memset(&opts, 0, sizeof opts);
	opts.required = customers;
	opts.nreq = 4;
	reader_limits_default(&lim);
	lim.max_shared = 4096;
	r = reader_open(p, READER_XLSX, &lim, &opts, &cause);
	if (r == NULL)
		ck_abort_msg("unexpected error: %s", cause);
	/* The table is loaded at open: a few hundred bytes, not 205M. */
	ck_assert_uint_lt(heap_used() - before, 1024 * 1024);
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_uint_eq(row.n, 4);
	ck_assert_str_eq(row.names[1], "customer_name");
	ck_assert_str_eq(row.values[1], "Aarav Mehta");
	ck_assert_int_eq(reader_next(r, &row, &cause), 0);
	reader_close(r);
	free(p);

	/* Strings really held past max_shared: each costs its text, a NUL
	 * and an offset; the one that does not fit stops the read. */
	strbuf_init(&sst);
	strbuf_puts(&sst, "<sst " NS " count=\"1\" uniqueCount=\"1\">");
	for (i = 0; i < 1000; i++)
		strbuf_printf(&sst, "<si><t>s%03zu</t></si>", i);
	strbuf_puts(&sst, "</sst>");
	p = book(dir, "many.xlsx", sheet, 1, strbuf_str(&sst));
	for (n = 0, used = 0; used + 4 <= 4096 &&
	    used + 4 + 1 + sizeof(size_t) <= 4096; n++)
		used += 4 + 1 + sizeof(size_t);
	want = xasprintf("XLSX part xl/sharedStrings.xml, line 1: the shared "
	    "strings need more than 4096 bytes of memory (%zu strings read)",
	    n);
	expect_error(p, 1, NULL, &lim, want);
	free(want);
	/* The defaults (96 MiB, 4M strings) take them. */
	read_book(p, 1, NULL, NULL, &g);
	ck_assert_ptr_nonnull(g.rows);
	ck_assert_str_eq(g.rows, "H:s000|s001|s002|s003\n"
	    "2:CUST-0001|s004|9123456781|West\n");
	got_free(&g);
	strbuf_free(&sst);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/*
 * The shared-strings bomb of issue 13: a workbook declaring 205M shared
 * strings and really holding millions of empty <si/> (each followed by a
 * pseudo-random whitespace character, so the part deflates about 25x, under
 * max_ratio, as a crafted one would). Read with the default limits in a
 * forked child, it is refused at max_shared_strings, and the child's peak
 * RSS stays under 64 MiB. Skipped under valgrind or KP_SKIP_MEMORY_BOMB=1.
 */
#define BOMB_STRINGS	(6u * 1024 * 1024)
#define BOMB_PEAK_KIB	(64 * 1024)

START_TEST(test_shared_strings_bomb)
{
	static const char ws[] = " \t\n";
	const struct tsheet sheet[] = {
		{ "Customers", "1:@0|@1|@2|@3\n2:CUST-0001|@4|#9123456781|West\n" },
	};
	struct reader_limits lim;
	struct reader_opts opts;
	struct rusage ru;
	struct strbuf sst;
	struct stat sb;
	char *dir, *p, *want, buf[512], *cause = NULL;
	uint32_t seed = 1;
	struct reader *r;
	int status, fd[2];
	ssize_t n;
	size_t i;
	pid_t pid;

	if (testutil_skip_memory_bomb())
		return;
	dir = testutil_tmpdir();
	strbuf_init(&sst);
	strbuf_puts(&sst, "<sst " NS " count=\"205000000\" "
	    "uniqueCount=\"205000000\"><si><t>customer_id</t></si>"
	    "<si><t>customer_name</t></si><si><t>mobile_number</t></si>"
	    "<si><t>region</t></si>");
	for (i = 0; i < BOMB_STRINGS; i++) {
		strbuf_puts(&sst, "<si/>");
		seed = seed * 1103515245 + 12345;
		strbuf_putc(&sst, ws[(seed >> 16) % 3]);
	}
	strbuf_puts(&sst, "</sst>");
	p = book(dir, "bomb.xlsx", sheet, 1, strbuf_str(&sst));
	strbuf_free(&sst);
	ck_assert_int_eq(stat(p, &sb), 0);
	fprintf(stderr, "bomb: %u empty strings in %lld bytes\n",
	    BOMB_STRINGS, (long long)sb.st_size);
	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		close(fd[0]);
		memset(&opts, 0, sizeof opts);
		opts.required = customers;
		opts.nreq = 4;
		reader_limits_default(&lim);
		if ((r = reader_open(p, READER_XLSX, &lim, &opts, &cause)) !=
		    NULL) {
			reader_close(r);
			_exit(2);
		}
		n = write(fd[1], cause, strlen(cause));
		free(cause);
		_exit(n > 0 ? 0 : 3);
	}
	close(fd[1]);
	ck_assert_int_eq(wait4(pid, &status, 0, &ru), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	n = read(fd[0], buf, sizeof buf - 1);
	close(fd[0]);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	want = xasprintf("more than %zu shared strings (the limit of a "
	    "workbook)", (size_t)4 * 1024 * 1024);
	ck_assert_msg(strstr(buf, want) != NULL, "%s", buf);
	fprintf(stderr, "bomb refused, peak RSS %ld KiB\n", ru.ru_maxrss);
#ifndef __SANITIZE_ADDRESS__
	/* AddressSanitizer's shadow memory and quarantine are part of the
	 * RSS there: the bound is checked in the plain builds. */
	ck_assert_msg(ru.ru_maxrss < BOMB_PEAK_KIB, "peak RSS %ld KiB",
	    ru.ru_maxrss);
#endif
	free(want);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_digest)
{
	char *dir = testutil_tmpdir(), *p, *cause = NULL;
	const struct tsheet sheets[] = {
		{ "Notes", "1:Note\n" },
		{ "Customers", "1:customer_id|customer_name|mobile_number|region\n"
		  "2:CUST-0001|Aarav Mehta|#9123456781|West\n" },
	};
	char hex[HASH_HEXLEN + 1], want[HASH_HEXLEN + 1];
	uint8_t digest[HASH_LEN];
	uint64_t size, want_size;
	struct reader_opts opts;
	struct reader_row row;
	struct reader *r;

	p = book(dir, "d.xlsx", sheets, 2, NULL);
	ck_assert_int_eq(hash_file(p, digest, &want_size, &cause), 0);
	hash_hex(digest, sizeof digest, want);
	memset(&opts, 0, sizeof opts);
	opts.required = customers;
	opts.nreq = 4;
	r = reader_open(p, READER_XLSX, NULL, &opts, &cause);
	ck_assert_ptr_nonnull(r);
	while (reader_next(r, &row, &cause) == 1)
		;
	ck_assert_int_eq(reader_digest(r, hex, &size, &cause), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, want_size);
	ck_assert_str_eq(reader_info(r)->sheet, "Customers");
	reader_close(r);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("read_xlsx");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_title_rows);
	tcase_add_test(tc, test_second_sheet);
	tcase_add_test(tc, test_sheet_by_name);
	tcase_add_test(tc, test_no_sheet_has_columns);
	tcase_add_test(tc, test_shared_strings_bounded);
	tcase_add_test(tc, test_shared_strings_bomb);
	tcase_add_test(tc, test_digest);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
