/* cli: subcommands (serve, init, user, token, migrate, audit, version). */
#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/str.h"
#include "export/report_pdf.h"
#include "export/report_xlsx.h"
#include "km/account.h"
#include "km/attachment.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/find.h"
#include "km/demo.h"
#include "km/org.h"
#include "km/pdpa.h"
#include "km/report.h"
#include "km/secret.h"
#include "km/staff_import.h"
#include "km/token.h"
#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"
#include "web/app.h"
#include "web/server.h"

struct command {
	const char *name;
	int (*run)(struct config *cfg, int argc, char **argv);
	const char *usage;
	const char *help;
};

static const struct command commands[];

/* Finds "--name value" or "--name=value" in argv; returns the value, or
 * NULL. A bare "--name" (a switch) gives "". */
static const char *opt(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
			continue;
		if (a[2 + n] == '=')
			return a + 3 + n;
		if (a[2 + n] == 0)
			return i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0 ? argv[i + 1] : "";
	}
	return NULL;
}

static bool has_flag(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
			return true;
		(void)n;
	}
	return false;
}

static bool wants_help(int argc, char **argv)
{
	return has_flag(argc, argv, "help") || (argc > 1 && strcmp(argv[1], "-h") == 0);
}

static void print_error(int rc)
{
	const struct err_detail *d = err_last();
	if (d->code == rc && d->msg_en)
		fprintf(stderr, "klang: %s (%s)\n", d->msg_en, d->msg_th);
	else
		fprintf(stderr, "klang: failed: %s\n", err_name(rc));
}

/* Opens the database of the data directory, bringing its schema up to date. */
static int open_db(const struct config *cfg, bool create, struct db **db)
{
	char path[600];
	int rc = app_db_path(cfg->data_dir, path, sizeof path);
	if (rc)
		return rc;
	struct stat st;
	if (!create && stat(path, &st) != 0) {
		fprintf(stderr, "klang: no database in '%s'; run 'klang --data %s init' first\n",
			cfg->data_dir, cfg->data_dir);
		return ERR_NOTFOUND;
	}
	if ((rc = db_open(path, db)))
		return rc;
	if ((rc = db_migrate(*db, NULL)) || (rc = search_schema(*db)) || (rc = doc_index_missing(*db, NULL))) {
		db_close(*db);
		*db = NULL;
	}
	return rc;
}

static int cmd_serve(struct config *cfg, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct app app = {.cfg = *cfg};
	int threads = cfg->threads > 0 ? cfg->threads : 8;
	int rc = app_open(&app, threads * 2 + cfg->workers + 2);
	if (rc)
		return 1;
	if ((rc = app_mailer_start(&app))) {
		print_error(rc);
		app_close(&app);
		return 1;
	}
	rc = server_run(&app);
	app_close(&app);
	return rc ? 1 : 0;
}

static int mkdir_private(const char *dir)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "klang: cannot create '%s': %s\n", dir, strerror(errno));
		return ERR_IO;
	}
	return 0;
}

