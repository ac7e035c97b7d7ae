/* demo_community: the demo's communities of practice and mentoring pair,
 * dated over the current fiscal year: two active communities with members,
 * threads and replies (one answered), a meeting record, and a mentor with
 * a mentee and their log. Every step is taken by a demo account through
 * km/community and km/mentoring, as people would. */
#include "km/demo.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/community.h"
#include "km/mentoring.h"
#include "store/db.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The moments of the demo: `pct` percent of the way from the start of the
 * current fiscal year (09:00 Bangkok; a month back at least) to yesterday. */
static int64_t moment(int pct)
{
	struct date first, last;
	cal_fiscal_range(cal_fiscal_year(cal_today()), &first, &last);
	int64_t latest = (int64_t)time(NULL) - 86400;
	int64_t start = cal_days(first) * 86400 + 2 * 3600;
	if (start > latest - 30 * 86400)
		start = latest - 30 * 86400;
	return start + (latest - start) * pct / 100;
}

static void day_of(int pct, char out[11])
{
	cal_iso(cal_from_unix(moment(pct)), out);
}

static int actor_of(struct db *db, const char *login, struct actor *out)
{
	int64_t id = 0, org = 0;
	int rc = account_find(db, login, &id, &org);
	if (!rc)
		rc = account_load_actor(db, id, out);
	if (!rc)
		snprintf(out->ip, sizeof out->ip, "demo");
	return rc;
}

struct post {
	int pct;            /* when */
	const char *login;  /* who */
	const char *text;
};

struct thread_def {
	struct post ask;
	const char *title;
	struct post replies[3];
	int answer;         /* 1-based index of the reply the asker marks; 0: none */
};

struct community_def {
	const char *name, *description;
	const char *creator, *facilitator;
	int issue_number;   /* 0: none */
	const char *members[8];
	struct thread_def threads[2];
};

