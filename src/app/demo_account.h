/*
 * demo_account: the demo database's accounts, one per role, with fixed
 * passwords (public on purpose: demo only). Static data, below demo (which
 * creates them) and demo_seed (which acts as them).
 */
#ifndef KP_DEMO_ACCOUNT_H
#define KP_DEMO_ACCOUNT_H

#include <stddef.h>

struct demo_account {
	const char	*name;
	const char	*role;		/* as users_parse_roles reads it */
	const char	*password;	/* public on purpose: demo only */
};

/* The i-th demo account, or NULL past the end. */
const struct demo_account *demo_account_at(size_t i);

#endif
