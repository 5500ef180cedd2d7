/*
 * Unit tests (read_xml, read_xml_guard): the orders XML reader under data contract v3.
 * Any root, records named by the first child of the root (order, row, ...),
 * fields from attributes and child elements by local name, the first of a
 * repeated field wins (attributes first), encodings from the declaration
 * (windows-1252 through iconv), and the digest of the bytes parsed. Each
 * test asserts exact names, values and lines, or an exact message, read
 * serially and again with the parse on its own thread (jobs 2, issue 17):
 * both must give the same rows, lines, record, encoding and error.
 */
#include <sys/stat.h>

#include <fcntl.h>

#include <stdint.h>

#include "testutil.h"

#include "hash.h"
#include "reader.h"
#include "reader_impl.h"
#include "strbuf.h"
#include "xmem.h"

/* What one read of a file gave. */
struct got {
	char		*rows;		/* "LINE:name=value|...\n" per row */
	char		*cause;		/* the error, or NULL */
	char		*record;	/* reader_info: record name, or NULL */
	const char	*encoding;	/* reader_info: a static string */
	size_t		 chunks;	/* reader_info: chunks parsed apart */
};

static void
got_free(struct got *g)
{
	free(g->rows);
	free(g->cause);
	free(g->record);
}

/* Read the file at path through the XML reader, to the end or an error,
 * with jobs (0: serially). */
static void
read_jobs(const char *path, const struct reader_limits *lim, unsigned jobs,
    struct got *g)
{
	const struct reader_info *info;
	struct reader_opts opts;
	struct reader *r;
	struct reader_row row;
	struct strbuf sb;
	size_t i;
	int rc;

	memset(g, 0, sizeof *g);
	memset(&opts, 0, sizeof opts);
	opts.jobs = jobs;
	if ((r = reader_open(path, READER_XML, lim, &opts, &g->cause)) == NULL)
		return;
	strbuf_init(&sb);
	while ((rc = reader_next(r, &row, &g->cause)) == 1) {
		ck_assert_uint_eq(row.n, row.header_n);
		strbuf_printf(&sb, "%zu:", row.line);
		for (i = 0; i < row.n; i++) {
			ck_assert_uint_eq(strlen(row.values[i]), row.lens[i]);
			strbuf_printf(&sb, "%s%s=%s", i > 0 ? "|" : "",
			    row.names[i], row.values[i]);
		}
		strbuf_putc(&sb, '\n');
	}
	if (rc == -1)
		ck_assert_ptr_nonnull(g->cause);
	info = reader_info(r);
	g->record = info->record != NULL ? xstrdup(info->record) : NULL;
	g->encoding = info->encoding;
	g->chunks = info->chunks;
	reader_close(r);
	g->rows = strbuf_detach(&sb);
}

/* t must be what g is. */
static void
same_got(const struct got *t, const struct got *g)
{
	ck_assert_str_eq(t->rows, g->rows);
	if (g->cause == NULL)
		ck_assert_ptr_null(t->cause);
	else
		ck_assert_str_eq(t->cause, g->cause);
	if (g->record == NULL)
		ck_assert_ptr_null(t->record);
	else
		ck_assert_str_eq(t->record, g->record);
	ck_assert_ptr_eq(t->encoding, g->encoding);
}

/*
 * Read serially, then with the parse on its own thread, then split into
 * chunks of at least 1 and 40 bytes parsed by 2 and 3 threads (jobs 3 and
 * 4, the writer counted; every
 * record its own chunk, then a few to a chunk; for a big file 4 and 64
 * KiB): all the same.
 */
/* Set by a test whose file may not be split (a DOCTYPE, UTF-16...). */
static int	no_split;

static void
read_all(const char *path, const struct reader_limits *lim, struct got *g)
{
	static const uint64_t small[] = { 1, 40 }, big[] = { 4096, 65536 };
	const uint64_t *mins = small;
	struct stat sb;
	struct got t;
	size_t i;

	if (stat(path, &sb) == 0 && sb.st_size > 100000)
		mins = big;

	read_jobs(path, lim, 0, g);
	read_jobs(path, lim, 2, &t);
	same_got(&t, g);
	got_free(&t);
	for (i = 0; i < sizeof small / sizeof small[0]; i++) {
		reader_par_set_min(mins[i]);
		read_jobs(path, lim, (unsigned)(3 + i), &t);
		reader_par_set_min(0);
		same_got(&t, g);
		/* Split (not read serially after a chunk failed) whenever
		 * the file has two records and parses. */
		if (g->cause == NULL && strchr(g->rows, '\n') !=
		    strrchr(g->rows, '\n') && i == 0 && !no_split)
			ck_assert_uint_ge(t.chunks, 2);
		got_free(&t);
	}
}

