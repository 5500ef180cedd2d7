/* kpidesk: picks the command line or the TUI, nothing more. */
#include <sys/stat.h>

#include <locale.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	/* Every file and folder the program creates is private. */
	umask(077);
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
