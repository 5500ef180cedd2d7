/* scr: the screens, each a const vtable defined in its own scr_<name>.c. */
#ifndef KP_SCR_H
#define KP_SCR_H

#include "screen.h"

extern const struct ui_screen scr_login;
extern const struct ui_screen scr_home;
extern const struct ui_screen scr_upload;
extern const struct ui_screen scr_checks;
extern const struct ui_screen scr_rejects;
extern const struct ui_screen scr_kpi;
extern const struct ui_screen scr_users;
extern const struct ui_screen scr_history;
extern const struct ui_screen scr_audit;
extern const struct ui_screen scr_export;
extern const struct ui_screen scr_export_write;
extern const struct ui_screen scr_approvals;
extern const struct ui_screen scr_approve;

#endif
