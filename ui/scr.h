/* scr: the screens, each a const vtable defined in its own scr_<name>.c. */
#ifndef KP_SCR_H
#define KP_SCR_H

#include <stdint.h>

#include "screen.h"

struct snapshot_info;
struct table;

/* The arguments of the screens that take some, given to ui_next (ui.h)
 * and received by their enter. */
struct scr_upload_args {
	int		 orders;	/* 1: import orders, 0: the customer
					 * master */
};
struct scr_checks_args {
	int64_t		 batch;		/* 0: the session's pending batch,
					 * else the latest */
};
struct scr_rejects_args {
	int64_t		 batch;
	const char	*check;		/* the check's name; NULL: all */
};
struct scr_export_args {
	int32_t		 as_of;		/* the dashboard's day */
};
struct scr_export_write_args {
	int64_t		 id;		/* the approved request */
};
struct scr_approve_args {
	int64_t		 id;		/* the request to decide */
};
/* The history screens open on top of scr_history (its days, ui/hist.h).
 * The opener reads what they show first, so that a failure is said where
 * the user was; the opened screen's enter takes ownership of it. */
struct scr_hist_day_args {
	struct snapshot_info *info;	/* from xmalloc and snapshot_get */
};
struct scr_hist_pick_args {
	char		 day[11];	/* the day to compare with another */
};
struct scr_hist_diff_args {
	char		 from[11], to[11];
	struct table	*changes;	/* one row per changed line */
};

extern const struct ui_screen scr_login;
extern const struct ui_screen scr_home;
extern const struct ui_screen scr_upload;
extern const struct ui_screen scr_checks;
extern const struct ui_screen scr_rejects;
extern const struct ui_screen scr_kpi;
extern const struct ui_screen scr_users;
extern const struct ui_screen scr_history;
extern const struct ui_screen scr_hist_day;
extern const struct ui_screen scr_hist_pick;
extern const struct ui_screen scr_hist_diff;
extern const struct ui_screen scr_audit;
extern const struct ui_screen scr_export;
extern const struct ui_screen scr_export_write;
extern const struct ui_screen scr_approvals;
extern const struct ui_screen scr_approve;

#endif