/* Write len bytes of data to a fresh file; caller frees the path. */
static char *
put(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);

	testutil_write(path, data, len, 0600);
	return path;
}

/*
 * Expect text to read, whole and then 1 and 7 bytes at a time, as exactly
 * want with that record name and encoding.
 */
static void
expect_read(const char *data, size_t len, const struct reader_limits *lim,
    const char *want, const char *record, const char *encoding)
{
	static const size_t chunks[] = { 0, 1, 7 };
	char *dir = testutil_tmpdir(), *p;
	struct got g;
	size_t i;

	p = put(dir, "o.xml", data, len);
	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		read_xml_set_chunk(chunks[i]);
		read_all(p, lim, &g);
		if (g.cause != NULL)
			ck_abort_msg("unexpected error: %s", g.cause);
		ck_assert_str_eq(g.rows, want);
		if (record == NULL)
			ck_assert_ptr_null(g.record);
		else
			ck_assert_str_eq(g.record, record);
		ck_assert_str_eq(g.encoding, encoding);
		got_free(&g);
	}
	read_xml_set_chunk(0);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}

static void
expect_text(const char *text, const char *want, const char *record,
    const char *encoding)
{
	expect_read(text, strlen(text), NULL, want, record, encoding);
}

/* Expect the document to fail with exactly the message want. */
static void
expect_error(const char *data, size_t len, const struct reader_limits *lim,
    const char *want)
{
	char *dir = testutil_tmpdir(), *p;
	struct got g;

	p = put(dir, "e.xml", data, len);
	read_all(p, lim, &g);
	if (g.cause == NULL)
		ck_abort_msg("expected \"%s\", read:\n%s", want, g.rows);
	ck_assert_str_eq(g.cause, want);
	got_free(&g);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}

static void
expect_text_error(const char *text, const char *want)
{
	expect_error(text, strlen(text), NULL, want);
}

/* The shape of the task's files. */
START_TEST(test_task_shape)
{
	expect_text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<orders>\n"
	    "  <order>\n"
	    "    <order_id>ORD-2025-0001</order_id>\n"
	    "    <mobile_number>9123456781</mobile_number>\n"
	    "    <order_date_time>2025-10-12T09:15:32</order_date_time>\n"
	    "    <sku_id>SKU-1001</sku_id>\n"
	    "    <sku_count>2</sku_count>\n"
	    "    <total_amount>7450</total_amount>\n"
	    "  </order>\n"
	    "  <order><order_id>ORD-2025-0002</order_id>"
	    "<mobile_number> 9123456782 </mobile_number>"
	    "<order_date_time>2025-10-12T10:00</order_date_time>"
	    "<sku_id>SKU-1002</sku_id><sku_count>1</sku_count>"
	    "<total_amount>199.50</total_amount></order>\n"
	    "</orders>\n",
	    "3:order_id=ORD-2025-0001|mobile_number=9123456781|"
	    "order_date_time=2025-10-12T09:15:32|sku_id=SKU-1001|"
	    "sku_count=2|total_amount=7450\n"
	    "11:order_id=ORD-2025-0002|mobile_number= 9123456782 |"
	    "order_date_time=2025-10-12T10:00|sku_id=SKU-1002|"
	    "sku_count=1|total_amount=199.50\n",
	    "order", "UTF-8");
}
END_TEST

/* Any root: <export><order>; no declaration reads as UTF-8. */
START_TEST(test_other_root)
{
	expect_text("<export>\n<order><order_id>ORD-1</order_id></order>\n"
	    "<order><order_id>ORD-2</order_id></order>\n</export>",
	    "2:order_id=ORD-1\n3:order_id=ORD-2\n", "order", "UTF-8");
}
END_TEST