static int cmd_init(struct config *cfg, int argc, char **argv)
{
	if (mkdir_private(cfg->data_dir))
		return 1;
	struct db *db = NULL;
	int rc = open_db(cfg, true, &db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	int64_t orgs = 0;
	rc = db_query_int(db, "SELECT count(*) FROM organisations", DB_NOARGS, &orgs);
	if (!rc && orgs) {
		fprintf(stderr, "klang: '%s' is already initialised; nothing changed\n", cfg->data_dir);
		db_close(db);
		return 1;
	}
	struct auth_policy policy;
	app_policy_from_config(cfg, &policy);
	if (!rc && has_flag(argc, argv, "demo")) {
		struct demo_result demo;
		rc = demo_create(db, &policy, &demo);
		if (!rc) {
			printf("klang: created the demo organisation (เทศบาลเมืองสมุทรสงคราม) in '%s'.\n"
			       "One-time passwords (shown only now; change them after logging in):\n",
			       cfg->data_dir);
			for (int i = 0; i < DEMO_LOGINS; i++)
				printf("  login %-10s password %s   %s\n", demo.logins[i].login,
				       demo.logins[i].password, demo.logins[i].role_th);
		}
	} else if (!rc) {
		const char *name = opt(argc, argv, "org-name");
		const char *code = opt(argc, argv, "org-code");
		struct actor op;
		authz_operator(&op, 0);
		int64_t org = 0;
		char password[20];
		secret_password_new(password);
		rc = db_begin(db);
		if (!rc)
			rc = org_create(db, &op, code && code[0] ? code : "org",
					name && name[0] ? name : "องค์กรของฉัน", "", "", &org);
		op.org_id = org;
		if (!rc)
			rc = account_create(db, &op, &policy, "admin", password, ROLE_ADMIN | ROLE_STAFF,
					    NULL, 0, NULL);
		if (!rc)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
		else
			printf("klang: initialised '%s'.\n  login admin      password %s   (one-time; change it after logging in)\n",
			       cfg->data_dir, password);
	}
	db_close(db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	return 0;
}

static int cmd_migrate(struct config *cfg, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct db *db = NULL;
	int rc = open_db(cfg, false, &db);
	int version = 0;
	if (!rc)
		rc = db_schema_version(db, &version);
	db_close(db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	printf("klang: schema at version %d\n", version);
	return 0;
}

/* The operator acting in the organisation of `login` (or the first one). */
static int operator_for(struct db *db, const char *login, struct actor *op)
{
	int64_t id = 0, org = 0;
	int rc = login ? account_find(db, login, &id, &org) : org_default(db, &org);
	if (rc)
		return rc;
	authz_operator(op, org);
	return 0;
}

static unsigned parse_roles(const char *list)
{
	unsigned roles = 0;
	struct str rest = str_c(list ? list : "staff"), item;
	for (bool more = true; more;) {
		more = str_split(rest, ',', &item, &rest);
		char name[32];
		if (item.len == 0 || item.len >= sizeof name)
			return 0;
		memcpy(name, item.p, item.len);
		name[item.len] = 0;
		unsigned r = authz_role_parse(name);
		if (!r)
			return 0;
		roles |= r;
	}
	return roles;
}

static int read_password(char *out, size_t cap)
{
	if (!fgets(out, (int)cap, stdin))
		return ERR_INVAL;
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}

static int cmd_user(struct config *cfg, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s\n", commands[3].usage);
		return 2;
	}
	const char *sub = argv[1];
	const char *login = argc > 2 && strncmp(argv[2], "--", 2) ? argv[2] : NULL;
	struct db *db = NULL;
	int rc = open_db(cfg, false, &db);
	if (rc)
		return 1;
	struct auth_policy policy;
	app_policy_from_config(cfg, &policy);
	struct actor op;
	if (!strcmp(sub, "list")) {
		rc = operator_for(db, NULL, &op);
		json_t *list = NULL;
		if (!rc)
			rc = account_list(db, &op, &list);
		size_t i;
		json_t *a;
		json_array_foreach(list, i, a) {
			printf("%-20s %s %s\n", json_string_value(json_object_get(a, "login")),
			       json_integer_value(json_object_get(a, "disabled")) ? "disabled" : "active  ",
			       json_string_value(json_object_get(a, "person_name")) ?: "");
		}
		json_decref(list);
	} else if (!login) {
		fprintf(stderr, "klang: user %s needs a LOGIN\n", sub);
		rc = ERR_INVAL;
	} else if (!strcmp(sub, "add")) {
		unsigned roles = parse_roles(opt(argc, argv, "role"));
		char password[257];
		if (!roles) {
			fprintf(stderr, "klang: --role takes admin, km_committee, executive, unit_head, staff (comma-separated)\n");
			rc = ERR_INVAL;
		} else if (has_flag(argc, argv, "stdin")) {
			rc = read_password(password, sizeof password);
		} else {
			secret_password_new(password);
		}
		if (!rc)
			rc = operator_for(db, NULL, &op);
		if (!rc)
			rc = account_create(db, &op, &policy, login, password, roles,
					    opt(argc, argv, "committee-role"), 0, NULL);
		if (!rc && !has_flag(argc, argv, "stdin"))
			printf("login %s password %s   (one-time; change it after logging in)\n", login,
			       password);
	} else if (!strcmp(sub, "passwd")) {
		char password[257];
		if (has_flag(argc, argv, "stdin"))
			rc = read_password(password, sizeof password);
		else
			secret_password_new(password);
		if (!rc)
			rc = operator_for(db, login, &op);
		if (!rc)
			rc = account_set_password(db, &op, &policy, login, password);
		if (!rc && !has_flag(argc, argv, "stdin"))
			printf("login %s password %s   (one-time; change it after logging in)\n", login,
			       password);
	} else if (!strcmp(sub, "disable")) {
		rc = operator_for(db, login, &op);
		if (!rc)
			rc = account_disable(db, &op, login);
		if (!rc)
			printf("klang: disabled '%s'; its sessions and tokens ended\n", login);
	} else {
		fprintf(stderr, "klang: unknown 'user %s'\n", sub);
		rc = ERR_INVAL;
	}
	db_close(db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	return 0;
}

static int cmd_token(struct config *cfg, int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "create") != 0) {
		fprintf(stderr, "usage: %s\n", commands[4].usage);
		return 2;
	}
	struct db *db = NULL;
	int rc = open_db(cfg, false, &db);
	if (rc)
		return 1;
	struct actor op;
	char token[SECRET_TOKEN_LEN + 1];
	const char *name = opt(argc, argv, "name");
	rc = operator_for(db, argv[2], &op);
	if (!rc)
		rc = token_create(db, &op, argv[2], name ? name : "cli", token);
	db_close(db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	printf("klang: API token for '%s' (shown once; send it as 'Authorization: Bearer …'):\n%s\n",
	       argv[2], token);
	return 0;
}

static int cmd_audit(struct config *cfg, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		fprintf(stderr, "usage: %s\n", commands[5].usage);
		return 2;
	}
	struct db *db = NULL;
	int rc = open_db(cfg, false, &db);
	if (rc)
		return 1;
	int64_t checked = 0, bad = 0;
	rc = audit_verify(db, &checked, &bad);
	db_close(db);
	if (rc == ERR_CONFLICT) {
		printf("klang: audit trail BROKEN at event %lld: that event, or the one before it, was "
		       "changed or removed after it was written (the %lld events before it are "
		       "intact)\n",
		       (long long)bad, (long long)checked);
		return 1;
	}
	if (rc) {
		print_error(rc);
		return 1;
	}
	printf("klang: audit trail intact (%lld events)\n", (long long)checked);
	return 0;
}

/* Reads a whole file (at most `max` bytes) into b. */
static int read_file(const char *path, size_t max, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ERR_IO;
	b->max = max;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && !buf_err(b))
		buf_append(b, chunk, n);
	int rc = ferror(f) ? ERR_IO : buf_err(b);
	fclose(f);
	return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* A progress bar on a terminal; a line per file otherwise. */
static void progress(int done, int total, const char *name, const char *status)
{
	if (isatty(STDERR_FILENO)) {
		int width = 30, fill = total ? done * width / total : width;
		fprintf(stderr, "\r[%.*s%*s] %d/%d %-40.40s", fill, "##############################",
			width - fill, "", done, total, name);
		if (done == total)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "%d/%d %s: %s\n", done, total, name, status);
	}
}

