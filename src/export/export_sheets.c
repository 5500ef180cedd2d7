/* export_sheets: the workbook's sheets and freeing an export summary. */
#include "export_sheets.h"

#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "log.h"
#include "snapshot.h"

/* The fixed sheets' names, by id (the KPIs' are in their table). */
static const char *const export_sheet_names[EXPORT_KPI_FIRST] = {
	"Summary", "Customers", "Current_Day_Orders", "Previous_Day_Orders",
	"Checks"
};

size_t
export_sheet_count(void)
{
	return EXPORT_KPI_FIRST + kpi_count();
}

enum export_sheet_id
export_sheet_at(size_t pos)
{
	if (pos == 0)
		return EXPORT_SUMMARY;
	if (pos <= kpi_count())
		return export_sheet_kpi(pos - 1);
	if (pos >= export_sheet_count())
		fatalx("export: no sheet at %zu", pos);
	return (enum export_sheet_id)(EXPORT_CUSTOMERS + pos - 1 - kpi_count());
}

enum export_sheet_id
export_sheet_kpi(size_t k)
{
	if (k >= kpi_count())
		fatalx("export: no KPI %zu for a sheet", k);
	return (enum export_sheet_id)(EXPORT_KPI_FIRST + k);
}

const char *
export_sheet_name(enum export_sheet_id id)
{
	if ((unsigned)id < EXPORT_KPI_FIRST)
		return export_sheet_names[id];
	if ((unsigned)id < EXPORT_KPI_FIRST + kpi_count())
		return kpi_at(id - EXPORT_KPI_FIRST)->sheet;
	return "";
}

void
export_batches_free(struct export_summary *s)
{
	size_t i;

	for (i = 0; i < s->nbatches; i++) {
		free(s->batches[i].kind);
		free(s->batches[i].file);
		free(s->batches[i].evidence);
	}
	free(s->batches);
	s->batches = NULL;
	s->nbatches = 0;
}

void
export_summary_free(struct export_summary *s)
{
	export_batches_free(s);
	free(s->status);
	free(s->requested_by);
	free(s->requested_at);
	free(s->approved_by);
	free(s->approved_at);
	snapshot_info_free(&s->snap);
	memset(s, 0, sizeof *s);
}