/* pandas DataFrame.to_xml(): <data><row><index>. */
START_TEST(test_pandas_rows)
{
	expect_text("<?xml version='1.0' encoding='utf-8'?>\n"
	    "<data>\n"
	    "  <row>\n"
	    "    <index>0</index>\n"
	    "    <order_id>ORD-1</order_id>\n"
	    "    <mobile_number>9123456781</mobile_number>\n"
	    "    <sku_count>2</sku_count>\n"
	    "  </row>\n"
	    "  <row>\n"
	    "    <index>1</index>\n"
	    "    <order_id>ORD-2</order_id>\n"
	    "    <mobile_number/>\n"
	    "    <sku_count>1</sku_count>\n"
	    "  </row>\n"
	    "</data>\n",
	    "3:index=0|order_id=ORD-1|mobile_number=9123456781|sku_count=2\n"
	    "9:index=1|order_id=ORD-2|mobile_number=|sku_count=1\n",
	    "row", "UTF-8");
}
END_TEST

/* Prefixed names are matched by their local part; xmlns is no field. */
START_TEST(test_namespace_prefix)
{
	no_split = 1;	/* o:order and p:order: cut only at the first's name */
	expect_text("<o:orders xmlns:o=\"urn:x\" xmlns=\"urn:y\">\n"
	    "<o:order xmlns:o=\"urn:x\" xmlns=\"urn:y\" o:sku_id=\"SKU-1\">"
	    "<o:order_id>ORD-1</o:order_id><mobile_number>9123456781"
	    "</mobile_number></o:order>\n"
	    "<p:order xmlns:p=\"urn:x\"><p:order_id>ORD-2</p:order_id>"
	    "</p:order>\n"
	    "</o:orders>\n",
	    "2:sku_id=SKU-1|order_id=ORD-1|mobile_number=9123456781\n"
	    "3:order_id=ORD-2\n",
	    "order", "UTF-8");
}
END_TEST

/* Fields as attributes, with entities decoded. */
START_TEST(test_attribute_form)
{
	expect_text("<orders>\n"
	    "<order order_id=\"ORD-1\" mobile_number=\"9123456781\" "
	    "order_date_time=\"2025-10-12T09:15:32\" sku_id=\"SKU-&amp;1\" "
	    "sku_count='2' total_amount=\"7450\"/>\n"
	    "<order order_id=\"ORD-2\" mobile_number=\"\"></order>\n"
	    "</orders>",
	    "2:order_id=ORD-1|mobile_number=9123456781|"
	    "order_date_time=2025-10-12T09:15:32|sku_id=SKU-&1|sku_count=2|"
	    "total_amount=7450\n"
	    "3:order_id=ORD-2|mobile_number=\n",
	    "order", "UTF-8");
}
END_TEST

/*
 * Attributes and children mixed; a field given twice (after normalization)
 * keeps its first occurrence, attributes first, and the name as written
 * there.
 */
START_TEST(test_mixed_first_wins)
{
	expect_text("<orders>\n"
	    "<order Order-ID=\"A\" order_id=\"B\" sku_count=\"1\">\n"
	    "  <order_id>C</order_id>\n"
	    "  <SKU_ID>S1</SKU_ID>\n"
	    "  <sku_id>S2</sku_id>\n"
	    "  <o:sku_id xmlns:o=\"urn:x\">S3</o:sku_id>\n"
	    "  <Sku-Count>9</Sku-Count>\n"
	    "</order>\n"
	    "<order><sku_id>S4</sku_id><sku_id>S5</sku_id>"
	    "<order_id>D</order_id></order>\n"
	    "</orders>\n",
	    "2:Order-ID=A|sku_count=1|SKU_ID=S1\n"
	    "9:sku_id=S4|order_id=D\n", "order", "UTF-8");
}
END_TEST

START_TEST(test_two_record_names)
{
	expect_text_error("<orders>\n<order><order_id>1</order_id></order>\n"
	    "<o:order xmlns:o=\"urn:x\"/>\n"
	    "<item><order_id>2</order_id></item>\n</orders>\n",
	    "line 4: <item> among <order> records; every child of the root "
	    "is a record and all must have the same name");
}
END_TEST

START_TEST(test_empty_root)
{
	expect_text("<orders/>", "", NULL, "UTF-8");
	expect_text("<?xml version=\"1.0\"?>\n<orders>\n  \n</orders>\n", "",
	    NULL, "UTF-8");
}
END_TEST