static int cmd_import(struct config *cfg, int argc, char **argv)
{
	const char *dir = argc > 1 && strncmp(argv[1], "--", 2) ? argv[1] : NULL;
	const char *unit_code = opt(argc, argv, "unit");
	const char *kind = opt(argc, argv, "kind");
	if (!kind || !kind[0])
		kind = "manual";
	if (!dir || !unit_code || !unit_code[0]) {
		fprintf(stderr, "usage: %s\n", commands[6].usage);
		return 2;
	}
	if (!doc_kind_valid(kind)) {
		fprintf(stderr, "klang: unknown --kind '%s'\n", kind);
		return 2;
	}
	struct db *db = NULL;
	int rc = open_db(cfg, false, &db);
	if (rc)
		return 1;
	struct actor op;
	int64_t unit = 0;
	rc = operator_for(db, NULL, &op);
	if (!rc)
		rc = db_query_int(db, "SELECT id FROM units WHERE org_id = $1 AND code = $2",
				  DB_ARGS(DB_INT(op.org_id), DB_TEXT(unit_code)), &unit);
	if (rc) {
		fprintf(stderr, "klang: no unit with code '%s'\n", unit_code);
		db_close(db);
		return 1;
	}
	struct dirent **list = NULL;
	int n = scandir(dir, &list, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "klang: cannot read '%s': %s\n", dir, strerror(errno));
		db_close(db);
		return 1;
	}
	char root[600];
	snprintf(root, sizeof root, "%s/files", cfg->data_dir);
	int files = 0, ok = 0, failed = 0, done = 0;
	for (int i = 0; i < n; i++)
		files += list[i]->d_name[0] != '.';
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		if (name[0] == '.')
			continue;
		char path[1200];
		snprintf(path, sizeof path, "%s/%s", dir, name);
		struct stat st;
		struct buf data;
		buf_init(&data, 0);
		int64_t id = 0;
		err_clear();
		int frc = stat(path, &st) != 0 || !S_ISREG(st.st_mode) ? ERR_INVAL : 0;
		if (!frc)
			frc = read_file(path, (size_t)cfg->max_upload_mib << 20, &data);
		if (!frc)
			frc = attachment_import(db, &op, root, unit, kind, name, buf_cstr(&data), data.len, &id);
		buf_release(&data);
		done++;
		if (frc) {
			failed++;
			const struct err_detail *d = err_last();
			progress(done, files, name, d->msg_en ? d->msg_en : err_name(frc));
			if (isatty(STDERR_FILENO))
				fprintf(stderr, "\n  skipped '%s': %s\n", name, d->msg_en ? d->msg_en : err_name(frc));
		} else {
			ok++;
			progress(done, files, name, "imported as a draft");
		}
	}
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	db_close(db);
	printf("klang: imported %d file(s) as draft documents of '%s', %d skipped\n", ok, unit_code, failed);
	return failed && !ok ? 1 : 0;
}

