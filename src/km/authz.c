/* authz: roles, permissions and the checks every domain function makes. */
#include "km/authz.h"

#include <string.h>

static const struct {
	enum role role;
	const char *name;
	const char *th;
} roles[] = {
	{ROLE_ADMIN, "admin", "ผู้ดูแลระบบ"},
	{ROLE_COMMITTEE, "km_committee", "คณะกรรมการจัดการความรู้"},
	{ROLE_EXECUTIVE, "executive", "ผู้บริหาร"},
	{ROLE_UNIT_HEAD, "unit_head", "หัวหน้าหน่วยงาน"},
	{ROLE_STAFF, "staff", "เจ้าหน้าที่"},
};

static const struct {
	const char *name;
	const char *th;
} committee_roles[] = {
	{"chair", "ประธานคณะกรรมการ"},
	{"vice_chair", "รองประธานคณะกรรมการ"},
	{"member", "กรรมการ"},
	{"secretary", "กรรมการและเลขานุการ"},
	{"assistant_secretary", "กรรมการและผู้ช่วยเลขานุการ"},
};

/* Which roles hold each permission; PUBLIC means no login is needed. */
#define PUBLIC (1u << 31)
#define ANY_ACCOUNT ROLE_ALL
static const unsigned perm_roles[PERM__COUNT] = {
	[PERM_ORG_READ] = ANY_ACCOUNT,
	[PERM_PEOPLE_READ] = ANY_ACCOUNT,
	[PERM_KMAP_READ] = PUBLIC | ANY_ACCOUNT,
	[PERM_UNITS_EDIT] = ROLE_ADMIN,
	[PERM_PEOPLE_EDIT] = ROLE_ADMIN,
	[PERM_JOBLINES_EDIT] = ROLE_ADMIN,
	[PERM_KMAP_EDIT] = ROLE_ADMIN | ROLE_COMMITTEE,
	[PERM_ACCOUNTS_EDIT] = ROLE_ADMIN,
	[PERM_AUDIT_READ] = ROLE_ADMIN,
	[PERM_SEARCH_EDIT] = ROLE_ADMIN,
	[PERM_RISK_READ] = ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE,
};

const char *authz_role_name(enum role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if (roles[i].role == r)
			return roles[i].name;
	}
	return "";
}

const char *authz_role_label_th(enum role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if (roles[i].role == r)
			return roles[i].th;
	}
	return "";
}

unsigned authz_role_parse(const char *name)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].role;
	}
	return 0;
}

bool authz_committee_role_valid(const char *name)
{
	return authz_committee_role_label_th(name)[0] != 0;
}

const char *authz_committee_role_label_th(const char *name)
{
	for (size_t i = 0; name && i < sizeof committee_roles / sizeof committee_roles[0]; i++) {
		if (strcmp(committee_roles[i].name, name) == 0)
			return committee_roles[i].th;
	}
	return "";
}

bool authz_can(const struct actor *a, enum perm p)
{
	if (p < 0 || p >= PERM__COUNT)
		return false;
	unsigned need = perm_roles[p];
	if (need & PUBLIC)
		return true;
	if (a->operator)
		return true;
	if (!a->account_id)
		return false;
	return (a->roles & need) != 0;
}

int authz_require(const struct actor *a, enum perm p)
{
	if (authz_can(a, p))
		return 0;
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	return err_fail(ERR_FORBIDDEN, NULL, "คุณไม่มีสิทธิ์ทำรายการนี้",
			"You do not have permission to do this.");
}

static unsigned top_role(unsigned roles_mask)
{
	/* ROLE_ADMIN is the lowest bit but the highest rank. */
	static const unsigned rank[] = {ROLE_ADMIN, ROLE_COMMITTEE, ROLE_EXECUTIVE,
					ROLE_UNIT_HEAD, ROLE_STAFF};
	for (size_t i = 0; i < sizeof rank / sizeof rank[0]; i++) {
		if (roles_mask & rank[i])
			return (unsigned)(sizeof rank / sizeof rank[0] - i);
	}
	return 0;
}

bool authz_may_grant(const struct actor *a, unsigned roles_mask)
{
	if (a->operator)
		return true;
	if (!(a->roles & ROLE_ADMIN))
		return false;
	/* An admin may grant any role but admin, which only an admin holds: the
	 * rule "nobody grants a role at or above their own" leaves admin to the
	 * operator and to admins granting lesser roles. */
	if (roles_mask & ROLE_ADMIN)
		return false;
	return top_role(roles_mask) < top_role(a->roles);
}

void authz_operator(struct actor *a, int64_t org_id)
{
	memset(a, 0, sizeof *a);
	a->org_id = org_id;
	a->operator = true;
	memcpy(a->login, "operator", sizeof "operator");
	memcpy(a->name, "ผู้ดูแลเครื่อง (operator)", sizeof "ผู้ดูแลเครื่อง (operator)");
	memcpy(a->ip, "cli", sizeof "cli");
}
