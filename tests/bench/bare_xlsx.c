/*
 * bare_xlsx: the floor for the export benchmark (issue 17, DESIGN.md
 * section 6: export within 1.15x of a bare libxlsxwriter program writing
 * the same cells). Not part of kpidesk: no checks, no proof, no other
 * sheets.
 *
 *     bare_xlsx DB OUT.xlsx [db|mem]
 *
 * Writes kpidesk's biggest sheet, Current_Day_Orders (src/export/
 * export_book.c), the same way: libxlsxwriter in constant-memory mode,
 * the same six columns and widths, a bold header row and frozen pane,
 * text as strings, sku_count a number, total_amount a number with the
 * "0.00" format. The rows are the order lines of the DB's last day, read
 * with a plain SELECT in key order (the query kpidesk runs for a day that
 * is most of the table).
 *
 *   db   (default) the rows streamed from the SELECT into the sheet, as
 *        kpidesk does: prints "bare seconds=S cpu=C rows=N" for the whole
 *        run (cpu: the process's CPU seconds).
 *   mem  the rows read into memory first (not timed), then written:
 *        prints "bare_mem seconds=S cpu=C rows=N" for the writing alone.
 *
 * Temporary files go to $TMPDIR (default /tmp).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include <xlsxwriter.h>

static const char bare_sql[] =
"SELECT order_id, mobile, ordered_text, sku_id, sku_count, amount "
"FROM order_lines WHERE +day = (SELECT max(day) FROM order_lines) "
"ORDER BY order_id, sku_id";

struct bare_row {
	char	*text[4];
	int64_t	 count, amount;
};

struct bare_book {
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	lxw_format	*money;
	lxw_row_t	 row;
};

static double
bare_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
bare_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bare_die(const char *what)
{
	fprintf(stderr, "bare_xlsx: %s\n", what);
	exit(1);
}

static char *
bare_strdup(const unsigned char *s)
{
	char *p = strdup(s != NULL ? (const char *)s : "");

	if (p == NULL)
		bare_die("out of memory");
	return p;
}

/* The workbook with its one sheet and header, as kpidesk starts it. */
static void
bare_open(struct bare_book *b, const char *out)
{
	static const char *const names[] = { "order_id", "mobile_number",
	    "order_date_time", "sku_id", "sku_count", "total_amount" };
	static const double widths[] = { 16, 16, 26, 12, 10, 14 };
	lxw_workbook_options o;
	lxw_format *bold, *day;
	const char *tmp = getenv("TMPDIR");
	lxw_col_t c;

	memset(&o, 0, sizeof o);
	o.constant_memory = LXW_TRUE;
	o.tmpdir = (char *)(tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	o.use_zip64 = LXW_TRUE;
	if ((b->wb = workbook_new_opt(out, &o)) == NULL)
		bare_die("cannot start the workbook");
	bold = workbook_add_format(b->wb);
	format_set_bold(bold);
	/*
	 * kpidesk's Summary uses its date format before any money, so money
	 * is the workbook's third cell format: taken here in the same order,
	 * the sheet's XML is kpidesk's byte for byte (bench_export.sh checks).
	 */
	day = workbook_add_format(b->wb);
	format_set_num_format(day, "yyyy-mm-dd");
	b->money = workbook_add_format(b->wb);
	format_set_num_format(b->money, "0.00");
	lxw_format_get_xf_index(bold);
	lxw_format_get_xf_index(day);
	lxw_format_get_xf_index(b->money);
	if ((b->ws = workbook_add_worksheet(b->wb, "Current_Day_Orders")) ==
	    NULL)
		bare_die("cannot add the sheet");
	for (c = 0; c < 6; c++) {
		worksheet_set_column(b->ws, c, c, widths[c], NULL);
		worksheet_write_string(b->ws, 0, c, names[c], bold);
	}
	worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 0;
}

static void
bare_write(struct bare_book *b, const char *const text[4], int64_t count,
    int64_t amount)
{
	lxw_col_t c;

	b->row++;
	for (c = 0; c < 4; c++)
		worksheet_write_string(b->ws, b->row, c, text[c], NULL);
	worksheet_write_number(b->ws, b->row, 4, (double)count, NULL);
	worksheet_write_number(b->ws, b->row, 5, (double)amount / 100.0,
	    b->money);
}

static void
bare_close(struct bare_book *b)
{
	if (workbook_close(b->wb) != LXW_NO_ERROR)
		bare_die("writing the workbook failed");
}

int
main(int argc, char **argv)
{
	struct bare_book b;
	struct bare_row *rows = NULL;
	const char *text[4];
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t n = 0, cap = 0, i;
	double t0, c0;
	int mem, rc, c;

	if (argc < 3 || argc > 4)
		bare_die("usage: bare_xlsx DB OUT.xlsx [db|mem]");
	mem = argc == 4 && strcmp(argv[3], "mem") == 0;
	t0 = bare_now();
	c0 = bare_cpu();
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, bare_sql, -1, &st, NULL) !=
	    SQLITE_OK)
		bare_die(sqlite3_errmsg(db));
	if (!mem)
		bare_open(&b, argv[2]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < 4; c++) {
			text[c] = (const char *)sqlite3_column_text(st, c);
			if (text[c] == NULL)
				text[c] = "";
		}
		if (!mem) {
			bare_write(&b, text, sqlite3_column_int64(st, 4),
			    sqlite3_column_int64(st, 5));
			n++;
			continue;
		}
		if (n == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			if ((rows = realloc(rows, cap * sizeof *rows)) == NULL)
				bare_die("out of memory");
		}
		for (c = 0; c < 4; c++)
			rows[n].text[c] = bare_strdup((const unsigned char *)
			    text[c]);
		rows[n].count = sqlite3_column_int64(st, 4);
		rows[n++].amount = sqlite3_column_int64(st, 5);
	}
	if (rc != SQLITE_DONE)
		bare_die(sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (mem) {
		t0 = bare_now();
		c0 = bare_cpu();
		bare_open(&b, argv[2]);
		for (i = 0; i < n; i++)
			bare_write(&b, (const char *const *)rows[i].text,
			    rows[i].count, rows[i].amount);
	}
	bare_close(&b);
	printf("%s seconds=%.3f cpu=%.2f rows=%zu\n", mem ? "bare_mem" : "bare",
	    bare_now() - t0, bare_cpu() - c0, n);
	for (i = 0; mem && i < n; i++)
		for (c = 0; c < 4; c++)
			free(rows[i].text[c]);
	free(rows);
	return 0;
}