/* import-staff: the preview line of one person. */
static void print_person(json_t *p)
{
	const char *keys[] = {"position", "level", "unit", "job_line", "employment_th", "start_date",
			      "retirement_date"};
	bool update = !strcmp(json_string_value(json_object_get(p, "action")), "update");
	printf("  %5lld  %-6s  %s", (long long)json_integer_value(json_object_get(p, "row")),
	       update ? "update" : "create", json_string_value(json_object_get(p, "name")));
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		printf(" | %s", json_string_value(json_object_get(p, keys[i])));
	putchar('\n');
}

static void print_import(const char *path, json_t *res)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(res, "notes"), i, v)
		printf("note: %s\n      %s\n", json_string_value(json_object_get(v, "message_en")),
		       json_string_value(json_object_get(v, "message_th")));
	json_t *preview = json_object_get(res, "preview");
	if (json_array_size(preview)) {
		printf("rows to import (แถวที่จะนำเข้า): row, action, name | position | level | unit | job line | type | start | retirement\n");
		json_array_foreach(preview, i, v)
			print_person(v);
	}
	json_int_t total = json_integer_value(json_object_get(res, "errors_total"));
	if (total)
		printf("errors (ข้อผิดพลาด): %lld\n", (long long)total);
	json_array_foreach(json_object_get(res, "errors"), i, v) {
		long long row = json_integer_value(json_object_get(v, "row"));
		const char *cell = json_string_value(json_object_get(v, "cell"));
		printf("  row %lld%s%s %s: %s\n  แถว %lld%s%s %s: %s\n", row, cell[0] ? " " : "", cell,
		       json_string_value(json_object_get(v, "column")), json_string_value(json_object_get(v, "message_en")),
		       row, cell[0] ? " " : "", cell, json_string_value(json_object_get(v, "column_th")),
		       json_string_value(json_object_get(v, "message_th")));
	}
	if ((size_t)total > json_array_size(json_object_get(res, "errors")))
		printf("  … (%lld errors in all; the first %zu are shown)\n", (long long)total,
		       json_array_size(json_object_get(res, "errors")));
	long long ok = json_integer_value(json_object_get(res, "ok"));
	long long imported = json_integer_value(json_object_get(res, "imported"));
	long long created = json_integer_value(json_object_get(res, "created"));
	long long updated = json_integer_value(json_object_get(res, "updated"));
	if (imported)
		printf("klang: imported %lld people from '%s' (%lld new, %lld updated)\n"
		       "klang: นำเข้าบุคลากร %lld คน (เพิ่มใหม่ %lld ปรับปรุง %lld)\n",
		       imported, path, created, updated, imported, created, updated);
	else if (json_is_true(json_object_get(res, "dry_run")))
		printf("klang: checked '%s': %lld good rows (%lld new, %lld updated), %lld errors; nothing written (--dry-run)\n"
		       "klang: ตรวจสอบแล้ว ถูกต้อง %lld แถว ผิดพลาด %lld รายการ ยังไม่ได้บันทึก\n",
		       path, ok, created, updated, (long long)total, ok, (long long)total);
	else
		printf("klang: nothing imported from '%s': correct the rows above, or import the good ones with --good-rows-only\n"
		       "klang: ยังไม่ได้นำเข้า กรุณาแก้ไขแถวข้างต้น หรือใช้ --good-rows-only เพื่อนำเข้าเฉพาะแถวที่ถูกต้อง\n",
		       path);
}