/* Text inside a record is layout if it is whitespace, else an error. */
START_TEST(test_text_in_record)
{
	expect_text("<orders><order>\r\n\t <a>1</a> \n</order></orders>",
	    "1:a=1\n", "order", "UTF-8");
	expect_text_error("<orders>\n<order><a>1</a>\nORD-1</order></orders>",
	    "line 3: text inside a <order> outside its fields");
	expect_text_error("<orders>\n<order><a>1<b>2</b></a></order></orders>",
	    "line 2: element <b> inside a field of a <order>; fields hold "
	    "only text");
	/* Also in a repeated field, whose value is dropped. */
	expect_text_error("<orders><order><a>1</a>\n<A>2<b/></A></order>"
	    "</orders>",
	    "line 2: element <b> inside a field of a <order>; fields hold "
	    "only text");
}
END_TEST

/* windows-1252 through iconv: 0x80 is U+20AC, 0xE9 is U+00E9. */
START_TEST(test_windows_1252)
{
#define CP1252_BODY \
	"<orders>\n" \
	"<order sku_id=\"\x80\x80\"><name>Ren\xe9\x65</name>" \
	"<total_amount>\x80 7450</total_amount>" \
	"<quote>\x93q\x94</quote></order>\n" \
	"</orders>\n"
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n" CP1252_BODY;
	static const char alias[] =
	    "<?xml version=\"1.0\" encoding=\"CP1252\"?>\n" CP1252_BODY;
#undef CP1252_BODY
	static const char want[] =
	    "3:sku_id=\xe2\x82\xac\xe2\x82\xac|name=Ren\xc3\xa9\x65|"
	    "total_amount=\xe2\x82\xac 7450|"
	    "quote=\xe2\x80\x9cq\xe2\x80\x9d\n";

	expect_read(doc, sizeof doc - 1, NULL, want, "order", "windows-1252");
	expect_read(alias, sizeof alias - 1, NULL, want, "order",
	    "windows-1252");

	/* 0x81 is not defined in windows-1252: iconv maps it to -1. */
	expect_text_error("<?xml version=\"1.0\" encoding=\"cp1252\"?>\n"
	    "<orders>\n<order><a>\x81</a></order></orders>",
	    "line 3: XML error: not well-formed (invalid token)");
}
END_TEST

START_TEST(test_iso_8859_1)
{
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
	    "<orders><order><name>Ren\xe9\x65 \xa3</name></order></orders>\n";

	expect_read(doc, sizeof doc - 1, NULL,
	    "2:name=Ren\xc3\xa9\x65 \xc2\xa3\n", "order", "ISO-8859-1");
}
END_TEST

/* UTF-16 with a byte order mark and no declaration. */
START_TEST(test_utf16_bom)
{
	static const char text[] = "<orders>\n<order a=\"1\"><b>\xe9</b>"
	    "</order></orders>";
	char buf[2 * sizeof text + 2];
	size_t i, n = 0;

	buf[n++] = (char)0xff;
	buf[n++] = (char)0xfe;
	for (i = 0; i < sizeof text - 1; i++) {
		buf[n++] = text[i];
		buf[n++] = '\0';
	}
	expect_read(buf, n, NULL, "2:a=1|b=\xc3\xa9\n", "order", "UTF-16LE");
}
END_TEST

START_TEST(test_unsupported_encoding)
{
	expect_text_error("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n"
	    "<orders/>",
	    "line 1: the XML declares encoding \"Shift_JIS\", which is not "
	    "supported (use UTF-8, UTF-16, ISO-8859-1, US-ASCII or "
	    "windows-1252)");
	expect_text_error("<?xml version=\"1.0\" encoding=\"x-\x1b[31m\"?>\n"
	    "<orders/>",
	    "line 1: XML error: not well-formed (invalid token)");
}
END_TEST

START_TEST(test_doctype_refused)
{
	expect_text_error("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE orders [<!ENTITY a \"x\">]>\n"
	    "<orders><order><a>&a;</a></order></orders>",
	    "line 2: DOCTYPE is not allowed (DTDs and entities are refused)");
	expect_text_error("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
	    "<!DOCTYPE orders SYSTEM \"file:///etc/passwd\">\n<orders/>",
	    "line 2: DOCTYPE is not allowed (DTDs and entities are refused)");
}
END_TEST

