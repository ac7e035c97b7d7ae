/* demo_expert: the demo's expert knowledge capture. Two experts close to
 * retirement are interviewed: a registration officer of the Office of the
 * Municipal Clerk, by the KM committee's secretary, who records the signed
 * consent form; the draft then goes through the workflow (the division's
 * head submits, the committee's chair reviews, the secretary publishes).
 * A civil works technician of the Engineering Division, interviewed by the
 * division's head, has not consented yet. Both show in the
 * knowledge-at-risk report. */
#include <string.h>
#include <time.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/demo.h"
#include "km/expert.h"
#include "km/people.h"
#include "km/workflow.h"
#include "store/db.h"

struct capture {
	const char *job_line; /* the expert: the first holder without an account */
	int retire_in;        /* retires on 30 September, this many years on */
	const char *interviewer;
	int days_ago;
	bool consent;
	const char *rk; /* required knowledge it will cover, or NULL */
	struct expert_input in;
};

static const struct capture captures[] = {
	{"เจ้าพนักงานทะเบียน", 1, "committee", 75, true, NULL,
	 {.topic = "การแจ้งเกิดเกินกำหนดและการเพิ่มชื่อในทะเบียนบ้าน",
	  .context = "งานทะเบียนราษฎรรับคำร้องแจ้งเกิดเกินกำหนดและขอเพิ่มชื่อในทะเบียนบ้านหลายสิบรายต่อปี "
		     "ส่วนใหญ่เป็นผู้สูงอายุที่ไม่เคยมีชื่อในทะเบียน เด็กที่คลอดที่บ้าน และผู้ที่ย้ายมาจากต่างจังหวัด "
		     "เรื่องเหล่านี้ต้องสอบสวนพยานและตรวจหลักฐานอย่างรอบคอบ เพราะเกี่ยวกับสัญชาติและสิทธิของบุคคล",
	  .key_tasks = "- ตรวจว่าเป็นกรณีแจ้งเกิดเกินกำหนด หรือเพิ่มชื่อคนที่เคยมีรายการในทะเบียนแล้ว\n"
		       "- นัดผู้ยื่นคำร้องพร้อมพยานบุคคลที่รู้เห็นการเกิดอย่างน้อยสองคน\n"
		       "- สอบสวนแยกทีละคนและบันทึกถ้อยคำให้ตรงกับที่พูด\n"
		       "- ตรวจหลักฐานประกอบ เช่น หนังสือรับรองการเกิด สมุดบันทึกสุขภาพแม่และเด็ก ใบสุทธิ\n"
		       "- เสนอนายทะเบียนพิจารณา และแจ้งผลให้ผู้ยื่นทราบเป็นหนังสือ",
	  .decision_rules = "- คำให้การของพยานต้องตรงกันในเรื่องวัน สถานที่เกิด และชื่อบิดามารดา ถ้าไม่ตรงให้สอบเพิ่ม ไม่ตัดสินจากเอกสารชิ้นเดียว\n"
			    "- กรณีสงสัยเรื่องสัญชาติ ให้หารือสำนักทะเบียนอำเภอก่อนเสนอนายทะเบียน\n"
			    "- ผู้สูงอายุที่ไม่มีหลักฐานเลย ให้ใช้พยานที่เป็นผู้นำชุมชนหรือผู้ที่รู้จักกันมานาน",
	  .pitfalls = "- รับคำร้องโดยไม่ตรวจว่าบุคคลนั้นเคยมีชื่อในทะเบียนที่อื่น ทำให้เกิดรายการซ้ำ\n"
		      "- ให้พยานนั่งฟังคำให้การของกันและกัน\n"
		      "- รับปากผู้ยื่นว่าจะได้บัตรประชาชนภายในวันเดียว",
	  .who_to_ask = "- นายทะเบียนท้องถิ่นเทศบาล\n- สำนักทะเบียนอำเภอเมืองสมุทรสงคราม\n- นิติกร สำนักปลัดเทศบาล",
	  .documents_used = "- พระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534 และที่แก้ไขเพิ่มเติม\n"
			    "- ระเบียบสำนักทะเบียนกลางว่าด้วยการจัดทำทะเบียนราษฎร\n- แบบบันทึกถ้อยคำพยาน",
	  .tags = "ทะเบียนราษฎร, แจ้งเกิดเกินกำหนด"}},
	{"นายช่างโยธา", 2, "head-eng", 20, false, "การขออนุญาตปลูกสร้างอาคาร",
	 {.topic = "การตรวจแบบและตรวจสถานที่ก่อนอนุญาตก่อสร้างอาคาร",
	  .context = "ฝ่ายแบบแผนและก่อสร้างตรวจคำขออนุญาตก่อสร้างอาคารพักอาศัยและอาคารพาณิชย์ในเขตเทศบาล "
		     "หลายแปลงอยู่ริมแม่น้ำแม่กลองหรือติดคลอง ซึ่งมีข้อกำหนดเรื่องระยะถอยร่นเฉพาะ",
	  .key_tasks = "- ตรวจแบบกับผังเมืองรวมและข้อบัญญัติท้องถิ่นก่อนออกตรวจสถานที่\n"
		       "- ออกตรวจสถานที่จริงทุกคำขอ วัดระยะถอยร่นจากแนวเขตที่ดินและแนวคลอง\n"
		       "- บันทึกภาพและแจ้งผู้ขอเป็นหนังสือเมื่อแบบต้องแก้ไข",
	  .decision_rules = "- ที่ดินติดแหล่งน้ำสาธารณะ ตรวจระยะถอยร่นตามกฎกระทรวงก่อนเรื่องอื่น\n"
			    "- แบบที่ไม่ครบให้คืนพร้อมรายการที่ขาดในครั้งเดียว ไม่ทยอยแจ้ง",
	  .pitfalls = "- เชื่อระยะในแบบโดยไม่วัดจริง\n- ลืมนับระยะเวลาพิจารณาตามกฎหมายว่าด้วยการอำนวยความสะดวก",
	  .who_to_ask = "- ผู้อำนวยการกองช่าง\n- วิศวกรโยธา ฝ่ายแบบแผนและก่อสร้าง",
	  .documents_used = "- พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522\n- กฎกระทรวงที่ออกตามความในพระราชบัญญัติควบคุมอาคาร\n"
			    "- แบบ ข.1 คำขออนุญาตก่อสร้างอาคาร",
	  .tags = "ควบคุมอาคาร, ขออนุญาตก่อสร้าง"}},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The account with `login` as an actor. */
static int as_login(struct db *db, int64_t org_id, const char *login, struct actor *out)
{
	int64_t id = 0;
	int rc = db_query_int(db, "SELECT id FROM accounts WHERE org_id = $1 AND login = $2",
			      DB_ARGS(DB_INT(org_id), DB_TEXT(login)), &id);
	if (!rc)
		rc = account_load_actor(db, id, out);
	if (!rc)
		memcpy(out->ip, "demo", sizeof "demo");
	return rc;
}

/* The workflow of the consented interview's draft, a day apart each:
 * the division's head submits, the committee's chair reviews (neither
 * wrote it), the secretary publishes. */
static int publish(struct db *db, int64_t org_id, const struct actor *secretary, int64_t doc)
{
	struct actor head, chair;
	int rc = as_login(db, org_id, "head-office", &head);
	if (!rc)
		rc = as_login(db, org_id, "kmc01", &chair);
	const struct {
		const struct actor *who;
		enum wf_action step;
	} steps[] = {{&head, WF_SUBMIT}, {&chair, WF_REVIEW}, {secretary, WF_PUBLISH}};
	for (size_t i = 0; !rc && i < COUNT(steps); i++) {
		clock_set_as_of(clock_now() + 86400);
		rc = wf_apply(db, steps[i].who, doc, steps[i].step, NULL, NULL);
	}
	return rc;
}

int demo_expert(struct db *db, const struct actor *op)
{
	int rc = 0;
	int64_t now = (int64_t)time(NULL);
	struct date today = cal_from_unix(now);
	for (size_t i = 0; !rc && i < COUNT(captures); i++) {
		const struct capture *c = &captures[i];
		struct expert_input in = c->in;
		in.interviewer_account_id = 0;
		in.rk_id = 0;
		rc = db_query_int(db,
				  "SELECT p.id FROM people p JOIN job_lines j ON j.id = p.job_line_id"
				  " WHERE p.org_id = $1 AND j.name = $2 AND p.active = 1"
				  " AND NOT EXISTS (SELECT 1 FROM accounts c WHERE c.person_id = p.id) ORDER BY p.id LIMIT 1",
				  DB_ARGS(DB_INT(op->org_id), DB_TEXT(c->job_line)), &in.expert_person_id);
		if (!rc && c->rk)
			rc = db_query_int(db, "SELECT id FROM required_knowledge WHERE org_id = $1 AND title = $2",
					  DB_ARGS(DB_INT(op->org_id), DB_TEXT(c->rk)), &in.rk_id);
		/* Close to retirement: 30 September, one or two years on. */
		char retire[11], day[11];
		cal_iso((struct date){today.y + c->retire_in, 9, 30}, retire);
		struct person_input p = PERSON_INPUT_UNCHANGED;
		p.retirement_date = retire;
		if (!rc)
			rc = person_update(db, op, in.expert_person_id, &p);
		struct actor interviewer;
		if (!rc)
			rc = as_login(db, op->org_id, c->interviewer, &interviewer);
		int64_t at = (now / 86400 - c->days_ago) * 86400 + 3 * 3600; /* 10:00 in Bangkok */
		cal_iso(cal_from_unix(at), day);
		in.date = day;
		clock_set_as_of(at);
		int64_t id = 0, doc = 0;
		if (!rc)
			rc = expert_create(db, &interviewer, &in, &id);
		if (!rc && c->consent)
			rc = expert_consent(db, &interviewer, id, true, "ลงนามในแบบยินยอมให้ถอดและเผยแพร่องค์ความรู้");
		if (!rc && c->consent) {
			clock_set_as_of(at + 3 * 86400);
			rc = expert_make_document(db, &interviewer, id, &doc);
		}
		if (!rc && c->consent)
			rc = publish(db, op->org_id, &interviewer, doc);
		clock_set_as_of(0);
	}
	return rc;
}