static int cmd_import_staff(struct config *cfg, int argc, char **argv)
{
	const char *path = argc > 1 && strncmp(argv[1], "--", 2) ? argv[1] : NULL;
	if (!path) {
		fprintf(stderr, "usage: klang [--data DIR] import-staff FILE [--dry-run] [--good-rows-only]\n");
		return 2;
	}
	struct buf data;
	buf_init(&data, TABLE_MAX_BYTES);
	int rc = read_file(path, TABLE_MAX_BYTES, &data);
	if (rc) {
		if (rc == ERR_TOOBIG)
			fprintf(stderr, "klang: '%s' is larger than 10 MB (ไฟล์ใหญ่เกิน 10 MB)\n", path);
		else
			fprintf(stderr, "klang: cannot read '%s': %s\n", path, strerror(errno));
		buf_release(&data);
		return 1;
	}
	struct table *t = NULL;
	err_clear();
	rc = table_read(data.p ? data.p : "", data.len, path, &t);
	buf_release(&data);
	if (rc) {
		print_error(rc);
		return 1;
	}
	struct db *db = NULL;
	struct actor op;
	json_t *res = NULL;
	rc = open_db(cfg, false, &db);
	if (!rc)
		rc = operator_for(db, NULL, &op);
	if (!rc)
		rc = staff_import(db, &op, t, has_flag(argc, argv, "dry-run"), has_flag(argc, argv, "good-rows-only"),
				  &res);
	db_close(db);
	table_free(t);
	if (rc) {
		print_error(rc);
		return 1;
	}
	print_import(path, res);
	bool bad = json_integer_value(json_object_get(res, "errors_total")) > 0;
	json_decref(res);
	return bad ? 1 : 0;
}

static int cmd_purge_training(struct config *cfg, int argc, char **argv)
{
	bool dry = has_flag(argc, argv, "dry-run");
	struct db *db = NULL;
	if (open_db(cfg, false, &db))
		return 1;
	struct actor op;
	struct pdpa_purge p;
	int rc = operator_for(db, NULL, &op);
	if (!rc)
		rc = pdpa_training_purge(db, &op, cfg->training_retention_years, dry, &p);
	db_close(db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	printf("klang: %s %lld participation(s) and %lld activity(ies) that ended before %s (retention %d years) "
	       "in %lld organisation(s)\n",
	       dry ? "would delete" : "deleted", (long long)p.participants, (long long)p.activities, p.cutoff,
	       cfg->training_retention_years, (long long)p.orgs);
	return 0;
}

static int cmd_version(struct config *cfg, int argc, char **argv)
{
	(void)cfg;
	(void)argc;
	(void)argv;
	printf("klang %s\n", KLANG_VERSION);
	return 0;
}

static void reindex_progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	if (done == total || done % 50 == 0 || !isatty(STDERR_FILENO))
		progress((int)done, (int)total, "", "indexed");
}

static int cmd_reindex(struct config *cfg, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct db *db = NULL;
	if (open_db(cfg, false, &db))
		return 1;
	int64_t t0 = clock_mono_us();
	int rc = doc_reindex(db, isatty(STDERR_FILENO) ? reindex_progress : NULL, NULL);
	int64_t docs = 0;
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM search_docs", DB_NOARGS, &docs);
	db_close(db);
	if (rc) {
		print_error(rc);
		return 1;
	}
	printf("klang: indexed %lld documents in %.1f s\n", (long long)docs, (double)(clock_mono_us() - t0) / 1e6);
	return 0;
}

