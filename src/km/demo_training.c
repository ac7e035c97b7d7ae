/* demo_training: the demo's development records — activities a Thai
 * municipality really runs or sends its staff to, FY 2564 to today, with
 * participants chosen so that KPI 2 moves over the years as the plan hoped
 * (and stays short of 100%), one person changing job line in mid-year, and
 * reports filed through the real functions. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/demo.h"
#include "km/people.h"
#include "km/training.h"
#include "store/db.h"
#include "store/db_json.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *title, *kind, *provider;
	double hours, cost;
	int internal;
} catalogue[] = {
	{"การจัดทำแผนพัฒนาท้องถิ่นและการติดตามประเมินผล", "training", "สถาบันพัฒนาบุคลากรท้องถิ่น กรมส่งเสริมการปกครองท้องถิ่น", 18, 4500, 0},
	{"การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐด้วยระบบ e-GP", "training", "กรมบัญชีกลาง", 12, 3000, 0},
	{"ระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)", "training", "กรมส่งเสริมการปกครองท้องถิ่น", 18, 3500, 0},
	{"การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง", "training", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสงคราม", 12, 1500, 0},
	{"การป้องกันและบรรเทาสาธารณภัยสำหรับบุคลากรท้องถิ่น", "training", "ศูนย์ป้องกันและบรรเทาสาธารณภัย เขต 8 ราชบุรี", 24, 2000, 0},
	{"ศึกษาดูงานการบริหารจัดการขยะชุมชนแบบครบวงจร", "study_visit", "เทศบาลนครนนทบุรี", 8, 12000, 0},
	{"การเขียนคู่มือการปฏิบัติงาน (Work Manual)", "knowledge_sharing", "คณะทำงานจัดการความรู้ เทศบาลเมืองสมุทรสงคราม", 6, 0, 1},
	{"การใช้ระบบสารบรรณอิเล็กทรอนิกส์", "on_the_job", "ฝ่ายบริหารงานทั่วไป สำนักปลัดเทศบาล", 3, 0, 1},
	{"การพัฒนาคุณภาพการบริหารจัดการภาครัฐ (PMQA)", "seminar", "สำนักงานคณะกรรมการพัฒนาระบบราชการ", 6, 1000, 0},
	{"การดูแลผู้สูงอายุระยะยาวในชุมชน (Care Manager)", "training", "กรมอนามัย กระทรวงสาธารณสุข", 70, 6000, 0},
	{"ทักษะดิจิทัลสำหรับข้าราชการและบุคลากรภาครัฐ", "elearning", "สำนักงาน ก.พ. (OCSC Learning Space)", 12, 0, 0},
	{"การสอนงานนักวิชาการเงินและบัญชีบรรจุใหม่", "coaching", "กองคลัง เทศบาลเมืองสมุทรสงคราม", 10, 0, 1},
	{"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)", "meeting", "สำนักงาน ป.ป.ช. ประจำจังหวัดสมุทรสงคราม", 6, 0, 0},
	{"พระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ", "training", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสงคราม", 6, 800, 0},
	{"การควบคุมงานก่อสร้างและการตรวจรับงานจ้าง", "training", "สถาบันพัฒนาบุคลากรท้องถิ่น กรมส่งเสริมการปกครองท้องถิ่น", 12, 3500, 0},
	{"การคุ้มครองข้อมูลส่วนบุคคลสำหรับหน่วยงานท้องถิ่น", "seminar", "สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล", 6, 0, 0},
};

/* The share of job lines developed each year, in percent (the plan's
 * target is 80%; FY 2570 has only begun). */
static int coverage(int fy, int this_fy)
{
	static const int pct[] = {76, 82, 85, 88, 91, 94};
	if (fy == this_fy)
		return 30;
	int i = fy - 2564;
	return i >= 0 && i < (int)COUNT(pct) ? pct[i] : 85;
}

/* A day of fiscal year `fy`, the k-th of n spread over it, 09:00 Bangkok,
 * never later than yesterday. */
