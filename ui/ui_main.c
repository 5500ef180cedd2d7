/* ui_main: what the terminal interface takes on the command line
 * (kpidesk [--db PATH] [--start SCREEN], kpidesk demo [--reset] ...), and
 * the demo database made or kept before ui_run starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "log.h"
#include "ui.h"

/* Whether argv[i] is an option the TUI takes with a value. */
static int
ui_option(char **argv, int i, const char *name, const char **value,
    int *used)
{
	size_t n = strlen(name);

	if (strcmp(argv[i], name) == 0 && argv[i + 1] != NULL) {
		*value = argv[i + 1];
		*used = 2;
		return 1;
	}
	if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') {
		*value = argv[i] + n + 1;
		*used = 1;
		return 1;
	}
	return 0;
}

/* Parse argv into *st; -1 at the first word the TUI does not take. */
static int
ui_parse(int argc, char **argv, struct ui_start *st)
{
	int i, used;

	memset(st, 0, sizeof *st);
	for (i = 1; i < argc; i += used) {
		used = 1;
		if (ui_option(argv, i, "--db", &st->db_path, &used) ||
		    ui_option(argv, i, "--start", &st->start, &used))
			continue;
		if (strcmp(argv[i], "demo") == 0 && !st->demo) {
			st->demo = 1;
			continue;
		}
		/* The demo's own words, after "demo" only. */
		if (st->demo && strcmp(argv[i], "--reset") == 0) {
			st->reset = 1;
			continue;
		}
		if (st->demo && (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)) {
			st->help = 1;
			continue;
		}
		return -1;
	}
	return 0;
}

int
ui_wanted(int argc, char **argv)
{
	struct ui_start st;

	return ui_parse(argc, argv, &st) == 0;
}

/* What `kpidesk demo --help` prints. */
static void
ui_demo_usage(FILE *f)
{
	fprintf(f, "usage: kpidesk demo [--reset] [--db PATH] "
	    "[--start SCREEN]\n\n"
	    "Opens the demo database (default "
	    "$XDG_DATA_HOME/kpidesk/demo.db) in the\n"
	    "terminal interface, building it the first time: one account "
	    "per role\n"
	    "(ana analyst, val approver, aud auditor, root admin; the "
	    "passwords are\n"
	    "on the login screen) and a past made from the sample files: "
	    "the customer\n"
	    "master, orders by day with a snapshot each, a refused file, "
	    "an approved\n"
	    "export. The newest orders are left to import as ana.\n\n"
	    "  --reset        delete the demo database and build it anew\n"
	    "  --db PATH      the demo database (never one that is not a "
	    "demo)\n"
	    "  --start SCREEN the screen to open after the login\n");
}

int
ui_main(int argc, char **argv)
{
	struct ui_start st;
	struct demo_info info;
	char *cause = NULL, *note;
	int rc;

	if (ui_parse(argc, argv, &st) == -1) {
		fprintf(stderr, "usage: kpidesk [--db PATH] [--start SCREEN]\n"
		    "       kpidesk demo [--reset] [--db PATH]\n");
		return 2;
	}
	if (st.help) {
		ui_demo_usage(stdout);
		return 0;
	}
	if (!st.demo)
		return ui_run(&st);
	if (demo_create(st.db_path, NULL, st.reset, &info, &cause) == -1) {
		log_say(cause);
		free(cause);
		return 1;
	}
	note = demo_note(&info);
	st.db_path = info.path;
	st.datadir = info.datadir;
	st.demo_note = note;
	rc = ui_run(&st);
	free(note);
	demo_info_free(&info);
	return rc;
}