/* `report --fy FY --format pdf|xlsx --out FILE`: the live report of the
 * year as the operator, written as PDF (the default) or XLSX. */
static int cmd_report(struct config *cfg, int argc, char **argv)
{
	const char *fy_s = opt(argc, argv, "fy"), *format = opt(argc, argv, "format"), *out = opt(argc, argv, "out");
	char *end = NULL;
	long fy = fy_s ? strtol(fy_s, &end, 10) : 0;
	if (!fy_s || !end || *end || fy < 2400 || fy > 2700 || !out || !out[0]) {
		fprintf(stderr, "usage: klang [--data DIR] report --fy FY --format pdf|xlsx --out FILE [--arabic-digits]\n");
		return 2;
	}
	bool xlsx = format && !strcmp(format, "xlsx");
	if (format && format[0] && strcmp(format, "pdf") != 0 && !xlsx) {
		fprintf(stderr, "klang: unknown format '%s'; use --format pdf or --format xlsx\n", format);
		return 2;
	}
	struct db *db = NULL;
	struct actor op;
	json_t *r = NULL;
	struct buf pdf;
	buf_init(&pdf, 64 << 20);
	err_clear();
	int rc = open_db(cfg, false, &db);
	if (rc) {
		buf_release(&pdf);
		return 1;
	}
	rc = operator_for(db, NULL, &op);
	if (!rc)
		rc = report_live(db, &op, (int)fy, &r);
	db_close(db);
	if (!rc)
		rc = xlsx ? report_xlsx_render(r, &pdf) : report_pdf_render(r, !has_flag(argc, argv, "arabic-digits"), &pdf);
	json_decref(r);
	if (rc) {
		print_error(rc);
		buf_release(&pdf);
		return 1;
	}
	FILE *f = fopen(out, "wb");
	bool ok = f && fwrite(pdf.p, 1, pdf.len, f) == pdf.len;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "klang: cannot write '%s': %s\n", out, strerror(errno));
	else
		printf("klang: wrote the report of FY %ld to '%s' (%zu bytes)\n", fy, out, pdf.len);
	buf_release(&pdf);
	return ok ? 0 : 1;
}

static int cmd_search(struct config *cfg, int argc, char **argv)
{
	const char *q = argc > 1 && strncmp(argv[1], "--", 2) ? argv[1] : NULL;
	if (!q) {
		fprintf(stderr, "usage: %s\n", commands[8].usage);
		return 2;
	}
	const char *status = opt(argc, argv, "status");
	struct db *db = NULL;
	if (open_db(cfg, false, &db))
		return 1;
	struct arena *ar = arena_new(ARENA_DEFAULT_CAP);
	struct actor op;
	json_t *res = NULL;
	int rc = ar ? operator_for(db, NULL, &op) : ERR_NOMEM;
	struct doc_query dq = {.q = q, .status = status};
	if (!rc)
		rc = doc_search(db, ar, &op, &dq, 1, 10, &res);
	db_close(db);
	arena_free(ar);
	if (rc) {
		print_error(rc);
		return 1;
	}
	rc = json_dumpf(res, stdout, JSON_INDENT(2));
	json_decref(res);
	putchar('\n');
	return rc ? 1 : 0;
}

