/* kpidesk: picks the command line or the TUI, nothing more. */
#include <sys/stat.h>

#include <locale.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"
#include "ui.h"

int
main(int argc, char **argv)
{
	/* `help demo` is `demo --help`: the demo's usage lives with the
	 * interface that runs it. */
	char *demo_help[] = { argv[0], (char *)"demo", (char *)"--help", NULL };

	/* Every file and folder the program creates is private. */
	umask(077);
	setlocale(LC_ALL, "");
#ifdef M_MMAP_THRESHOLD
	/*
	 * Blocks of 128 KiB and more (a map of 100k customers, a KPI's text)
	 * are mapped and given back when freed. glibc's default raises that
	 * bar to the largest block freed, argon2's 20 MB at login, and the
	 * import's snapshot then left its blocks in the heap: 10 MB more
	 * peak RSS at 10M lines.
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	if (argc == 3 && strcmp(argv[1], "help") == 0 &&
	    strcmp(argv[2], "demo") == 0)
		return ui_main(3, demo_help);
	if (ui_wanted(argc, argv))
		return ui_main(argc, argv);
	return cli_main(argc, argv);
}
