/* demo_plan: the seed plan (FY 2564–2566) as data: its main goals, the
 * grouping of its goals (Output, Outcome, System), its three KPIs with the
 * targets the seed sets per year, and the rows of its action plan
 * (แผนปฏิบัติการ, section 9), written as the seed writes them. */
#include <stddef.h>
#include <stdio.h>

#include "core/cal.h"
#include "km/demo.h"
#include "km/kpi.h"
#include "km/plan.h"
#include "store/db.h"
#include "store/db_json.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char main_goals[] =
	"เป้าหมายหลักที่ ๑. การสร้างองค์ความรู้เพื่อการพัฒนา เช่น การมีคู่มือเพื่อเป็นแนวปฏิบัติงานตามภารกิจ , "
	"การถอดองค์ความรู้จากการฝึกอบรมและนำมาสู่การจัดทำ KM เป็นต้น เพื่อให้ก้าวทันต่อเทคโนโลยี\n"
	"เป้าหมายหลักที่ ๒. พัฒนาบุคลากร คือ การพัฒนาศักยภาพการทำงานให้บุคคลมีประสิทธิภาพเพิ่มขึ้น "
	"ด้วยองค์ความรู้องค์กรได้จัดทำขึ้น หรือแสวงหาจากนอกหน่วยงาน\n"
	"เป้าหมายหลักที่ ๓. พัฒนาคุณภาพชีวิตที่ดีของประชาชน คือ การพัฒนาคุณภาพชีวิตที่ดีของประชาชนในเขตพื้นที่รับผิดชอบ "
	"ผ่านการพัฒนาบุคลากรผู้ปฏิบัติงาน และกระบวนการปฏิบัติงานให้มีประสิทธิภาพมากขึ้น";

static const char focus_areas[] =
	"กลุ่มเป้าหมายที่ ๑. องค์ความรู้ที่เป็นคู่มือปฏิบัติงาน (Output)\n"
	"กลุ่มเป้าหมายที่ ๒. การพัฒนาบุคลากร (Outcome)\n"
	"กลุ่มเป้าหมายที่ ๓. การเข้าถึงเพื่อการพัฒนา (System)";

static const struct {
	int strategy;
	const char *code, *kind, *measure;
	double target[3]; /* 2564, 2565, 2566 */
} kpis[] = {
	{1, "KPI1", "output", "คู่มือปฏิบัติงาน จำนวนอย่างน้อย ๑ เรื่อง/๑ ปีงบประมาณ/๑ ส่วนราชการ", {100, 100, 100}},
	{2, "KPI2", "outcome",
	 "การดำเนินการพัฒนาบุคลากรตามสายงานที่ทั้งหมด ๓๓ สายงาน ได้ไม่น้อยกว่าร้อยละ ๘๐ "
	 "ทั้งนี้เบื้องต้นให้พิจารณาเฉพาะในส่วนของพนักงานเทศบาลเท่านั้น",
	 {80, 80, 80}},
	{3, "KPI3", "system",
	 "ร้อยละของการจัดทำพื้นที่จัดเก็บข้อมูลองค์ความรู้ที่บุคลากรในหน่วยงานสามารถเข้าถึงได้โดยง่าย",
	 {80, 90, 100}},
};

