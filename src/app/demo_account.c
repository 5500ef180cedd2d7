/* demo_account: the demo accounts' table. */
#include "demo_account.h"

static const struct demo_account demo_accounts[] = {
	{ "ana", "analyst", "ana-demo-pass" },
	{ "val", "approver", "val-demo-pass" },
	{ "aud", "auditor", "aud-demo-pass" },
	{ "root", "admin", "root-demo-pass" },
};
#define DEMO_NACCOUNTS (sizeof demo_accounts / sizeof demo_accounts[0])

const struct demo_account *
demo_account_at(size_t i)
{
	return i < DEMO_NACCOUNTS ? &demo_accounts[i] : NULL;
}