static const struct community_def communities[] = {
	{"ชุมชนนักปฏิบัติงานบริการประชาชน (ศูนย์บริการร่วม)",
	 "แลกเปลี่ยนวิธีให้บริการประชาชนที่ศูนย์บริการร่วม (One Stop Service) ของเทศบาล: งานทะเบียนราษฎร "
	 "การรับคำร้อง การลดเวลารอคอย และการตอบข้อซักถามของประชาชน",
	 "committee", "kmc11", 6,
	 {"kmc13", "kmc05", "kmc12", "staff", "unithead", "committee", "head-office"},
	 {{{10, "kmc13",
	    "ช่วงนี้มีประชาชนมาขอคัดสำเนาทะเบียนบ้านแทนญาติบ่อยครั้ง เจ้าหน้าที่แต่ละคนขอเอกสารไม่เหมือนกัน "
	    "ทำให้ประชาชนต้องกลับไปเอาเอกสารเพิ่ม\n\nอยากให้ช่วยสรุปว่าต้องใช้เอกสารอะไรบ้าง "
	    "และกรณีไหนที่ต้องมีหนังสือมอบหมาย @kmc11\n"},
	   "ประชาชนขอคัดสำเนาทะเบียนบ้านแทนผู้อื่น ต้องใช้เอกสารอะไรบ้าง",
	   {{14, "kmc11",
	     "สรุปตามแนวปฏิบัติของสำนักทะเบียนครับ\n\n1. บัตรประจำตัวประชาชนของผู้ยื่นคำขอ\n"
	     "2. หนังสือมอบหมายจากเจ้าบ้านหรือเจ้าของรายการ (กรณีผู้ยื่นไม่ใช่เจ้าของรายการ)\n"
	     "3. สำเนาบัตรประจำตัวประชาชนของผู้มอบหมาย\n\n"
	     "แนะนำให้ติดประกาศรายการเอกสารไว้ที่จุดรับคำร้องด้วย ประชาชนจะได้เตรียมมาครบตั้งแต่ครั้งแรก\n"},
	    {16, "staff", "ขอบคุณครับ กองสาธารณสุขฯ จะนำไปทำป้ายรายการเอกสารที่จุดรับคำร้องของเราด้วย\n"}},
	   1},
	  {{30, "kmc05",
	    "ต้นเดือนมีผู้มาชำระค่าธรรมเนียมและยื่นคำร้องพร้อมกันมาก คิวรอเฉลี่ยเกิน 40 นาที "
	    "มีหน่วยงานไหนเคยลองจัดช่องบริการด่วนหรือระบบนัดหมายล่วงหน้าบ้างไหมครับ\n"},
	   "ลดเวลารอคิวที่ศูนย์บริการร่วมช่วงต้นเดือน",
	   {{34, "unithead",
	     "กองสาธารณสุขและสิ่งแวดล้อมใช้การนัดหมายล่วงหน้าผ่านกลุ่มไลน์สำหรับการต่ออายุใบอนุญาต"
	     "สถานประกอบการ คิวหน้าเคาน์เตอร์ลดลงราวครึ่งหนึ่ง ยินดีแบ่งปันแบบฟอร์มครับ\n"},
	    {38, "kmc11",
	     "เสนอให้แยกช่อง **รับเอกสารอย่างเดียว** ในวันที่ 1–5 ของเดือน ทดลอง 1 เดือน "
	     "แล้วสรุปผลในวงแลกเปลี่ยนครั้งถัดไป\n"}},
	   0}}},
	{"ชุมชนนักปฏิบัติการจัดเก็บรายได้และภาษีท้องถิ่น",
	 "ผู้ปฏิบัติงานด้านการจัดเก็บรายได้ของเทศบาลแลกเปลี่ยนวิธีประเมินภาษีที่ดินและสิ่งปลูกสร้าง ภาษีป้าย "
	 "การแจ้งเตือนผู้ค้างชำระ และการให้บริการชำระภาษีออนไลน์",
	 "committee", "kmc06", 0,
	 {"head-fin", "committee", "admin", "staff", "head-strat"},
	 {{{20, "head-fin",
	    "อาคารพาณิชย์ที่ชั้นล่างเปิดร้านค้า ชั้นบนเป็นที่อยู่อาศัย ควรแยกประเมินตามสัดส่วนการใช้ประโยชน์อย่างไร "
	    "และควรเก็บหลักฐานอะไรไว้ประกอบการประเมินบ้าง\n"},
	   "การประเมินภาษีที่ดินและสิ่งปลูกสร้างกรณีใช้ประโยชน์หลายประเภท",
	   {{24, "kmc06",
	     "ให้แยกคำนวณตามสัดส่วนพื้นที่ที่ใช้ประโยชน์จริงแต่ละประเภท บันทึกพื้นที่แต่ละส่วนไว้ในผลการสำรวจ "
	     "แล้วใช้อัตราภาษีของแต่ละประเภทกับส่วนนั้น ๆ\n\nแนะนำให้ถ่ายภาพประกอบเก็บไว้ในแฟ้มด้วย "
	     "หากมีการคัดค้านการประเมินจะได้มีหลักฐานครับ\n"}},
	   0},
	  {{50, "kmc06",
	    "ปีที่ผ่านมามีผู้ค้างชำระภาษีป้ายหลังครบกำหนดจำนวนมาก ปีนี้จะลองส่งข้อความแจ้งเตือนล่วงหน้า 30 วัน "
	    "และ 7 วัน ขอความเห็นเรื่องถ้อยคำและช่องทางที่ได้ผลครับ @committee\n"},
	   "แนวทางแจ้งเตือนผู้ค้างชำระภาษีป้ายก่อนครบกำหนด",
	   {{55, "committee",
	     "เห็นด้วยครับ ควรระบุยอดภาษี วันครบกำหนด และช่องทางชำระออนไลน์ไว้ในข้อความเดียว "
	     "และบันทึกผลการแจ้งเตือนไว้ประกอบรายงานผลการจัดเก็บรายได้\n"}},
	   0}}},
};

static int make_thread(struct db *db, int64_t community, const struct thread_def *d)
{
	struct actor who;
	int64_t thread = 0, reply = 0, answer = 0;
	clock_set_as_of(moment(d->ask.pct));
	int rc = actor_of(db, d->ask.login, &who);
	if (!rc)
		rc = community_thread_create(db, &who, "", community, d->title, d->ask.text, NULL, 0, &thread);
	for (size_t i = 0; !rc && i < COUNT(d->replies) && d->replies[i].login; i++) {
		struct actor r;
		clock_set_as_of(moment(d->replies[i].pct));
		rc = actor_of(db, d->replies[i].login, &r);
		if (!rc)
			rc = community_reply_add(db, &r, "", thread, d->replies[i].text, NULL, 0, &reply);
		if ((int)i + 1 == d->answer)
			answer = reply;
	}
	if (!rc && answer) {
		clock_set_as_of(moment(d->replies[d->answer - 1].pct + 2));
		rc = community_answer_mark(db, &who, thread, answer);
	}
	return rc;
}