START_TEST(test_limits)
{
	static const char dup[] =
	    "<orders><order a=\"1\" A=\"2\"><a/><b/></order></orders>";
	static const char three[] =
	    "<orders><order a=\"1\"><b/><c/></order></orders>";
	static const char longer[] = "<orders>\n<order a=\"12345\"/></orders>";
	struct reader_limits lim;
	struct strbuf sb, want;
	size_t i;

	/* Repeated fields are dropped before they count. */
	reader_limits_default(&lim);
	lim.max_columns = 2;
	expect_read(dup, sizeof dup - 1, &lim, "1:a=1|b=\n", "order",
	    "UTF-8");
	expect_error(three, sizeof three - 1, &lim,
	    "line 1: more than 2 fields in one <order>");

	reader_limits_default(&lim);
	lim.max_field = 4;
	expect_error(longer, sizeof longer - 1, &lim,
	    "line 2: <a> is longer than 4 bytes");

	strbuf_init(&sb);
	strbuf_init(&want);
	strbuf_puts(&sb, "<orders><order><");
	strbuf_puts(&want, "line 1: field name <");
	for (i = 0; i < 1025; i++) {
		strbuf_putc(&sb, 'n');
		if (i < 64)
			strbuf_putc(&want, 'n');
	}
	strbuf_puts(&sb, "/></order></orders>");
	strbuf_puts(&want, "...> is longer than 1024 bytes");
	expect_error(strbuf_str(&sb), sb.len, NULL, strbuf_str(&want));
	strbuf_free(&sb);
	strbuf_free(&want);
}
END_TEST

/* Many distinct field names: the name cache is emptied and refilled. */
START_TEST(test_many_names)
{
	struct strbuf doc, want;
	size_t i;

	strbuf_init(&doc);
	strbuf_init(&want);
	strbuf_puts(&doc, "<orders>\n");
	for (i = 0; i < 10000; i++) {
		strbuf_printf(&doc, "<order><order_id>%zu</order_id>"
		    "<f%zu>v</f%zu><F%zu>w</F%zu></order>\n", i, i, i, i, i);
		strbuf_printf(&want, "%zu:order_id=%zu|f%zu=v\n", i + 2, i,
		    i);
	}
	strbuf_puts(&doc, "</orders>\n");
	expect_read(strbuf_str(&doc), doc.len, NULL, strbuf_str(&want), "order", "UTF-8");
	strbuf_free(&doc);
	strbuf_free(&want);
}
END_TEST

/* The digest is that of every byte of the file. */
START_TEST(test_digest)
{
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
	    "<data><row><index>0</index><name>\x80</name></row></data>\n"
	    "<!-- trailing comment -->\n";
	char *dir = testutil_tmpdir(), *p, *cause = NULL;
	char hex[HASH_HEXLEN + 1], want[HASH_HEXLEN + 1];
	uint8_t raw[HASH_LEN];
	struct reader_row row;
	struct reader *r;
	uint64_t size, fsize;

	p = put(dir, "d.xml", doc, sizeof doc - 1);
	ck_assert_int_eq(hash_file(p, raw, &fsize, &cause), 0);
	hash_hex(raw, sizeof raw, want);
	r = reader_open(p, READER_XML, NULL, NULL, &cause);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(reader_next(r, &row, &cause), 1);
	ck_assert_int_eq(reader_next(r, &row, &cause), 0);
	ck_assert_int_eq(reader_digest(r, hex, &size, &cause), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, sizeof doc - 1);
	ck_assert_uint_eq(fsize, sizeof doc - 1);
	reader_close(r);
	free(p);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* A document of n records with some oddities, and an error at the end
 * when broken: many batches of the pipe (2048 rows each). */
static char *
many_records(size_t n, int broken, size_t *len)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_puts(&sb, "<?xml version=\"1.0\"?>\n<orders>\n");
	for (i = 0; i < n; i++) {
		if (i % 7 == 3)
			strbuf_printf(&sb, "<order id=\"%zu\">\n<a><![CDATA[x\n"
			    "y]]></a><!-- c\n -->\n<b>&amp;%zu</b></order>\n",
			    i, i);
		else
			strbuf_printf(&sb, "<order><id>%zu</id><a>%0*zu</a>"
			    "</order>\n", i, (int)(i % 300), i);
	}
	strbuf_puts(&sb, broken ? "<order><id>x</id><a>" : "</orders>\n");
	*len = sb.len;
	return strbuf_detach(&sb);
}

/* Many records read serially and on a thread: the same rows, in order,
 * with their lines; then the same error after them. */
