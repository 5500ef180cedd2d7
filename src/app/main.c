/* kpidesk: picks the command line or the TUI, nothing more. */
#include <sys/stat.h>

#include <locale.h>

#include "cli.h"
#include "ui.h"

int
main(int argc, char **argv)
{
	/* Every file and folder the program creates is private. */
	umask(077);
	setlocale(LC_ALL, "");
	if (ui_wanted(argc, argv))
		return ui_main(argc, argv);
	return cli_main(argc, argv);
}
