/* timing: key-to-paint times for the screen benchmark (see timing.h). */
#include "timing.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "datetime.h"

static struct {
	FILE	*log;
	double	 started;	/* when the key arrived; 0: no key pending */
} timing;


void
timing_open(void)
{
	const char *path = getenv("KPIDESK_TIMING_LOG");
	int fd;

	if (path == NULL || *path == '\0' || timing.log != NULL)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return;
	if ((timing.log = fdopen(fd, "a")) == NULL)
		close(fd);
}

void
timing_start(void)
{
	if (timing.log != NULL)
		timing.started = datetime_monotonic();
}

void
timing_painted(const char *screen, int first)
{
	if (timing.log == NULL || timing.started == 0)
		return;
	fprintf(timing.log, "%s %s %.3f\n", screen, first ? "first" : "step",
	    (datetime_monotonic() - timing.started) * 1e3);
	fflush(timing.log);
	timing.started = 0;
}

void
timing_close(void)
{
	if (timing.log != NULL)
		fclose(timing.log);
	timing.log = NULL;
	timing.started = 0;
}