START_TEST(test_pipe_many)
{
	char *dir = testutil_tmpdir(), *p, *doc;
	const char *m;
	struct got g;
	size_t len;

	doc = many_records(20000, 0, &len);
	p = put(dir, "m.xml", doc, len);
	read_all(p, NULL, &g);
	ck_assert_ptr_null(g.cause);
	/* The last record's line: 2 before the first record, 5 lines for
	 * each seventh record, 1 for the others. */
	m = strstr(g.rows, ":id=19999|a=");
	ck_assert_ptr_nonnull(m);
	while (m > g.rows && m[-1] != '\n')
		m--;
	ck_assert_uint_eq(strtoul(m, NULL, 10), 31430);
	got_free(&g);
	free(p);
	free(doc);
	doc = many_records(9000, 1, &len);
	p = put(dir, "b.xml", doc, len);
	read_all(p, NULL, &g);
	ck_assert_ptr_nonnull(g.cause);
	ck_assert_ptr_nonnull(strstr(g.rows, ":id=8999|a="));
	got_free(&g);
	free(p);
	free(doc);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

/* Closed before the end, with the parser thread waiting on a full queue:
 * the close stops and joins it; and the digest with a thread is that of
 * every byte. */
/* Split text fed in blocks of step bytes with chunks of min bytes: the
 * chunk starts and their lines "OFF/LINE ..." (with the end), or "-". */
static char *
split_of(const char *text, uint64_t min, size_t step)
{
	struct xml_split s;
	struct strbuf sb;
	size_t i, len = strlen(text), k;

	xml_split_init(&s, min);
	for (i = 0; i < len; i += k) {
		k = len - i < step ? len - i : step;
		xml_split_scan(&s, text + i, k);
	}
	strbuf_init(&sb);
	if (xml_split_end(&s) == -1)
		strbuf_puts(&sb, "-");
	else {
		for (i = 0; i <= s.n; i++)
			strbuf_printf(&sb, "%s%llu/%llu", i > 0 ? " " : "",
			    (unsigned long long)s.off[i],
			    (unsigned long long)s.line0[i]);
	}
	xml_split_free(&s);
	return strbuf_detach(&sb);
}

static void
expect_split(const char *text, uint64_t min, const char *want)
{
	static const size_t steps[] = { 1, 3, 65536 };
	char *got;
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		got = split_of(text, min, steps[i]);
		ck_assert_str_eq(got, want);
		free(got);
	}
}

/* The splitter cuts at records' start tags, counting lines as expat. */
START_TEST(test_split_points)
{
	static const char bom[] = "\xef\xbb\xbf<?xml version='1.0'\n"
	    "encoding='cp1252'?>\n<x:o a='1'><r/><r/></x:o>";
	struct xml_split s;

	/* Every record after the first; CR LF and lone CR are one line. */
	expect_split("<o>\r\n<r>1</r>\r<r a='>'>2</r>\n<r/></o>", 1,
	    "0/0 14/2 29/3 37/3");
	/* A '>' in an attribute, a comment, a PI and CDATA hide nothing. */
	expect_split("<?xml version=\"1.0\"\nencoding=\"windows-1252\"?>\n"
	    "<o><r x=\"<r>\"><f><![CDATA[<r>]]></f></r><!-- <r> --><?p <r>?>"
	    "<r/></o>\n", 1, "0/0 107/2 116/3");
	/* Chunks of at least min bytes; a field named like the record
	 * (depth 3) is no cut. */
	expect_split("<o><r><r>1</r></r><r>2</r><r>3</r></o>", 20,
	    "0/0 26/0 38/0");
	/* Refused: a DOCTYPE, UTF-16, junk after the root, an unended
	 * comment, one record only. */
	expect_split("<!DOCTYPE o><o><r/><r/></o>", 1, "-");
	expect_split("\xff\xfe<\0o\0>\0", 1, "-");
	expect_split("<o><r/><r/></o><o/>", 1, "-");
	expect_split("<o><r/><r/></o><!-- x", 1, "-");
	expect_split("<o><r/></o>", 1, "-");
	expect_split("<?xml version='1.0' encoding='UTF-16'?><o><r/><r/></o>",
	    1, "-");
	/* The text around each chunk: the declaration on one line. */
	xml_split_init(&s, 1);
	xml_split_scan(&s, bom, strlen(bom));
	ck_assert_int_eq(xml_split_end(&s), 0);
	ck_assert_str_eq(s.pre, "<?xml version='1.0' encoding='cp1252'?>"
	    "<x:o>");
	ck_assert_str_eq(s.suf, "</x:o>");
	xml_split_free(&s);
}
END_TEST

