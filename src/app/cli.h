/* cli: the command table, option helpers and exit codes shared by cli_*.c. */
#ifndef KP_CLI_H
#define KP_CLI_H

#include <getopt.h>
#include <stdint.h>

struct db;
struct strbuf;

#define CLI_OK		0	/* success */
#define CLI_FAIL	1	/* refused or failed */
#define CLI_USAGE	2	/* bad usage */

/* Options shared by every command; handlers add their own. */
struct cli_ctx {
	const char	*db_path;	/* --db, else NULL for the default */
	const char	*prog;		/* "kpidesk" */
};

struct cli_cmd {
	const char	*name;
	const char	*usage;
	const char	*summary;
	/* --help's lines after the usage: each verb and option with one line
	 * of what it does */
	const char	*options;
	int		(*run)(struct cli_ctx *, const struct cli_cmd *, int,
			    char **);
};

/* What a verb of a command (`user add`, `history show`) is run with: the
 * open database, its arguments after the verb, and the command's parsed
 * options (opts: the command's own struct, for its verbs only). */
struct cli_run {
	const struct cli_cmd	*cmd;
	struct db		*db;
	const char		*verb;
	int			 nargs;
	char			**args;
	void			*opts;
};

/* One verb of a command: it takes min_args to max_args arguments. */
struct cli_verb {
	const char	*name;
	int		 min_args, max_args;
	int		(*fn)(struct cli_run *);
	const char	*help;
};

/* The verb called name in table (ended by a NULL name), or NULL. */
const struct cli_verb *cli_verb_find(const struct cli_verb *table,
    const char *name);
/* Whether nargs arguments fit verb v. */
int cli_verb_fits(const struct cli_verb *v, int nargs);
/* Take the verb at argv[optind] (def when there is none) and the arguments
 * after it into r; the verb's row of table when it has one and they fit
 * it, else NULL. */
const struct cli_verb *cli_verb_take(const struct cli_verb *table,
    const char *def, int argc, char **argv, struct cli_run *r);
/* Open the database into r->db, run v and close it; v's status. */
int cli_verb_run(struct cli_ctx *ctx, const struct cli_verb *v,
    struct cli_run *r);

/* The output formats of --format, as bits of what a command allows. */
enum cli_format {
	CLI_TABLE = 1,		/* "table" (its old name "text" too) */
	CLI_JSON = 2,
	CLI_CSV = 4
};

/* Parse --format's value s into *fmt if it is one of allowed (CLI_*
 * bits); else print the formats allowed and the usage, and return
 * CLI_USAGE. */
int cli_format(const struct cli_cmd *cmd, const char *s, unsigned allowed,
    enum cli_format *fmt);

/* Append `"key": ` and s as a JSON string (null when s is NULL), after
 * ", " unless sb ends an opening brace. */
void cli_json_kv(struct strbuf *sb, const char *key, const char *s);
/* The same with a number. */
void cli_json_kn(struct strbuf *sb, const char *key, long long n);
/* Print sb on stdout, empty it. */
void cli_json_flush(struct strbuf *sb);

/* The entry point main() calls; returns the exit status. */
int cli_main(int argc, char **argv);

/* Print "kpidesk: MSG" to stderr, MSG made displayable (controls, bidi and
 * zero-width characters as placeholders), and return CLI_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print cause (if any, made displayable) and the command's usage to
 * stderr; return CLI_USAGE. */
int cli_usage(const struct cli_cmd *cmd, const char *cause);
/* Print the message in cause to stderr as cli_fail does, free it, and
 * return CLI_FAIL. */
int cli_fail_cause(char *cause);
/* Parse a record number (1 and up, digits only) into *id; -1 if it is not
 * one. */
int cli_parse_id(const char *s, int64_t *id);
/*
 * Parse argv with getopt_long, handling --db and --help for every command;
 * returns the next option for the caller, -1 at the end, or '?' after
 * printing usage (the caller returns CLI_USAGE). argv[0] is the command.
 */
int cli_getopt(struct cli_ctx *ctx, const struct cli_cmd *cmd, int argc,
    char **argv, const char *shortopts, const struct option *longopts);
/* Open the database named by ctx (or the default), printing errors. */
int cli_open_db(struct cli_ctx *ctx, int flags, struct db **db);
/* Read a password from file (when not NULL) or the terminal. Caller frees
 * with xfree_secret; NULL after printing the error. */
char *cli_password(const char *file, const char *prompt);
/* Read a new password, twice on a terminal. Caller frees with xfree_secret. */
char *cli_new_password(const char *file, const char *name);
/* Log user in with the password from file or the terminal, requiring one of
 * the roles in need; prints the refusal. 0 on success. */
int cli_login(struct db *db, const char *user, const char *file,
    unsigned need);
/* Whether stdout's locale is UTF-8 (else displays use ASCII). */
int cli_utf8(void);
/* Print a string from the database or a file, made safe for the terminal. */
void cli_print_safe(const char *s);

/* The command handlers (cli_user.c, cli_audit.c, ...). */
int cli_init(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_user(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_audit(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_import(struct cli_ctx *, const struct cli_cmd *, int, char **);
/* import's line in --help, naming each kind's formats from the format
 * table (reader.h). Caller frees. */
char *cli_import_summary(void);
int cli_check(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_kpi(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_config(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_history(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_export(struct cli_ctx *, const struct cli_cmd *, int, char **);
int cli_source(struct cli_ctx *, const struct cli_cmd *, int, char **);

#endif
