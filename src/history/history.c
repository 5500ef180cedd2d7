/* history: what auditors read from snapshots. */
#include "history.h"
#include "history_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "datetime.h"
#include "db.h"
#include "kpi.h"
#include "proof.h"
#include "render.h"
#include "rules.h"
#include "smap.h"
#include "snapshot.h"
#include "sqlrow.h"
#include "strbuf.h"
#include "table.h"
#include "totals.h"
#include "xmem.h"

/* Check the proofs of the batches s rests on; proven caches results, and
 * proofs holds those of the orders batches hashed in the pass over the
 * lines (totals_lines). */
static int
history_verify_batches(struct db *db, const struct snapshot_info *s,
    const struct smap *proofs, struct smap *proven, struct strbuf *report,
    int *ok, char **cause)
{
	char hex[HASH_HEXLEN + 1], key[24];
	struct smap_entry *e, *p;
	sqlite3_stmt *st;
	int rc = 0;

	if (db_prepare(db, "SELECT id, kind, file_name, "
	    "coalesce(content_hash, '') FROM batches WHERE status = "
	    "'committed' AND id <= ?1 AND (kind = 'orders' OR id = ?2) "
	    "ORDER BY id", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, s->last_batch);
	sqlite3_bind_int64(st, 2, s->customer_batch);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(key, sizeof key, "%lld",
		    (long long)sqlite3_column_int64(st, 0));
		e = smap_get(proven, key);
		if (e->v[0] == 0) {
			if ((p = smap_find(proofs, key)) != NULL)
				snprintf(hex, sizeof hex, "%s",
				    (const char *)p->ptr);
			else
				rc = proof_batch(db, sqlite3_column_int64(st,
				    0), hex, cause);
			e->v[0] = strcmp(hex, sqlrow_text(st, 3)) == 0 ? 1 : 2;
		}
		if (rc == 0 && e->v[0] == 2) {
			strbuf_printf(report, "%s: batch %s (%s, %s) changed "
			    "since import: its rows no longer match its proof\n",
			    s->day, key, sqlrow_text(st, 1),
			    sqlrow_text(st, 2));
			*ok = 0;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The audit entry s recorded as the chain's head must still be there. */
static int
history_verify_head(struct db *db, const struct snapshot_info *s,
    struct strbuf *report, int *ok, char **cause)
{
	sqlite3_stmt *st;
	int same = 0;

	if (s->audit_seq == 0)
		return 0;
	if (db_prepare(db, "SELECT hash FROM audit_log WHERE seq = ?1", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, s->audit_seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		same = strcmp(sqlrow_text(st, 0), s->audit_hash) == 0;
	sqlite3_finalize(st);
	if (!same) {
		strbuf_printf(report, "%s: the audit chain no longer holds the "
		    "head this snapshot recorded (entry %lld): the chain was "
		    "truncated or rebuilt\n", s->day, (long long)s->audit_seq);
		*ok = 0;
	}
	return 0;
}

/* Append the KPI changes from rows1 to rows2 (defined below). */
static void history_diff_kpi(struct strbuf *, const char *, const char *,
    const char *);

/* The snapshot's own totals against v, its lines recomputed. */
static void
history_verify_totals(const struct snapshot_info *s,
    const struct totals_view *v, struct strbuf *report, int *ok)
{
	int64_t lines = 0, orders = 0, revenue = 0;
	char m1[32], m2[32];
	size_t d;

	for (d = 0; d < v->ndays; d++) {
		orders += v->days[d][0];
		lines += v->days[d][1];
		revenue += v->days[d][2];
	}
	if (lines == s->order_lines && orders == s->orders &&
	    revenue == s->revenue)
		return;
	rules_money_format(s->revenue, m1, sizeof m1);
	rules_money_format(revenue, m2, sizeof m2);
	strbuf_printf(report, "%s: the snapshot's totals differ from its order "
	    "lines: %lld lines, %lld orders, revenue %s where the lines give "
	    "%lld, %lld, %s\n", s->day, (long long)s->order_lines,
	    (long long)s->orders, m1, (long long)lines, (long long)orders, m2);
	*ok = 0;
}

/*
 * Recompute every KPI of s from v (its order lines as of the snapshot:
 * batches up to its last, days before its as_of) and the customer master
 * it rests on, never from the totals tables, and compare with the stored
 * results, naming the rows that differ.
 */
static int
history_verify_kpis(struct db *db, const struct snapshot_info *s,
    const struct totals_view *v, struct strbuf *report, int *ok,
    char **cause)
{
	struct strbuf json, diff;
	struct table *t;
	char *stored = NULL, *rows = NULL, *now;
	size_t i;

	for (i = 0; i < kpi_count(); i++) {
		if (kpi_run_lines(db, kpi_at(i), v, s->customer_batch, &t,
		    cause) == -1)
			return -1;
		if (history_kpi(db, s->day, kpi_at(i)->name, 1, &stored,
		    cause) == -1 || history_kpi(db, s->day, kpi_at(i)->name,
		    0, &rows, cause) == -1) {
			free(stored);
			table_free(t);
			return -1;
		}
		strbuf_init(&json);
		render_json(&json, kpi_at(i)->name, s->day, t);
		if (strcmp(strbuf_str(&json), stored) != 0) {
			strbuf_printf(report, "%s: KPI %s recomputed from the "
			    "order lines differs from the stored result\n",
			    s->day, kpi_at(i)->name);
			/* Name the rows: stored -> what the lines give. */
			now = snapshot_rows(t);
			strbuf_init(&diff);
			history_diff_kpi(&diff, kpi_at(i)->name, rows, now);
			if (strbuf_str(&diff)[0] != '\0')
				strbuf_printf(report, "%s:   stored -> "
				    "lines: %s", s->day, strbuf_str(&diff));
			strbuf_free(&diff);
			free(now);
			*ok = 0;
		}
		strbuf_free(&json);
		table_free(t);
		free(stored);
		free(rows);
		stored = rows = NULL;
	}
	return 0;
}

/* Snapshots recomputed per pass over the lines (each holds a view). */
#define HISTORY_VIEWS_PER_PASS	8

/* Verify list[i] once its lines are recomputed into v. */
static int
history_verify_one(struct db *db, const struct snapshot_info *s,
    const struct totals_view *v, const struct smap *proofs,
    struct smap *proven, struct strbuf *report, int *ok, char **cause)
{
	int intact;

	*ok = 1;
	if (snapshot_intact(db, s, &intact, cause) == -1 ||
	    history_verify_batches(db, s, proofs, proven, report, ok,
	    cause) == -1 ||
	    history_verify_head(db, s, report, ok, cause) == -1)
		return -1;
	history_verify_totals(s, v, report, ok);
	if (history_verify_kpis(db, s, v, report, ok, cause) == -1)
		return -1;
	if (!intact) {
		strbuf_printf(report, "%s: the snapshot's stored content "
		    "changed (its KPI results, totals or batch list were "
		    "edited)\n", s->day);
		*ok = 0;
	}
	if (*ok)
		strbuf_printf(report, "%s: verified (content %.16s)\n",
		    s->day, s->content_hash);
	return 0;
}

int
history_verify(struct db *db, const char *day, struct strbuf *report,
    int *ok, char **cause)
{
	struct totals_view views[1 + HISTORY_VIEWS_PER_PASS];
	struct snapshot_info *list = NULL, one;
	struct audit_check chain;
	struct smap proven, proofs;
	size_t n = 0, i, k, nv = 0, first;
	int rc = -1, one_ok, totals_ok = 1, own = 0;

	*ok = 1;
	memset(views, 0, sizeof views);
	if (audit_verify(db, &chain, cause) == -1)
		return -1;
	if (!chain.ok) {
		strbuf_printf(report, "audit chain BROKEN at entry %lld: %s\n",
		    (long long)chain.bad_seq, chain.problem);
		free(chain.problem);
		*ok = 0;
	}
	if (day != NULL) {
		if (snapshot_get(db, day, &one, cause) == -1)
			return -1;
		list = xmalloc(sizeof *list);
		list[0] = one;
		n = 1;
	} else if (snapshot_list(db, &list, &n, cause) == -1)
		return -1;
	smap_init(&proven);
	smap_init(&proofs);
	/* One read transaction: the lines and totals of one moment (the
	 * caller's, when it holds one). */
	if ((own = sqlite3_get_autocommit(db->h)) && db_exec(db, "BEGIN",
	    cause) == -1) {
		own = 0;
		goto out;
	}
	for (first = 0; first < n || first == 0; first += nv) {
		/* The first pass also recomputes every line, for the
		 * totals tables. */
		k = 0;
		if (first == 0) {
			views[k].f.as_of = INT32_MAX;
			views[k].f.last_batch = INT64_MAX;
			views[k++].f.committed = 0;
		}
		for (nv = 0; nv < HISTORY_VIEWS_PER_PASS && first + nv < n;
		    nv++, k++) {
			if (datetime_parse_day(list[first + nv].day,
			    &views[k].f.as_of) == -1) {
				*cause = xasprintf("snapshot day %s is not a "
				    "day", list[first + nv].day);
				goto out;
			}
			views[k].f.last_batch = list[first + nv].last_batch;
			views[k].f.committed = 1;
		}
		/* The first pass proves the orders batches too. */
		if (totals_lines(db, views, k, first == 0 ? &proofs : NULL,
		    cause) == -1)
			goto out;
		if (first == 0) {
			if (totals_check(db, &views[0], report, 10, &totals_ok,
			    cause) == -1)
				goto out;
			if (!totals_ok)
				strbuf_puts(report, "the totals tables differ "
				    "from the order lines: the KPIs read them, "
				    "so no snapshot can be taken until they are "
				    "rebuilt\n");
		}
		for (i = 0; i < nv; i++) {
			if (history_verify_one(db, &list[first + i],
			    &views[i + (first == 0)], &proofs, &proven, report,
			    &one_ok, cause) == -1)
				goto out;
			*ok = *ok && one_ok;
		}
		for (i = 0; i < k; i++)
			totals_view_free(&views[i]);
		if (nv == 0)
			break;
	}
	*ok = *ok && totals_ok;
	if (n == 0)
		strbuf_puts(report, "no snapshots yet\n");
	rc = 0;
out:
	if (own)
		db_rollback(db);
	for (i = 0; i < sizeof views / sizeof views[0]; i++)
		totals_view_free(&views[i]);
	for (i = 0; i < n; i++)
		snapshot_info_free(&list[i]);
	free(list);
	smap_free(&proven);
	smap_free(&proofs);
	return rc;
}

int
history_kpi(struct db *db, const char *day, const char *kpi, int json,
    char **out, char **cause)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (db_prepare(db, json ? "SELECT result FROM snapshot_kpis WHERE "
	    "day = ?1 AND kpi = ?2" : "SELECT rows FROM snapshot_kpis WHERE "
	    "day = ?1 AND kpi = ?2", &st, cause) == -1)
		return -1;
	db_bind_texts(st, day, kpi, (const char *)NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = xstrdup(sqlrow_text(st, 0));
		rc = 0;
	} else
		*cause = xasprintf("no %s stored for %s", kpi, day);
	sqlite3_finalize(st);
	return rc;
}

/* Split s at sep into an array of at most max copies; *n gets the count. */
static char **
history_split_max(const char *s, char sep, size_t max, size_t *n)
{
	char **v = NULL;
	const char *end;
	size_t cap = 0;

	*n = 0;
	while (*s != '\0' && *n < max) {
		if ((end = strchr(s, sep)) == NULL)
			end = s + strlen(s);
		v = xgrow(v, *n, &cap, sizeof *v);
		v[(*n)++] = xstrndup(s, (size_t)(end - s));
		s = *end != '\0' ? end + 1 : end;
	}
	return v;
}

/* Split s at sep into an array of copies; *n gets the count. */
char **
history_split(const char *s, char sep, size_t *n)
{
	return history_split_max(s, sep, SIZE_MAX, n);
}

void
history_free_split(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

/* The column that names a row: the first that is not "rank". */
static size_t
history_key_col(char **header, size_t n)
{
	return n > 1 && strcmp(header[0], "rank") == 0 ? 1 : 0;
}

/* One changed row: "kpi key: col a -> b, ...". */
static void
history_diff_row(struct strbuf *out, const char *kpi, char **head,
    size_t nh, const char *old, const char *cur, size_t key)
{
	char **a, **b;
	size_t na, nb, c;
	int first = 1;

	a = history_split(old, '\t', &na);
	b = history_split(cur, '\t', &nb);
	for (c = 0; c < nh && c < na && c < nb; c++) {
		if (c == key || strcmp(a[c], b[c]) == 0)
			continue;
		if (first)
			strbuf_printf(out, "%s %s: ", kpi, b[key]);
		else
			strbuf_puts(out, ", ");
		strbuf_printf(out, "%s %s -> %s", head[c], a[c], b[c]);
		first = 0;
	}
	if (!first)
		strbuf_putc(out, '\n');
	history_free_split(a, na);
	history_free_split(b, nb);
}

/* Append the row changes of one KPI between two stored results. */
static void
history_diff_kpi(struct strbuf *out, const char *kpi, const char *rows1,
    const char *rows2)
{
	char **l1, **l2, **head, **cells;
	size_t n1, n2, nh, nc, i, key;
	struct smap old;
	struct smap_entry *e;

	l1 = history_split(rows1, '\n', &n1);
	l2 = history_split(rows2, '\n', &n2);
	if (n1 == 0 || n2 == 0) {
		history_free_split(l1, n1);
		history_free_split(l2, n2);
		return;
	}
	head = history_split(l2[0], '\t', &nh);
	key = history_key_col(head, nh);
	smap_init(&old);
	for (i = 1; i < n1; i++) {
		cells = history_split(l1[i], '\t', &nc);
		if (key < nc) {
			e = smap_get(&old, cells[key]);
			free(e->ptr);
			e->ptr = xstrdup(l1[i]);
		}
		history_free_split(cells, nc);
	}
	for (i = 1; i < n2; i++) {
		cells = history_split(l2[i], '\t', &nc);
		if (key < nc) {
			if ((e = smap_find(&old, cells[key])) == NULL)
				strbuf_printf(out, "%s %s: new\n", kpi,
				    cells[key]);
			else {
				e->v[0] = 1;
				history_diff_row(out, kpi, head, nh, e->ptr,
				    l2[i], key);
			}
		}
		history_free_split(cells, nc);
	}
	for (i = 0; (e = smap_next(&old, &i)) != NULL;) {
		if (e->v[0] == 0)
			strbuf_printf(out, "%s %s: gone\n", kpi, e->key);
	}
	smap_free(&old);
	history_free_split(head, nh);
	history_free_split(l1, n1);
	history_free_split(l2, n2);
}

int
history_diff(struct db *db, const char *day1, const char *day2,
    struct strbuf *out, char **cause)
{
	struct snapshot_info a, b;
	char *r1, *r2, m1[32], m2[32];
	size_t i;

	if (snapshot_get(db, day1, &a, cause) == -1)
		return -1;
	if (snapshot_get(db, day2, &b, cause) == -1) {
		snapshot_info_free(&a);
		return -1;
	}
	rules_money_format(a.revenue, m1, sizeof m1);
	rules_money_format(b.revenue, m2, sizeof m2);
	strbuf_printf(out, "%s -> %s: order lines %lld -> %lld, revenue %s -> "
	    "%s\n", day1, day2, (long long)a.order_lines,
	    (long long)b.order_lines, m1, m2);
	snapshot_info_free(&a);
	snapshot_info_free(&b);
	for (i = 0; i < kpi_count(); i++) {
		if (history_kpi(db, day1, kpi_at(i)->name, 0, &r1, cause) == -1)
			return -1;
		if (history_kpi(db, day2, kpi_at(i)->name, 0, &r2, cause) == -1) {
			free(r1);
			return -1;
		}
		history_diff_kpi(out, kpi_at(i)->name, r1, r2);
		free(r1);
		free(r2);
	}
	return 0;
}

/* The stored columns that are numbers, by name (as kpi.c types them). */
static const struct {
	const char	*name;
	enum table_type	 type;
} history_col_types[] = {
	{ "order_count", TABLE_INT },
	{ "orders", TABLE_INT },
	{ "rank", TABLE_INT },
	{ "revenue", TABLE_MONEY },
	{ "total_spend", TABLE_MONEY },
};

/* Parse a stored cell ("12", "-7450.05") of type into *v; -1 if it is not
 * one. */
static int
history_parse_cell(const char *s, enum table_type type, int64_t *v)
{
	int neg = *s == '-';
	char *end;
	long long n;

	if (neg)
		s++;
	if (type == TABLE_MONEY) {
		if (rules_money(s, v) == -1)
			return -1;
	} else {
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		n = strtoll(s, &end, 10);
		if (errno != 0 || *end != '\0')
			return -1;
		*v = n;
	}
	if (neg)
		*v = -*v;
	return 0;
}

/* The type of each of the nh stored columns: by name, and text unless
 * every cell of lines[1..nl) parses. Caller frees. */
static enum table_type *
history_col_typing(char **head, size_t nh, char **lines, size_t nl)
{
	enum table_type *types = xcalloc(nh + 1, sizeof *types);
	char **cells;
	size_t i, c, nc;
	int64_t v;

	for (c = 0; c < nh; c++) {
		types[c] = TABLE_TEXT;
		for (i = 0; i < sizeof history_col_types /
		    sizeof history_col_types[0]; i++) {
			if (strcmp(head[c], history_col_types[i].name) == 0)
				types[c] = history_col_types[i].type;
		}
	}
	for (i = 1; i < nl; i++) {
		cells = history_split(lines[i], '\t', &nc);
		for (c = 0; c < nh; c++) {
			if (types[c] != TABLE_TEXT && (c >= nc ||
			    history_parse_cell(cells[c], types[c], &v) == -1))
				types[c] = TABLE_TEXT;
		}
		history_free_split(cells, nc);
	}
	return types;
}

int
history_kpi_table(struct db *db, const char *day, const char *kpi,
    size_t max_rows, struct table **out, char **cause)
{
	char *rows, **lines, **head, **cells;
	size_t nl, nh, nc, i, r, c;
	enum table_type *types;
	struct table *t;
	int64_t v;

	if (history_kpi(db, day, kpi, 0, &rows, cause) == -1)
		return -1;
	lines = history_split_max(rows, '\n', max_rows < SIZE_MAX ? max_rows + 1 :
	    SIZE_MAX, &nl);
	free(rows);
	if (nl == 0) {
		*cause = xasprintf("the stored %s of %s is empty", kpi, day);
		history_free_split(lines, nl);
		return -1;
	}
	head = history_split(lines[0], '\t', &nh);
	types = history_col_typing(head, nh, lines, nl);
	t = table_create();
	for (c = 0; c < nh; c++)
		table_add_col(t, head[c], types[c], 0);
	for (i = 1; i < nl; i++) {
		r = table_add_row(t);
		cells = history_split(lines[i], '\t', &nc);
		for (c = 0; c < nh && c < nc; c++) {
			if (types[c] == TABLE_TEXT)
				table_set_text(t, r, c, cells[c]);
			else if (history_parse_cell(cells[c], types[c],
			    &v) == 0)
				table_set_num(t, r, c, v);
		}
		history_free_split(cells, nc);
	}
	free(types);
	history_free_split(head, nh);
	history_free_split(lines, nl);
	*out = t;
	return 0;
}

/* The columns of history_exports. */
static const struct table_colspec history_export_cols[] = {
	{ "id", TABLE_INT, 0 },
	{ "file", TABLE_TEXT, 0 },
	{ "sha256", TABLE_TEXT, 0 },
	{ "bytes", TABLE_INT, 0 },
	{ "requested_by", TABLE_TEXT, 0 },
	{ "approved_by", TABLE_TEXT, 0 },
	{ "created", TABLE_TEXT, 0 },
	{ "path", TABLE_TEXT, 0 },
	{ NULL, TABLE_TEXT, 0 }
};

int
history_exports(struct db *db, const char *day, struct table **out,
    char **cause)
{
	sqlite3_stmt *st;
	struct table *t;
	const char *path, *slash;
	size_t r;
	int step;

	if (db_prepare(db, "SELECT id, path, sha256, bytes, requested_by, "
	    "approved_by, created_at FROM exports WHERE as_of = ?1 ORDER BY "
	    "id", &st, cause) == -1)
		return -1;
	db_bind_texts(st, day, (const char *)NULL);
	t = table_create();
	table_add_cols(t, history_export_cols);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		r = table_add_row(t);
		path = sqlrow_text(st, 1);
		slash = strrchr(path, '/');
		table_set_num(t, r, 0, sqlite3_column_int64(st, 0));
		table_set_text(t, r, 1, slash != NULL ? slash + 1 : path);
		table_set_text(t, r, 2, sqlrow_text(st, 2));
		table_set_num(t, r, 3, sqlite3_column_int64(st, 3));
		table_set_text(t, r, 4, sqlrow_text(st, 4));
		table_set_text(t, r, 5, sqlrow_text(st, 5));
		table_set_text(t, r, 6, sqlrow_text(st, 6));
		table_set_text(t, r, 7, path);
	}
	if (step != SQLITE_DONE) {
		*cause = db_error(db, "reading the exports");
		sqlite3_finalize(st);
		table_free(t);
		return -1;
	}
	sqlite3_finalize(st);
	*out = t;
	return 0;
}