static void day_in(int fy, int k, int n, char out[11], int64_t *at)
{
	struct date first, last;
	cal_fiscal_range(fy, &first, &last);
	int64_t d0 = cal_days(first), span = cal_days(last) - d0;
	int64_t today = (int64_t)time(NULL) / 86400 - 1;
	int64_t d = d0 + 10 + (span - 30) * k / (n > 1 ? n : 1);
	if (d > today)
		d = d0 + (today - d0) * (k + 1) / (n + 1);
	*at = d * 86400 + 2 * 3600;
	cal_iso(cal_from_unix(*at), out);
}

int demo_training(struct db *db, const struct actor *op)
{
	/* Municipal employees by job line (and the others, who join but do not
	 * count for KPI 2). */
	json_t *people = NULL, *lines = NULL;
	int rc = db_query_json(db,
			       "SELECT id, job_line_id, employment_type FROM people WHERE org_id = $1 AND active = 1"
			       " ORDER BY id",
			       DB_ARGS(DB_INT(op->org_id)), 0, &people);
	if (!rc)
		rc = db_query_json(db, "SELECT id FROM job_lines WHERE org_id = $1 ORDER BY id", DB_ARGS(DB_INT(op->org_id)),
				   0, &lines);
	int this_fy = cal_fiscal_year(cal_from_unix((int64_t)time(NULL)));
	size_t nlines = json_array_size(lines), npeople = json_array_size(people);
	for (int fy = 2564; !rc && fy <= this_fy; fy++) {
		int nacts = fy == this_fy ? 3 : 11;
		int64_t acts[16];
		for (int k = 0; !rc && k < nacts; k++) {
			size_t c = (size_t)(fy * 5 + k * 3) % COUNT(catalogue);
			char start[11], end[11];
			int64_t at = 0;
			day_in(fy, k, nacts, start, &at);
			int days = catalogue[c].hours > 12 ? (int)(catalogue[c].hours / 6) - 1 : 0;
			cal_iso(cal_from_unix(at + (int64_t)days * 86400), end);
			struct activity_input in = ACTIVITY_INPUT_EMPTY;
			in.title = catalogue[c].title;
			in.kind = catalogue[c].kind;
			in.provider = catalogue[c].provider;
			in.start_date = start;
			in.end_date = end;
			in.hours = catalogue[c].hours;
			in.cost = catalogue[c].cost;
			in.internal = catalogue[c].internal;
			clock_set_as_of(at);
			rc = activity_create(db, op, &in, &acts[k]);
		}
		/* The lines developed this year: a share of them, a different
		 * part each year; one or two people of each, spread over the
		 * year's activities, and a few others (who do not count). */
		size_t want = nlines * (size_t)coverage(fy, this_fy) / 100;
		for (size_t l = 0; !rc && l < want; l++) {
			json_int_t line = json_integer_value(json_object_get(json_array_get(lines, (l + (size_t)fy * 7) % nlines), "id"));
			int picked = 0;
			for (size_t p = 0; !rc && p < npeople && picked < 1 + (int)(l % 2); p++) {
				json_t *who = json_array_get(people, (p + (size_t)fy) % npeople);
				if (json_integer_value(json_object_get(who, "job_line_id")) != line ||
				    strcmp(json_string_value(json_object_get(who, "employment_type")), "municipal_employee"))
					continue;
				int64_t pid = json_integer_value(json_object_get(who, "id"));
				int added = 0;
				rc = activity_add_participants(db, op, acts[(l + (size_t)picked) % (size_t)nacts], &pid, 1, &added);
				picked++;
			}
		}
		for (size_t p = 0; !rc && p < npeople; p++) {
			json_t *who = json_array_get(people, p);
			if (!strcmp(json_string_value(json_object_get(who, "employment_type")), "municipal_employee"))
				continue;
			int64_t pid = json_integer_value(json_object_get(who, "id"));
			int added = 0;
			rc = activity_add_participants(db, op, acts[(p + (size_t)fy) % (size_t)nacts], &pid, 1, &added);
		}
	}
	clock_set_as_of(0);
	json_decref(people);
	json_decref(lines);
	/* Reports of past years were handled on paper then, and their notices
	 * read long ago. */
	if (!rc)
		rc = db_exec(db,
			     "UPDATE notifications SET read_at = created_at + 3600 WHERE org_id = $1 AND kind = 'report_due'"
			     " AND created_at < $2",
			     DB_ARGS(DB_INT(op->org_id), DB_INT((int64_t)time(NULL) - 14 * 86400)));
	if (!rc)
		rc = db_exec(db,
			     "UPDATE activity_participants SET report_status = 'waived' WHERE org_id = $1 AND activity_id IN"
			     " (SELECT id FROM activities WHERE fy < $2)",
			     DB_ARGS(DB_INT(op->org_id), DB_INT(this_fy)));
	/* The demo's staff login took part in this year's first activity and
	 * owes its report; its head filed one for the second. */
	struct actor staff, head;
	int64_t staff_acc = 0, head_acc = 0, first = 0, second = 0;
	if (!rc)
		rc = db_query_int(db, "SELECT id FROM accounts WHERE login = 'staff'", DB_NOARGS, &staff_acc);
	if (!rc)
		rc = db_query_int(db, "SELECT id FROM accounts WHERE login = 'unithead'", DB_NOARGS, &head_acc);
	if (!rc)
		rc = account_load_actor(db, staff_acc, &staff);
	if (!rc)
		rc = account_load_actor(db, head_acc, &head);
	if (!rc)
		rc = db_query_int(db, "SELECT id FROM activities WHERE org_id = $1 AND fy = $2 ORDER BY start_date, id LIMIT 1",
				  DB_ARGS(DB_INT(op->org_id), DB_INT(this_fy)), &first);
	if (!rc)
		rc = db_query_int(db,
				  "SELECT id FROM activities WHERE org_id = $1 AND fy = $2 ORDER BY start_date, id LIMIT 1 OFFSET 1",
				  DB_ARGS(DB_INT(op->org_id), DB_INT(this_fy)), &second);
	int added = 0;
	if (!rc)
		rc = activity_add_participants(db, op, first, &staff.person_id, 1, &added);
	if (!rc)
		rc = activity_add_participants(db, op, second, &head.person_id, 1, &added);
	if (!rc) {
		struct training_report rep = {
			"ขั้นตอนและเอกสารที่ต้องใช้ตามระเบียบใหม่ และตัวอย่างปัญหาที่พบบ่อยจากหน่วยงานอื่น",
			"ปรับแบบฟอร์มรับคำขอของกองให้ตรงกับระเบียบ และจัดทำรายการตรวจสอบเอกสารก่อนรับเรื่อง",
			"เสนอให้จัดการแลกเปลี่ยนเรียนรู้ภายในกองทุกไตรมาสเพื่อถ่ายทอดสิ่งที่ได้จากการอบรม",
		};
		int64_t doc = 0;
		rc = activity_file_report(db, &head, second, &rep, &doc);
	}
	/* A clerk moved to general administration in mid-FY 2566: counted for
	 * the old line before 1 April 2023, for the new one after. */
	int64_t clerk = 0, gen = 0;
	if (!rc)
		rc = db_query_int(db,
				  "SELECT p.id FROM people p JOIN job_lines j ON j.id = p.job_line_id"
				  " WHERE p.org_id = $1 AND j.name = 'เจ้าพนักงานธุรการ' ORDER BY p.id LIMIT 1",
				  DB_ARGS(DB_INT(op->org_id)), &clerk);
	if (!rc)
		rc = db_query_int(db, "SELECT id FROM job_lines WHERE org_id = $1 AND name = 'นักจัดการงานทั่วไป'",
				  DB_ARGS(DB_INT(op->org_id)), &gen);
	if (!rc) {
		struct person_input move = PERSON_INPUT_UNCHANGED;
		move.job_line_id = gen;
		move.position = "นักจัดการงานทั่วไปปฏิบัติการ";
		move.job_line_since = "2023-04-01";
		rc = person_update(db, op, clerk, &move);
	}
	return rc;
}
