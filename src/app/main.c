/* kpidesk: picks the command line or the TUI, nothing more. */
#include <sys/stat.h>

#include <locale.h>
#include <string.h>

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
	if (argc == 3 && strcmp(argv[1], "help") == 0 &&
	    strcmp(argv[2], "demo") == 0)
		return ui_main(3, demo_help);
	if (ui_wanted(argc, argv))
		return ui_main(argc, argv);
	return cli_main(argc, argv);
}
