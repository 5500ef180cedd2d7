/* w_frame: the step bar, the hint line and the status line around every
 * screen. */
#ifndef KP_W_FRAME_H
#define KP_W_FRAME_H

#include <curses.h>

#include "screen.h"

/* The step bar on line y of w: every step, the current one (enum ui_step,
 * or UI_STEP_NONE) highlighted. */
void w_frame_steps(WINDOW *w, int y, int step);
/* The top line: the step bar for those who walk the workflow (analysts,
 * approvers, and everyone before logging in); for an auditor or an admin
 * alone, the name of the screen instead. */
void w_frame_top(WINDOW *w, int y, const struct ui_ctx *ctx,
    const struct ui_screen *s);
/* The hint line on line y: ctx->msg when there is one, else the keys of s. */
void w_frame_hints(WINDOW *w, int y, const struct ui_ctx *ctx,
    const struct ui_screen *s);
/* A notice too long for the hint line begins on the last line of body,
 * over what the screen drew there, and goes on on the hint line. */
void w_frame_notice(WINDOW *body, const struct ui_ctx *ctx);
/* The status line on line y: user, roles, database, DEMO in demo mode and
 * read-only when the session's database handle is. */
void w_frame_status(WINDOW *w, int y, const struct ui_ctx *ctx);

#endif