/* A chunk that fails: the serial outcome (message, line, rows before). */
START_TEST(test_split_error_later)
{
	static const char doc[] =
	    "<orders>\n<order><a>1</a></order>\n<order><a>2</a></order>\n"
	    "<order><a>3</a></order>\n<order><a>4</b></order>\n"
	    "<order><a>5</a></order>\n</orders>\n";

	expect_error(doc, sizeof doc - 1, NULL,
	    "line 5: XML error: mismatched tag");
}
END_TEST

/* A file changed after the cut's scan (its SHA-256) is refused at the end. */
START_TEST(test_split_changed)
{
	char *dir = testutil_tmpdir(), *p, *doc, *cause = NULL;
	struct reader_opts opts;
	struct reader_row row;
	struct timespec ts[2];
	struct reader *r;
	size_t len;
	int rc;

	doc = many_records(3000, 0, &len);
	p = put(dir, "m.xml", doc, len);
	memset(&opts, 0, sizeof opts);
	opts.jobs = 3;
	reader_par_set_min(4096);
	r = reader_open(p, READER_XML, NULL, &opts, &cause);
	ck_assert_ptr_nonnull(r);
	ts[0].tv_sec = ts[1].tv_sec = 1000000000;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	while ((rc = reader_next(r, &row, &cause)) == 1)
		;
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(cause, "changed while it was read"));
	free(cause);
	reader_close(r);
	reader_par_set_min(0);
	free(p);
	free(doc);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_pipe_close)
{
	char *dir = testutil_tmpdir(), *p, *doc, *cause = NULL;
	char hex[HASH_HEXLEN + 1], want[HASH_HEXLEN + 1];
	struct reader_opts opts;
	struct reader_row row;
	uint8_t raw[HASH_LEN];
	struct reader *r;
	uint64_t size, fsize;
	size_t len;
	int i, rc;

	doc = many_records(30000, 0, &len);
	p = put(dir, "m.xml", doc, len);
	memset(&opts, 0, sizeof opts);
	opts.jobs = 2;
	for (i = 0; i < 3; i++) {
		r = reader_open(p, READER_XML, NULL, &opts, &cause);
		ck_assert_ptr_nonnull(r);
		if (i > 0)
			ck_assert_int_eq(reader_next(r, &row, &cause), 1);
		if (i > 1)
			ck_assert_uint_gt(reader_bytes(r), 0);
		reader_close(r);
	}
	ck_assert_int_eq(hash_file(p, raw, &fsize, &cause), 0);
	hash_hex(raw, sizeof raw, want);
	r = reader_open(p, READER_XML, NULL, &opts, &cause);
	ck_assert_ptr_nonnull(r);
	while ((rc = reader_next(r, &row, &cause)) == 1)
		;
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(reader_bytes(r), len);
	ck_assert_int_eq(reader_digest(r, hex, &size, &cause), 0);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(size, len);
	reader_close(r);
	free(p);
	free(doc);
	testutil_rmtree(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("read_xml");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_task_shape);
	tcase_add_test(tc, test_other_root);
	tcase_add_test(tc, test_pandas_rows);
	tcase_add_test(tc, test_namespace_prefix);
	tcase_add_test(tc, test_attribute_form);
	tcase_add_test(tc, test_mixed_first_wins);
	tcase_add_test(tc, test_two_record_names);
	tcase_add_test(tc, test_empty_root);
	tcase_add_test(tc, test_text_in_record);
	tcase_add_test(tc, test_windows_1252);
	tcase_add_test(tc, test_iso_8859_1);
	tcase_add_test(tc, test_utf16_bom);
	tcase_add_test(tc, test_unsupported_encoding);
	tcase_add_test(tc, test_doctype_refused);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_many_names);
	tcase_add_test(tc, test_digest);
	tcase_add_test(tc, test_pipe_many);
	tcase_add_test(tc, test_pipe_close);
	tcase_add_test(tc, test_split_points);
	tcase_add_test(tc, test_split_error_later);
	tcase_add_test(tc, test_split_changed);
	suite_add_tcase(s, tc);
	return testutil_run(s);
}