static const struct {
	int strategy;
	struct plan_action_input row;
} actions[] = {
	{1,
	 {0, 1,
	  "- การดำเนินการจัดทำองค์ความรู้เพื่อเป็นคู่มือในการปฏิบัติงานอย่างน้อย ๑ เรื่อง/ ๑ หน่วยงาน "
	  "(โดยกำหนดเป็นตัวชี้วัดผู้บริหารฯ)",
	  "- กำหนดตัวชี้วัดสำหรับผู้บริหารให้ดำเนินการบริหารการจัดทำองค์ความรู้เพื่อใช้ เป็นคู่มือในการปฏิบัติงานอย่างน้อย ๑ "
	  "เรื่องต่อ ๑ ปี งบประมาณ",
	  "- ภายในปีงบประมาณ ๒๕๖๔ ถึง ๒๕๖๖",
	  "- จำนวนองค์ความรู้ที่หน่วยงานในสังกัดเทศบาลเมืองจัดทำขึ้น ใน ๑ ปีงบประมาณอย่างน้อย ๑ เรื่อง",
	  "- องค์ความรู้ที่ได้ดำเนินการจัดทำขึ้นอย่างน้อย ๑ เรื่อง ในระยะเวลา ๑ ปีงบประมาณที่สามารถนำไปใช้เพิ่มประสิทธิภาพการปฏิบัติงาน",
	  "- หน่วยงานในสังกัดเทศบาลเมืองฯ", "- รอบการพิจารณา คือ ๓ ปี งบประมาณ",
	  "- คู่มือขั้นตอนการให้บริการ/องค์ความรู้ที่ส่งเสริมการปฏิบัติงาน จำนวน ๑ เรื่อง/ ๑ ปีงบประมาณ/ ๑ หน่วยงาน\n"
	  "- บันทึกอนุมัติให้เผยแพร่องค์ความรู้ที่ได้รับการอนุมัติจากผู้บริหารเทศบาลเมืองสมุทรสงคราม"}},
	{2,
	 {0, 2,
	  "- การพัฒนาบุคลากรโดยพิจารณาจากสายงานของบุคลากรในสังกัดเทศบาลเมืองสมุทรสงครามที่ได้รับการพัฒนาผ่านการเข้ารับการฝึกอบรม"
	  "ประชุมสัมมนาเชิงวิชาการและหรือเครื่องมืออื่นใดที่มีเนื้อหาพัฒนาการปฏิบัติงานตามสายงานนั้นๆ",
	  "- กำหนดเป็นตัวชี้วัดระดับบุคคล ระดับผู้กำกับดูแลและระดับผู้บริหารเพื่อให้เกิดการพัฒนาทั้งโดยสมัครใจ และภาคบังคับ",
	  "- ภายในปีงบประมาณ ๒๕๖๔ ถึง ๒๕๖๖",
	  "- ร้อยละของสายงานของบุคลากรสังกัดเทศบาลเมือง ที่ได้รับการพัฒนาในรอบปีงบประมาณไม่ต่ำกว่าร้อยละ ๘๐ "
	  "ของจำนวนสายงานทั้งหมดในแต่ละปี",
	  "- ในแต่ละปีงบประมาณ ตั้งแต่ปี ๒๕๖๔ ถึงปี ๒๕๖๖ ร้อยละ ๘๐ ของสายงานที่ได้รับการพัฒนาองค์ความรู้ตามสายงานด้วยเครื่องมือการพัฒนาต่างๆ",
	  "- หน่วยงานในสังกัดเทศบาลเมืองฯ", "- รอบการพิจารณา คือ ๓ ปี งบประมาณ",
	  "- เอกสารสรุปการเข้ารับการฝึกอบรม แยกตามปีงบประมาณ ตั้งแต่ปี ๒๕๖๔-๒๕๖๖"}},
	{3,
	 {0, 3,
	  "- การดำเนินการสร้างพื้นที่จัดเก็บข้อมูลของหน่วยงาน เช่น มุม KM เพื่อใช้เป็นมุมความรู้ของหน่วยงาน "
	  "หรือการนำเสนอผ่านกลุ่มไลน์หน่วยงานหรือรูปแบบอื่นๆ แล้วแต่เห็นสมควรและสามารถดำเนินการในฐานะของแหล่งเก็บข้อมูล"
	  "ที่บุคลากรในหน่วยงานสามารถสืบค้นได้",
	  "- กำหนดเป็นตัวชี้วัดระดับบุคคล ระดับผู้กำกับดูแลและระดับผู้บริหาร เพื่อให้เกิดการพัฒนาทั้งโดยสมัครใจและภาคบังคับ",
	  "- ภายในปีงบประมาณ ๒๕๖๔ ถึง ๒๕๖๖",
	  "- ร้อยละของการจัดทำพื้นที่จัดเก็บข้อมูลองค์ความรู้ที่บุคลากรในหน่วยงานสามารถเข้าถึงได้โดยง่าย "
	  "(เป้าหมายปี ๖๔ ร้อยละ ๘๐ / เป้าหมายปี ๖๕ ร้อยละ ๙๐ / เป้าหมายปี ๖๖ ร้อยละ ๑๐๐)",
	  "- หน่วยงานสามารถสร้างพื้นที่สำหรับกระจาย , เผยแพร่ องค์ความรู้ของเทศบาลและหน่วยงานให้กับบุคลากรในสังกัดเข้าถึงได้โดยง่าย "
	  "อย่างน้อยร้อยละ ๘๐ ของหน่วยงานทั้งหมด โดยเพิ่มขึ้นจนถึงร้อยละ ๑๐๐ ในปี ๒๕๖๖",
	  "- หน่วยงานในสังกัดเทศบาลเมืองฯ", "- รอบการพิจารณา คือ ๓ ปี งบประมาณ",
	  "- เอกสารที่ยืนยันการมีพื้นที่จัดเก็บองค์ความรู้ในองค์กรของหน่วยงาน"}},
};