static int make_community(struct db *db, int64_t org_id, const struct community_def *d, int64_t *id_out)
{
	struct actor creator, facilitator;
	clock_set_as_of(moment(2));
	int rc = actor_of(db, d->creator, &creator);
	if (!rc)
		rc = actor_of(db, d->facilitator, &facilitator);
	struct community_input in = COMMUNITY_INPUT_UNCHANGED;
	in.name = d->name;
	in.description = d->description;
	in.facilitator_account_id = facilitator.account_id;
	in.issue_id = 0;
	if (!rc && d->issue_number)
		rc = db_query_int(db, "SELECT id FROM strategic_issues WHERE org_id = $1 AND number = $2",
				  DB_ARGS(DB_INT(org_id), DB_INT(d->issue_number)), &in.issue_id);
	if (!rc)
		rc = community_create(db, &creator, &in, id_out);
	/* Members join in the first days. */
	for (size_t i = 0; !rc && i < COUNT(d->members) && d->members[i]; i++) {
		struct actor m;
		clock_set_as_of(moment(3 + (int)i));
		rc = actor_of(db, d->members[i], &m);
		if (!rc)
			rc = community_join(db, &m, *id_out);
	}
	for (size_t i = 0; !rc && i < COUNT(d->threads); i++)
		rc = make_thread(db, *id_out, &d->threads[i]);
	return rc;
}

static int make_mentoring(struct db *db)
{
	struct actor committee, mentor, mentee;
	int rc = actor_of(db, "committee", &committee);
	if (!rc)
		rc = actor_of(db, "unithead", &mentor);
	if (!rc)
		rc = actor_of(db, "staff", &mentee);
	if (rc)
		return rc;
	struct date first, last;
	cal_fiscal_range(cal_fiscal_year(cal_today()), &first, &last);
	char start[11], end[11];
	day_of(5, start);
	cal_iso(last, end);
	clock_set_as_of(moment(5));
	struct mentoring_input in = MENTORING_INPUT_UNCHANGED;
	in.mentor_person_id = mentor.person_id;
	in.mentee_person_id = mentee.person_id;
	in.goals = "- ถ่ายทอดวิธีตรวจประเมินสถานประกอบการด้านอาหารตามมาตรฐานสุขาภิบาลอาหาร\n"
		   "- ฝึกเขียนรายงานผลการตรวจและหนังสือแจ้งให้ปรับปรุงสุขลักษณะ\n"
		   "- ภายในสิ้นปีงบประมาณ ตรวจได้ด้วยตนเองโดยมีพี่เลี้ยงทบทวนผล";
	in.start_date = start;
	in.end_date = end;
	in.active = 1;
	int64_t pair = 0;
	rc = mentoring_create(db, &committee, &in, &pair);
	static const struct post log[] = {
		{15, "unithead", "ออกตรวจร้านอาหารในตลาดด้วยกัน 3 ร้าน อธิบายเกณฑ์การให้คะแนนทีละหมวด"},
		{40, "staff", "ทดลองกรอกแบบตรวจเองสำหรับร้านที่ 4 พี่เลี้ยงทบทวนแล้ว แก้ไขเรื่องการบันทึกอุณหภูมิตู้แช่"},
		{70, "unithead", "ฝึกเขียนหนังสือแจ้งให้ปรับปรุงสุขลักษณะ ตกลงว่าครั้งหน้าจะตรวจเองทั้งหมดแล้วทบทวนผลร่วมกัน"},
	};
	for (size_t i = 0; !rc && i < COUNT(log); i++) {
		char day[11];
		day_of(log[i].pct, day);
		clock_set_as_of(moment(log[i].pct));
		rc = mentoring_log_add(db, !strcmp(log[i].login, "staff") ? &mentee : &mentor, pair, day, log[i].text,
				       NULL);
	}
	return rc;
}

int demo_communities(struct db *db, int64_t org_id)
{
	int rc = 0;
	int64_t first = 0;
	for (size_t i = 0; !rc && i < COUNT(communities); i++) {
		int64_t id = 0;
		rc = make_community(db, org_id, &communities[i], &id);
		if (!first)
			first = id;
	}
	/* The first community's meeting, recorded by its facilitator. */
	struct actor facilitator;
	char day[11];
	day_of(45, day);
	clock_set_as_of(moment(45));
	if (!rc)
		rc = actor_of(db, communities[0].facilitator, &facilitator);
	struct community_meeting_input m = {
		day, "วงแลกเปลี่ยนเรียนรู้ครั้งที่ 1: การลดขั้นตอนงานทะเบียนราษฎร",
		"- ทบทวนคำร้องที่ประชาชนต้องกลับไปเอาเอกสารเพิ่มบ่อยที่สุด 5 อันดับ\n"
		"- ตกลงจัดทำป้ายรายการเอกสารที่จุดรับคำร้อง\n"
		"- ทดลองช่องรับเอกสารอย่างเดียวในวันที่ 1–5 ของเดือน แล้วสรุปผลในการประชุมครั้งถัดไป\n",
		12};
	if (!rc)
		rc = community_meeting_add(db, &facilitator, first, &m, NULL);
	if (!rc)
		rc = make_mentoring(db);
	clock_set_as_of(0);
	return rc;
}