static const struct command commands[] = {
	{"serve", cmd_serve, "klang [--data DIR] serve [--port P] [--bind ADDR] [--SETTING=VALUE…]",
	 "Serves the web pages and the JSON API until SIGTERM or SIGINT."},
	{"init", cmd_init, "klang [--data DIR] init [--demo] [--org-name NAME] [--org-code CODE]",
	 "Creates the data directory and its database. With --demo, the demo organisation shaped\n"
	 "from Samut Songkhram Town Municipality's KM plan and one login per role; otherwise one\n"
	 "organisation and its first admin (login 'admin'). Prints one-time passwords; never asks."},
	{"migrate", cmd_migrate, "klang [--data DIR] migrate",
	 "Brings the database schema up to date (serve does this too) and prints its version."},
	{"user", cmd_user,
	 "klang [--data DIR] user add LOGIN --role ROLE[,ROLE…] [--committee-role R] [--stdin]\n"
	 "       klang [--data DIR] user passwd LOGIN [--stdin]\n"
	 "       klang [--data DIR] user disable LOGIN\n"
	 "       klang [--data DIR] user list",
	 "Manages accounts as the operator. add and passwd print a new one-time password, or read\n"
	 "the password from standard input with --stdin. disable ends the account's sessions and\n"
	 "API tokens; the last admin cannot be disabled. Roles: admin, km_committee, executive,\n"
	 "unit_head, staff. Committee roles: chair, vice_chair, member, secretary,\n"
	 "assistant_secretary."},
	{"token", cmd_token, "klang [--data DIR] token create LOGIN [--name NAME]",
	 "Creates an API bearer token acting with LOGIN's roles; prints it once, alone on the\n"
	 "last line."},
	{"audit", cmd_audit, "klang [--data DIR] audit verify",
	 "Checks the hash chain of the audit trail and says where it breaks."},
	{"import", cmd_import, "klang [--data DIR] import FOLDER --unit CODE [--kind KIND]",
	 "Imports every PDF, DOCX, XLSX, Markdown and text file of FOLDER as a draft document of\n"
	 "the unit with that code (kind: manual by default), its text extracted and the file\n"
	 "attached. Shows a progress bar; files it cannot take are listed and skipped."},
	{"reindex", cmd_reindex, "klang [--data DIR] reindex",
	 "Rebuilds the search index from the documents, with a progress bar."},
	{"search", cmd_search, "klang [--data DIR] search QUERY [--status STATUS]",
	 "Searches the documents as the operator and prints the first page of hits as JSON."},
	{"import-staff", cmd_import_staff, "klang [--data DIR] import-staff FILE [--dry-run] [--good-rows-only]",
	 "Imports the staff list in FILE (CSV or XLSX, headers in Thai or English) as the operator:\n"
	 "new names are added, names already in the registry updated. Prints the rows and their\n"
	 "errors in Thai and English; nothing is written unless every row is good, or with\n"
	 "--good-rows-only the good rows. --dry-run only checks. Exits 1 when a row is bad."},
	{"purge-training", cmd_purge_training, "klang [--data DIR] purge-training [--dry-run] [--training_retention_years=N]",
	 "Deletes the development records (participations, and the activities left without any) of\n"
	 "activities that ended more than training_retention_years (default 10) years ago, in every\n"
	 "organisation, and records it in the audit trail; the documents their reports became stay.\n"
	 "--dry-run only counts. Prints the counts."},
	{"report", cmd_report, "klang [--data DIR] report --fy FY --format pdf|xlsx --out FILE [--arabic-digits]",
	 "Writes the annual monitoring and evaluation report of the KM plan for fiscal year FY\n"
	 "(B.E.), gathered now from the data, as PDF in the official style (Thai digits unless\n"
	 "--arabic-digits) or as an XLSX workbook (a summary sheet, a sheet per KPI with its\n"
	 "evidence rows, the trend, activities, gaps and the committee)."},
	{"version", cmd_version, "klang version", "Prints the version."},
	{NULL, NULL, NULL, NULL},
};

void cli_usage(FILE *out)
{
	fprintf(out, "klang %s — คลังความรู้: knowledge management for Thai public-sector organisations\n\n"
		     "usage: klang [--data DIR] [--config FILE] [--SETTING=VALUE…] COMMAND [ARGS]\n\n"
		     "commands:\n",
		KLANG_VERSION);
	for (const struct command *c = commands; c->name; c++) {
		const char *nl = strchr(c->help, '\n');
		fprintf(out, "  %-9s %.*s\n", c->name, nl ? (int)(nl - c->help) : (int)strlen(c->help),
			c->help);
	}
	fprintf(out, "\n'klang COMMAND --help' tells more. Settings (file DATA/klang.conf, environment\n"
		     "KLANG_SETTING, or --SETTING=VALUE before or after the command):\n");
	config_describe(out);
}

int cli_run(struct config *cfg, int argc, char **argv)
{
	for (const struct command *c = commands; c->name; c++) {
		if (strcmp(c->name, argv[0]) != 0)
			continue;
		if (wants_help(argc, argv)) {
			printf("usage: %s\n\n%s\n", c->usage, c->help);
			return 0;
		}
		return c->run(cfg, argc, argv);
	}
	fprintf(stderr, "klang: unknown command '%s'; see 'klang --help'\n", argv[0]);
	return 2;
}