/* The id of strategy `number` of the plan. */
static int strategy_id(struct db *db, int64_t plan_id, int number, int64_t *id)
{
	return db_query_int(db, "SELECT id FROM km_strategies WHERE plan_id = $1 AND number = $2",
			    DB_ARGS(DB_INT(plan_id), DB_INT(number)), id);
}

int demo_plan(struct db *db, const struct actor *op, int64_t plan_id)
{
	struct plan_fields f = {NULL, NULL, main_goals, focus_areas};
	int rc = plan_update(db, op, plan_id, &f);
	for (size_t i = 0; !rc && i < COUNT(kpis); i++) {
		struct plan_kpi_input in = {0, kpis[i].code, kpis[i].measure, kpis[i].kind, (int)i + 1};
		int64_t kpi = 0;
		rc = strategy_id(db, plan_id, kpis[i].strategy, &in.strategy_id);
		if (!rc)
			rc = plan_kpi_add(db, op, plan_id, &in, &kpi);
		for (int y = 0; !rc && y < 3; y++)
			rc = plan_kpi_target_set(db, op, kpi, 2564 + y, kpis[i].target[y]);
	}
	for (size_t i = 0; !rc && i < COUNT(actions); i++) {
		struct plan_action_input in = actions[i].row;
		rc = strategy_id(db, plan_id, actions[i].strategy, &in.strategy_id);
		if (!rc)
			rc = plan_action_add(db, op, plan_id, &in, NULL);
	}
	return rc;
}

/* The follow-on plan's own indicator (not one of the seed's three): how
 * many of those who answered the yearly follow-up survey say they use what
 * KM activities taught them, entered by the committee for each finished
 * year, with the survey's summary as evidence. */
static const struct {
	int fy, used, answered; /* as the demo's survey summaries say */
} survey[] = {{2567, 52, 80}, {2568, 61, 84}, {2569, 68, 88}};

int demo_plan_results(struct db *db, const struct actor *op)
{
	int64_t plan = 0, kpi = 0, doc = 0;
	int fy_to = 0;
	int rc = db_query_int(db, "SELECT id FROM km_plans WHERE org_id = $1 AND fy_from = 2567",
			      DB_ARGS(DB_INT(op->org_id)), &plan);
	if (!rc)
		rc = db_query_int(db, "SELECT fy_to FROM km_plans WHERE id = $1", DB_ARGS(DB_INT(plan)), &kpi);
	fy_to = (int)kpi;
	struct plan_kpi_input in = {0, "KPI4",
				    "ร้อยละของบุคลากรที่ตอบแบบติดตามผลว่าได้นำความรู้จากกิจกรรมการจัดการความรู้ไปใช้ในการปฏิบัติงาน",
				    "outcome", 4};
	if (!rc)
		rc = strategy_id(db, plan, 2, &in.strategy_id);
	if (!rc)
		rc = plan_kpi_add(db, op, plan, &in, &kpi);
	for (int fy = 2567; !rc && fy <= fy_to; fy++)
		rc = plan_kpi_target_set(db, op, kpi, fy, 70);
	/* The evidence: the year's survey summary, a published article of the
	 * demo's documents (demo_docs_data.c). */
	int this_fy = cal_fiscal_year(cal_today());
	for (size_t i = 0; !rc && i < COUNT(survey) && survey[i].fy < this_fy && survey[i].fy <= fy_to; i++) {
		char title[200], note[300];
		snprintf(title, sizeof title, "สรุปผลแบบติดตามการนำความรู้ไปใช้ในการปฏิบัติงาน ปีงบประมาณ %d", survey[i].fy);
		snprintf(note, sizeof note,
			 "แบบติดตามผลหลังกิจกรรม ส่งคืน %d ชุด ตอบว่าได้นำความรู้ไปใช้ %d ชุด", survey[i].answered,
			 survey[i].used);
		rc = db_query_int(db,
				  "SELECT id FROM documents WHERE org_id = $1 AND title = $2 AND published_at IS NOT NULL",
				  DB_ARGS(DB_INT(op->org_id), DB_TEXT(title)), &doc);
		if (!rc)
			rc = kpi_value_set(db, op, kpi, survey[i].fy, survey[i].used, survey[i].answered, note);
		if (!rc)
			rc = kpi_evidence_add(db, op, kpi, survey[i].fy, title, doc, NULL, NULL);
	}
	return rc;
}
