/* demo: the demo organisation from the seed plan. */
#include "km/demo.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/corner.h"
#include "km/demo_docs.h"
#include "km/doc.h"
#include "km/workflow.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/people.h"
#include "km/plan.h"
#include "km/secret.h"
#include "store/db.h"

struct unit_def {
	const char *code;
	const char *parent;
	const char *name;
};

static const struct unit_def units[] = {
	{"OFFICE", NULL, "สำนักปลัดเทศบาล"},
	{"OFFICE-ADM", "OFFICE", "ฝ่ายอำนวยการ"},
	{"OFFICE-GEN", "OFFICE", "ฝ่ายบริหารงานทั่วไป"},
	{"OFFICE-REG", "OFFICE", "ฝ่ายปกครอง (งานทะเบียนราษฎร)"},
	{"OFFICE-DPM", "OFFICE", "ฝ่ายป้องกันและบรรเทาสาธารณภัย"},
	{"FIN", NULL, "กองคลัง"},
	{"FIN-ADM", "FIN", "ฝ่ายบริหารงานคลัง"},
	{"FIN-REV", "FIN", "ฝ่ายพัฒนารายได้"},
	{"ENG", NULL, "กองช่าง"},
	{"ENG-DES", "ENG", "ฝ่ายแบบแผนและก่อสร้าง"},
	{"ENG-PW", "ENG", "ฝ่ายการโยธา"},
	{"HEALTH", NULL, "กองสาธารณสุขและสิ่งแวดล้อม"},
	{"HEALTH-ADM", "HEALTH", "ฝ่ายบริหารงานสาธารณสุข"},
	{"HEALTH-SVC", "HEALTH", "ฝ่ายบริการสาธารณสุข"},
	{"HEALTH-CTR", "HEALTH", "ศูนย์บริการสาธารณสุข"},
	{"EDU", NULL, "กองการศึกษา"},
	{"EDU-ADM", "EDU", "ฝ่ายบริหารการศึกษา"},
	{"EDU-CUL", "EDU", "ฝ่ายส่งเสริมการศึกษา ศาสนาและวัฒนธรรม"},
	{"STRAT", NULL, "กองยุทธศาสตร์และงบประมาณ"},
	{"STRAT-PLAN", "STRAT", "ฝ่ายแผนงานและงบประมาณ"},
	{"STRAT-IT", "STRAT", "ฝ่ายบริการและเผยแพร่วิชาการ"},
	{"WELFARE", NULL, "กองสวัสดิการสังคม"},
	{"WELFARE-COM", "WELFARE", "ฝ่ายพัฒนาชุมชน"},
	{"WELFARE-SOC", "WELFARE", "ฝ่ายสังคมสงเคราะห์"},
	{"AUDIT", NULL, "หน่วยตรวจสอบภายใน"},
};

struct jobline_def {
	const char *name;
	const char *unit;  /* where its holders work */
	const char *level; /* a typical level */
};

/* 33 job lines, as the seed counts for KPI 2. */
static const struct jobline_def joblines[] = {
	{"นักบริหารงานท้องถิ่น", "OFFICE", "ระดับกลาง"},
	{"นักบริหารงานทั่วไป", "OFFICE", "ระดับต้น"},
	{"นักบริหารงานคลัง", "FIN", "ระดับต้น"},
	{"นักบริหารงานช่าง", "ENG", "ระดับต้น"},
	{"นักบริหารงานสาธารณสุข", "HEALTH", "ระดับต้น"},
	{"นักบริหารงานการศึกษา", "EDU", "ระดับต้น"},
	{"นักบริหารงานสวัสดิการสังคม", "WELFARE", "ระดับต้น"},
	{"นักจัดการงานทั่วไป", "OFFICE", "ชำนาญการ"},
	{"นักทรัพยากรบุคคล", "OFFICE", "ชำนาญการ"},
	{"นิติกร", "OFFICE", "ปฏิบัติการ"},
	{"นักวิเคราะห์นโยบายและแผน", "STRAT", "ชำนาญการ"},
	{"นักวิชาการคอมพิวเตอร์", "STRAT", "ปฏิบัติการ"},
	{"นักประชาสัมพันธ์", "STRAT", "ปฏิบัติการ"},
	{"นักวิชาการเงินและบัญชี", "FIN", "ชำนาญการ"},
	{"นักวิชาการจัดเก็บรายได้", "FIN", "ปฏิบัติการ"},
	{"นักวิชาการพัสดุ", "FIN", "ปฏิบัติการ"},
	{"นักวิชาการตรวจสอบภายใน", "AUDIT", "ชำนาญการ"},
	{"นักวิชาการสาธารณสุข", "HEALTH", "ชำนาญการ"},
	{"นักวิชาการสุขาภิบาล", "HEALTH", "ปฏิบัติการ"},
	{"พยาบาลวิชาชีพ", "HEALTH", "ชำนาญการ"},
	{"นักวิชาการศึกษา", "EDU", "ปฏิบัติการ"},
	{"ศึกษานิเทศก์", "EDU", "ชำนาญการพิเศษ"},
	{"นักพัฒนาชุมชน", "WELFARE", "ชำนาญการ"},
	{"นักสังคมสงเคราะห์", "WELFARE", "ปฏิบัติการ"},
	{"วิศวกรโยธา", "ENG", "ปฏิบัติการ"},
	{"นายช่างโยธา", "ENG", "ชำนาญงาน"},
	{"เจ้าพนักงานธุรการ", "OFFICE", "ปฏิบัติงาน"},
	{"เจ้าพนักงานการเงินและบัญชี", "FIN", "ชำนาญงาน"},
	{"เจ้าพนักงานจัดเก็บรายได้", "FIN", "ปฏิบัติงาน"},
	{"เจ้าพนักงานพัสดุ", "FIN", "ปฏิบัติงาน"},
	{"เจ้าพนักงานทะเบียน", "OFFICE", "ชำนาญงาน"},
	{"เจ้าพนักงานป้องกันและบรรเทาสาธารณภัย", "OFFICE", "ชำนาญงาน"},
	{"เจ้าพนักงานสาธารณสุข", "HEALTH", "ชำนาญงาน"},
};

/* The committee's positions as the seed lists them (names are fictitious). */
struct committee_def {
	const char *position;
	const char *unit;
	int jobline; /* index into joblines */
	const char *role;
};

static const struct committee_def committee[] = {
	{"รองปลัดเทศบาล", "OFFICE", 0, "chair"},
	{"หัวหน้าฝ่ายบริหารงานสาธารณสุข", "HEALTH-ADM", 4, "vice_chair"},
	{"หัวหน้าฝ่ายบริหารการศึกษา", "EDU-ADM", 5, "vice_chair"},
	{"หัวหน้าฝ่ายแผนงานและงบประมาณ", "STRAT-PLAN", 1, "member"},
	{"หัวหน้าฝ่ายบริหารงานทั่วไป", "OFFICE-GEN", 1, "member"},
	{"หัวหน้าฝ่ายบริหารงานคลัง", "FIN-ADM", 2, "member"},
	{"ศึกษานิเทศก์ชำนาญการพิเศษ", "EDU", 21, "member"},
	{"นักจัดการงานทั่วไปชำนาญการ", "OFFICE-GEN", 7, "member"},
	{"นักวิชาการสาธารณสุขชำนาญการ", "HEALTH-SVC", 17, "member"},
	{"เจ้าพนักงานป้องกันและบรรเทาสาธารณภัยชำนาญงาน", "OFFICE-DPM", 31, "member"},
	{"เจ้าพนักงานทะเบียนชำนาญงาน", "OFFICE-REG", 30, "member"},
	{"เจ้าพนักงานสาธารณสุขชำนาญงาน", "HEALTH-CTR", 32, "member"},
	{"เจ้าพนักงานธุรการปฏิบัติงาน", "OFFICE-ADM", 26, "member"},
	{"เจ้าพนักงานธุรการปฏิบัติงาน", "EDU-ADM", 26, "member"},
	{"นักวิชาการศึกษาปฏิบัติการ", "EDU-CUL", 20, "member"},
	{"หัวหน้าฝ่ายอำนวยการ", "OFFICE-ADM", 1, "secretary"},
	{"หัวหน้าฝ่ายบริหารงานทั่วไป", "STRAT-IT", 1, "assistant_secretary"},
};
#define COMMITTEE_SECRETARY 15

struct issue_def {
	const char *title;
	const char *goals[3];
	const char *knowledge[8];
};

/* The seed's section 4 table. */
static const struct issue_def issues[] = {
	{"การพัฒนาด้านการท่องเที่ยว/บริการและคุณภาพอาหาร",
	 {"พัฒนาแหล่งท่องเที่ยว/บริการในเขตเทศบาลให้ได้มาตรฐานและเป็นที่ยอมรับของคนทั่วไป",
	  "คุณภาพอาหารได้มาตรฐานและเป็นที่ยอมรับของคนทั่วไป"},
	 {"การพัฒนาแหล่งท่องเที่ยวตามมาตรฐานกรมการท่องเที่ยว", "มาตรฐานด้านสุขาภิบาลอาหาร"}},
	{"การพัฒนาด้านสาธารณสุขและสิ่งแวดล้อม",
	 {"ประชาชนมีความรู้และจิตสำนึกในการอนุรักษ์สิ่งแวดล้อม",
	  "ประชาชนได้รับบริการสาธารณสุขอย่างทั่วถึงและเพียงพอ"},
	 {"การอนุรักษ์สิ่งแวดล้อมในชุมชน",
	  "มาตรฐานการรักษาพยาบาล ศูนย์แพทย์ และระเบียบวิธีปฏิบัติในการตรวจเยี่ยมผู้ป่วย",
	  "หลักการจัดการสิ่งแวดล้อมอย่างยั่งยืน", "พระราชบัญญัติการสาธารณสุข พ.ศ. 2535",
	  "พระราชบัญญัติรักษาความสะอาดและความเป็นระเบียบเรียบร้อยของบ้านเมือง พ.ศ. 2535 และที่แก้ไขเพิ่มเติม",
	  "พ.ร.บ. ส่งเสริมและรักษาคุณภาพสิ่งแวดล้อมแห่งชาติ พ.ศ. 2535",
	  "ระเบียบกระทรวงมหาดไทย ว่าด้วยค่าใช้จ่ายในการจัดสวัสดิภาพสัตว์ขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2562"}},
	{"การพัฒนาด้านเสริมสร้างสังคมมีสุข",
	 {"สร้างความมั่นคงในสถาบันพระมหากษัตริย์ และความรู้รักสามัคคีของประชาชน",
	  "ยกระดับคุณภาพชีวิตของประชาชนให้สามารถดูแลชีวิต ทรัพย์สินและแก้ไขปัญหายาเสพติดตลอดจนพัฒนาอาชีพสร้างรายได้"},
	 {"พระราชกรณียกิจ และแนวทางการดำรงชีวิต ตามหลักการเศรษฐกิจพอเพียง",
	  "การจัดการความขัดแย้งเชิงสันติ", "การปราบปรามยาเสพติด", "มาตรฐานการส่งเสริมการพัฒนาสตรี",
	  "มาตรฐานการส่งเสริมอาชีพ", "มาตรฐานการสงเคราะห์ผู้สูงอายุ",
	  "มาตรฐานการพัฒนาและสงเคราะห์ผู้พิการ"}},
	{"การพัฒนาด้านโครงสร้างพื้นฐานและกายภาพเมือง",
	 {"ให้เทศบาลมีระบบสาธารณูปโภคและโครงสร้างพื้นฐานที่มีคุณภาพ"},
	 {"การจัดทำผังเมืองอย่างยั่งยืนตามหลักการของกรมโยธาธิการและผังเมือง",
	  "การขออนุญาตปลูกสร้างอาคาร", "การขออนุญาตปรับปรุงอาคาร"}},
	{"การพัฒนาด้านการเสริมสร้างวัฒนธรรมและการเรียนรู้อย่างต่อเนื่อง",
	 {"ยกระดับคุณภาพการศึกษาและการสร้างโอกาสการเรียนรู้ให้ทั่วถึงและเท่าเทียมตลอดจนอนุรักษ์เผยแพร่สืบสานวัฒนธรรมประเพณีท้องถิ่นและการเข้าสู่ประชาคมอาเซียน"},
	 {"มาตรฐานการศึกษาของเยาวชนตามมาตรฐาน สพฐ.", "การปรับตัวสู่ประชาคมอาเซียน AEC",
	  "การจัดกิจกรรมการเรียนรู้การสอนเพื่อสืบสานวัฒนธรรมประเพณีท้องถิ่นโดยใช้นักเรียนเป็นศูนย์กลาง"}},
	{"การบริหารจัดการที่ดี",
	 {"มีระบบบริหารโดยใช้หลักธรรมาภิบาลและมุ่งเน้นประชาชนมีส่วนร่วม"},
	 {"หลักธรรมาภิบาล", "การพัฒนาศักยภาพบุคลากรตามสายงาน"}},
};

static const char vision[] =
	"ก้าวทันเทคโนโลยี มีองค์ความรู้เป็นคู่มือ พัฒนางานและบุคลากร เพื่อคุณภาพชีวิตที่ดีของประชาชน";

static const struct plan_strategy_input strategies[] = {
	{1, "การยกระดับการดำเนินการจัดทำคู่มือปฏิบัติงานที่มีประสิทธิภาพทั้งองค์กร",
	 "การดำเนินการจัดทำคู่มือปฏิบัติงาน ที่สามารถใช้เป็นคู่มือสำหรับผู้ปฏิบัติงานใหม่ หรือผู้ปฏิบัติงานใช้เป็นแนวทางในการปฏิบัติงานได้อย่างถูกต้องตามระเบียบฯ ทุกหน่วยงาน",
	 "การสร้างคู่มือที่มีประสิทธิภาพสามารถสร้างความเข้าใจในกระบวนการทำงานได้โดยง่าย",
	 "ทุกหน่วยงานในสังกัดเทศบาล", "มีคู่มือการปฏิบัติงาน อย่างน้อย 1 เรื่อง/1 หน่วยงาน/1 ปีงบประมาณ",
	 NULL},
	{2, "การพัฒนาบุคลากร และการพัฒนากระบวนการบริการประชาชนให้มีประสิทธิภาพ",
	 "การดำเนินการพัฒนาบุคลากร ผ่านองค์ความรู้ที่เสริมทักษะ และ/หรือคุณภาพชีวิตให้กับบุคลากรผู้ปฏิบัติงาน ผ่านการดำเนินงานแลกเปลี่ยนเรียนรู้ การแบ่งปันประสบการณ์ ผ่านรูปแบบการพัฒนาต่างๆ เช่น การถอดองค์ความรู้ผู้เชี่ยวชาญ การถอดองค์ความรู้จากโครงการฝึกอบรมฯ เป็นต้น",
	 "การดำเนินการพัฒนาบุคลากรด้วยวิธีต่างๆ เพื่อเพิ่มประสิทธิภาพการปฏิบัติงาน",
	 "ทุกหน่วยงานในสังกัดเทศบาล", "มีการพัฒนาบุคลากรในสังกัดเทศบาล ร้อยละ 80", NULL},
	{3, "การสร้างการเข้าถึงองค์ความรู้เรื่องกระบวนการปฏิบัติงาน",
	 "การดำเนินการสร้างแหล่งจัดเก็บและค้นคว้าข้อมูลประจำหน่วยงานในสังกัดเทศบาล ให้ครบทุกหน่วยงานเพื่อใช้เป็นแหล่งศึกษาค้นคว้าองค์ความรู้ต่างๆ ของบุคลากรในหน่วยงาน เพื่อเพิ่มศักยภาพการปฏิบัติงานให้ดียิ่งขึ้น",
	 "สร้าง/กำหนด แหล่งรวมองค์ความรู้ประจำของหน่วยงาน อย่างน้อยหน่วยงานละ 1 แห่ง ที่บุคลากรในหน่วยงานสามารถเข้าใช้และสืบค้นข้อมูลได้โดยง่าย",
	 "ทุกหน่วยงานในสังกัดเทศบาล", "สร้างมุมรวบรวมองค์ความรู้ เพื่อใช้สำหรับค้นคว้าการปฏิบัติงาน", NULL},
};

/* Fictitious names: given names by gender and family names, combined
 * deterministically so the demo is the same every time. */
static const char *const given_m[] = {"สมชาย", "ประเสริฐ", "ณัฐพล", "อนุชา", "ธนากร", "วีระพงษ์",
				      "ปิยะ", "สมศักดิ์", "ชัยวัฒน์", "เกียรติศักดิ์", "กิตติพงษ์",
				      "ศุภชัย", "วรวุฒิ", "ธีรศักดิ์"};
static const char *const given_f[] = {"สมหญิง", "วิไลวรรณ", "กาญจนา", "ศิริพร", "พรทิพย์",
				      "สุดารัตน์", "จิราพร", "มาลัย", "รัตนา", "อรุณี", "นันทนา",
				      "พิมพ์ชนก", "ปวีณา", "สุภาวดี"};
static const char *const family[] = {"ใจดี", "แสงทอง", "ศรีสุข", "บุญมา", "ทองคำ", "พึ่งบุญ",
				     "รักษ์ไทย", "สุขเจริญ", "มั่นคง", "วงศ์ใหญ่", "แก้วมณี",
				     "ชื่นบาน", "ประเสริฐวงศ์", "นาคสวัสดิ์", "อ่อนละมัย", "เพชรรัตน์",
				     "ศรีวิชัย"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void fake_name(unsigned n, char *out, size_t cap)
{
	bool female = n % 2;
	const char *title = female ? (n % 3 ? "นาง" : "นางสาว") : "นาย";
	const char *given = female ? given_f[(n / 2) % COUNT(given_f)] : given_m[(n / 2) % COUNT(given_m)];
	const char *fam = family[(n * 7 + n / 5) % COUNT(family)];
	snprintf(out, cap, "%s%s %s", title, given, fam);
}

struct ids {
	int64_t unit[COUNT(units)];
	int64_t jobline[COUNT(joblines)];
};

static int64_t unit_id(const struct ids *ids, const char *code)
{
	for (size_t i = 0; i < COUNT(units); i++) {
		if (strcmp(units[i].code, code) == 0)
			return ids->unit[i];
	}
	return 0;
}

static int add_person(struct db *db, const struct actor *op, unsigned *seq, const char *position,
		      const char *level, int64_t unit, int64_t jobline, const char *employment,
		      int64_t *id_out)
{
	char name[PERSON_NAME_MAX * 4];
	fake_name((*seq)++, name, sizeof name);
	/* Start dates spread over 1995–2022; retirement at 60 from a plausible birth year. */
	char start[11], retire[11];
	snprintf(start, sizeof start, "%04u-%02u-01", 1995 + (*seq * 7) % 28, 1 + (*seq * 5) % 12);
	snprintf(retire, sizeof retire, "%04u-09-30", 2027 + (*seq * 3) % 25);
	struct person_input in = PERSON_INPUT_UNCHANGED;
	in.name = name;
	in.position = position;
	in.level = level;
	in.unit_id = unit;
	in.job_line_id = jobline;
	in.employment_type = employment;
	in.start_date = start;
	in.retirement_date = retire;
	in.active = 1;
	return person_create(db, op, &in, id_out);
}

static int make_units(struct db *db, const struct actor *op, struct ids *ids)
{
	for (size_t i = 0; i < COUNT(units); i++) {
		struct unit_input in = UNIT_INPUT_UNCHANGED;
		in.name = units[i].name;
		in.code = units[i].code;
		in.parent_id = units[i].parent ? unit_id(ids, units[i].parent) : 0;
		in.sort = (int)i + 1;
		in.active = 1;
		int rc = unit_create(db, op, &in, &ids->unit[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int make_people(struct db *db, const struct actor *op, struct ids *ids, unsigned *seq)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < COUNT(joblines); i++) {
		char code[8];
		snprintf(code, sizeof code, "JL%02zu", i + 1);
		rc = jobline_create(db, op, code, joblines[i].name, &ids->jobline[i]);
	}
	/* Two holders of each job line, plus workers of the other employment types. */
	for (size_t i = 0; !rc && i < COUNT(joblines); i++) {
		char position[256];
		snprintf(position, sizeof position, "%s%s", joblines[i].name, joblines[i].level);
		for (int k = 0; !rc && k < 2; k++)
			rc = add_person(db, op, seq, position, joblines[i].level,
					unit_id(ids, joblines[i].unit), ids->jobline[i],
					"municipal_employee", NULL);
	}
	static const struct {
		const char *position;
		const char *unit;
		const char *type;
	} workers[] = {
		{"พนักงานขับรถยนต์", "OFFICE-GEN", "permanent_worker"},
		{"คนงานทั่วไป", "ENG-PW", "permanent_worker"},
		{"ผู้ช่วยเจ้าพนักงานธุรการ", "FIN-ADM", "contract_worker"},
		{"ผู้ช่วยเจ้าพนักงานสาธารณสุข", "HEALTH-CTR", "contract_worker"},
		{"ผู้ช่วยนักวิชาการศึกษา", "EDU-CUL", "contract_worker"},
		{"พนักงานจ้างทั่วไป", "WELFARE-COM", "contract_worker"},
	};
	for (size_t i = 0; !rc && i < COUNT(workers); i++)
		rc = add_person(db, op, seq, workers[i].position, "", unit_id(ids, workers[i].unit), 0,
				workers[i].type, NULL);
	return rc;
}

static int make_kmap(struct db *db, const struct actor *op)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < COUNT(issues); i++) {
		int64_t issue = 0;
		rc = kmap_issue_create(db, op, (int)i + 1, issues[i].title, &issue);
		for (size_t g = 0; !rc && g < COUNT(issues[i].goals) && issues[i].goals[g]; g++)
			rc = kmap_goal_add(db, op, issue, issues[i].goals[g], NULL);
		for (size_t k = 0; !rc && k < COUNT(issues[i].knowledge) && issues[i].knowledge[k]; k++)
			rc = kmap_rk_create(db, op, issue, issues[i].knowledge[k], 0, NULL);
	}
	return rc;
}

static int make_plans(struct db *db, const struct actor *op)
{
	int64_t plan = 0, next = 0;
	int rc = plan_create(db, op, "แผนการจัดการความรู้ในองค์กร ประจำปีงบประมาณ 2564–2566", 2564, 2566,
			     vision, &plan);
	for (size_t i = 0; !rc && i < COUNT(strategies); i++) {
		struct plan_strategy_input s = strategies[i];
		s.timeframe = "ดำเนินงาน ตั้งแต่ปี 2564–2566";
		rc = plan_strategy_add(db, op, plan, &s, NULL);
	}
	if (!rc)
		rc = demo_plan(db, op, plan);
	/* The follow-on plan, a copy of the seed's, up to the current fiscal
	 * year; its strategies' time frame names the new period. */
	int fy = cal_fiscal_year(cal_today());
	if (fy < 2567)
		fy = 2567;
	if (fy > 2567 + PLAN_MAX_YEARS)
		fy = 2567 + PLAN_MAX_YEARS;
	char frame[128];
	snprintf(frame, sizeof frame, "ดำเนินงาน ตั้งแต่ปี 2567–%d", fy);
	if (!rc)
		rc = plan_copy(db, op, plan, 2567, fy, &next);
	for (size_t i = 0; !rc && i < COUNT(strategies); i++) {
		struct plan_strategy_input s = strategies[i];
		s.timeframe = frame;
		int64_t id = 0;
		rc = db_query_int(db, "SELECT id FROM km_strategies WHERE plan_id = $1 AND number = $2",
				  DB_ARGS(DB_INT(next), DB_INT(s.number)), &id);
		if (!rc)
			rc = plan_strategy_update(db, op, id, &s);
	}
	return rc;
}

static int make_accounts(struct db *db, const struct auth_policy *p, const struct actor *op,
			 struct ids *ids, unsigned *seq, struct demo_result *out)
{
	int rc = 0;
	int64_t person;
	/* The KM committee: a person per position, an account without a
	 * password (no login) for each, but the secretary, who is `committee`. */
	for (size_t i = 0; !rc && i < COUNT(committee); i++) {
		const struct committee_def *c = &committee[i];
		rc = add_person(db, op, seq, c->position, joblines[c->jobline].level,
				unit_id(ids, c->unit), ids->jobline[c->jobline], "municipal_employee",
				&person);
		char login[16];
		snprintf(login, sizeof login, "kmc%02zu", i + 1);
		if (i == COMMITTEE_SECRETARY) {
			snprintf(login, sizeof login, "committee");
			secret_password_new(out->logins[1].password);
			snprintf(out->logins[1].login, sizeof out->logins[1].login, "%s", login);
			out->logins[1].role_th = "คณะกรรมการจัดการความรู้ (เลขานุการ)";
		}
		if (!rc)
			rc = account_create(db, op, p, login,
					    i == COMMITTEE_SECRETARY ? out->logins[1].password : NULL,
					    ROLE_COMMITTEE | ROLE_STAFF, c->role, person, NULL);
	}
	static const struct {
		const char *login;
		int slot;
		const char *position;
		int jobline;
		const char *unit;
		unsigned roles;
		const char *role_th;
	} demo[] = {
		{"admin", 0, "นักวิชาการคอมพิวเตอร์ปฏิบัติการ", 11, "STRAT-IT", ROLE_ADMIN | ROLE_STAFF,
		 "ผู้ดูแลระบบ"},
		{"executive", 2, "ปลัดเทศบาล", 0, "OFFICE", ROLE_EXECUTIVE | ROLE_STAFF,
		 "ผู้บริหาร (ผู้อนุมัติ)"},
		{"unithead", 3, "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม", 4, "HEALTH",
		 ROLE_UNIT_HEAD | ROLE_STAFF, "หัวหน้าหน่วยงาน (กองสาธารณสุขและสิ่งแวดล้อม)"},
		{"staff", 4, "นักวิชาการสาธารณสุขปฏิบัติการ", 17, "HEALTH", ROLE_STAFF,
		 "เจ้าหน้าที่ (กองสาธารณสุขและสิ่งแวดล้อม)"},
	};
	for (size_t i = 0; !rc && i < COUNT(demo); i++) {
		rc = add_person(db, op, seq, demo[i].position, joblines[demo[i].jobline].level,
				unit_id(ids, demo[i].unit), ids->jobline[demo[i].jobline],
				"municipal_employee", &person);
		struct demo_result *r = out;
		int s = demo[i].slot;
		snprintf(r->logins[s].login, sizeof r->logins[s].login, "%s", demo[i].login);
		secret_password_new(r->logins[s].password);
		r->logins[s].role_th = demo[i].role_th;
		if (!rc)
			rc = account_create(db, op, p, demo[i].login, r->logins[s].password,
					    demo[i].roles, NULL, person, NULL);
	}
	return rc;
}

/* The head of each division: the demo's `unithead` heads HEALTH; the others
 * get an account without a password (they cannot log in) so that their
 * division's documents are written and published by someone who holds the
 * role, as the workflow requires. */
static const struct {
	const char *unit;
	const char *position;
	int jobline;
} heads[] = {
	{"OFFICE", "หัวหน้าสำนักปลัดเทศบาล", 1}, {"FIN", "ผู้อำนวยการกองคลัง", 2},
	{"ENG", "ผู้อำนวยการกองช่าง", 3},        {"EDU", "ผู้อำนวยการกองการศึกษา", 5},
	{"STRAT", "ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ", 1},
	{"WELFARE", "ผู้อำนวยการกองสวัสดิการสังคม", 6},
	{"AUDIT", "หัวหน้าหน่วยตรวจสอบภายใน", 16},
};

static int make_heads(struct db *db, const struct auth_policy *p, const struct actor *op,
		      struct ids *ids, unsigned *seq)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < COUNT(heads); i++) {
		int64_t person = 0;
		rc = add_person(db, op, seq, heads[i].position, joblines[heads[i].jobline].level,
				unit_id(ids, heads[i].unit), ids->jobline[heads[i].jobline],
				"municipal_employee", &person);
		char login[32];
		snprintf(login, sizeof login, "head-%s", heads[i].unit);
		for (char *c = login; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		if (!rc)
			rc = account_create(db, op, p, login, NULL, ROLE_UNIT_HEAD | ROLE_STAFF, NULL, person,
					    NULL);
	}
	return rc;
}

/* The head of the division a unit code belongs to. */
static int head_of(struct db *db, int64_t org_id, const struct ids *ids, const char *unit,
		   struct actor *out)
{
	int64_t division = 0, account = 0;
	int rc = db_query_int(db, "SELECT division_id FROM units WHERE id = $1",
			      DB_ARGS(DB_INT(unit_id(ids, unit))), &division);
	if (!rc)
		rc = db_query_int(db,
				  "SELECT c.id FROM accounts c JOIN account_roles r ON r.account_id = c.id"
				  " AND r.role = 'unit_head' JOIN people p ON p.id = c.person_id"
				  " JOIN units u ON u.id = p.unit_id"
				  " WHERE c.org_id = $1 AND u.division_id = $2 ORDER BY c.id LIMIT 1",
				  DB_ARGS(DB_INT(org_id), DB_INT(division)), &account);
	if (!rc)
		rc = account_load_actor(db, account, out);
	if (!rc)
		snprintf(out->ip, sizeof out->ip, "demo");
	return rc;
}

/* A moment in fiscal year `fy`, spread by `n`, never in the future. */
static int64_t moment_in(int fy, unsigned n)
{
	struct date first, last;
	cal_fiscal_range(fy, &first, &last);
	int64_t start = cal_days(first) * 86400 + 2 * 3600; /* 09:00 in Bangkok */
	int64_t t = start + (int64_t)((n * 37u) % 330u) * 86400 + (int64_t)(n % 6) * 3600;
	int64_t latest = (int64_t)time(NULL) - 86400;
	if (t > latest)
		t = start + (latest - start) * (int64_t)(n % 10 + 1) / 12;
	return t;
}

/* Moves the demo's clock on by `days` days, never past a minute ago. */
static void step_clock(int days)
{
	int64_t t = clock_now() + (int64_t)days * 86400, latest = (int64_t)time(NULL) - 60;
	clock_set_as_of(t > latest ? latest : t);
}

/* The actor of the account with `login`, or of the n-th account holding
 * `role` when login is NULL. */
static int demo_actor(struct db *db, int64_t org_id, const char *login, const char *role, int n,
		      struct actor *out)
{
	int64_t account = 0;
	int rc = db_query_int(db,
			      "SELECT c.id FROM accounts c LEFT JOIN account_roles r ON r.account_id = c.id"
			      " AND r.role = $3 WHERE c.org_id = $1 AND (c.login = $2 OR r.role IS NOT NULL)"
			      " ORDER BY c.id LIMIT 1 OFFSET $4",
			      DB_ARGS(DB_INT(org_id), DB_TEXT(login ? login : ""), DB_TEXT(role ? role : ""),
				      DB_INT(n)),
			      &account);
	if (!rc)
		rc = account_load_actor(db, account, out);
	if (!rc)
		snprintf(out->ip, sizeof out->ip, "demo");
	return rc;
}

static int make_docs(struct db *db, int64_t org_id, const struct ids *ids)
{
	/* Reviewers: the committee's members in turn; the approver: the executive. */
	struct actor reviewers[4], executive;
	size_t nreviewers = COUNT(reviewers);
	int rc = demo_actor(db, org_id, "executive", NULL, 0, &executive);
	for (size_t k = 0; !rc && k < nreviewers; k++)
		rc = demo_actor(db, org_id, NULL, "km_committee", (int)(k * 4), &reviewers[k]);
	int waiting = 0;
	for (size_t i = 0; !rc && i < demo_docs_count; i++) {
		const struct demo_doc *d = &demo_docs[i];
		struct actor head;
		rc = head_of(db, org_id, ids, d->unit, &head);
		int64_t covers[4];
		int ncovers = 0;
		for (int k = 0; !rc && k < 4 && d->covers[k]; k++)
			rc = db_query_int(db, "SELECT id FROM required_knowledge WHERE org_id = $1 AND title = $2",
					  DB_ARGS(DB_INT(org_id), DB_TEXT(d->covers[k])), &covers[ncovers++]);
		if (rc)
			break;
		if (d->fy)
			clock_set_as_of(moment_in(d->fy, (unsigned)i));
		struct doc_input in = DOC_INPUT_EMPTY;
		in.title = d->title;
		in.summary = d->summary;
		in.body_md = d->body_md;
		in.kind = d->kind;
		in.visibility = d->visibility;
		in.knowledge_type = !strcmp(d->kind, "expert_knowledge") ? "tacit" : "explicit";
		in.tags = d->tags;
		in.unit_id = unit_id(ids, d->unit);
		in.covers = covers;
		in.ncovers = ncovers;
		in.covers_set = true;
		int64_t id = 0, rev = 0;
		rc = doc_create(db, &head, &in, &id, &rev);
		/* Earlier drafts, each a day apart, as people really work. */
		for (int k = 0; !rc && k < d->revisions; k++) {
			if (d->fy)
				step_clock(1);
			struct doc_input edit = DOC_INPUT_EMPTY;
			edit.base_revision_id = rev;
			edit.note = k == 0 ? "ปรับขั้นตอนตามความเห็นของหัวหน้าฝ่าย" : "แก้ไขถ้อยคำและเอกสารอ้างอิง";
			rc = doc_update(db, &head, id, &edit, &rev);
		}
		/* The workflow as people take it: the head proposes, a committee
		 * member reviews, the executive approves (the memo), the head
		 * publishes — a day or two apart. One draft waits for approval. */
		bool waits = !d->fy && !waiting++;
		for (int s = 0; !rc && (d->fy || waits) && s < 4; s++) {
			static const enum wf_action steps[] = {WF_SUBMIT, WF_REVIEW, WF_APPROVE, WF_PUBLISH};
			if (waits && (steps[s] == WF_APPROVE || steps[s] == WF_PUBLISH))
				break;
			struct wf_rule rule;
			rc = wf_rule_get(db, org_id, d->kind, &rule);
			if (rc || (steps[s] == WF_REVIEW && !rule.review) || (steps[s] == WF_APPROVE && !rule.approve))
				continue;
			struct actor *who = steps[s] == WF_REVIEW ? &reviewers[i % nreviewers]
					    : steps[s] == WF_APPROVE ? &executive
					    : (rule.publish & ROLE_UNIT_HEAD) || steps[s] == WF_SUBMIT
						    ? &head
						    : &reviewers[(i + 1) % nreviewers];
			step_clock(d->fy ? 1 + (int)(i % 2) : 0);
			rc = wf_apply(db, who, id, steps[s], NULL, NULL);
		}
		clock_set_as_of(0);
	}
	/* Past years' notifications were read long ago. */
	if (!rc)
		rc = db_exec(db,
			     "UPDATE notifications SET read_at = created_at + 3600 WHERE org_id = $1 AND created_at < $2",
			     DB_ARGS(DB_INT(org_id), DB_INT((int64_t)time(NULL) - 14 * 86400)));
	return rc;
}

/* Registered KM spaces: some divisions keep their knowledge in a LINE group
 * as well (KPI 3 counts these as accessible spaces). */
static int make_corners(struct db *db, int64_t org_id, const struct ids *ids)
{
	static const struct {
		const char *unit, *intro, *label, *url;
	} corners[] = {
		{"HEALTH", "มุมความรู้ของกองสาธารณสุขและสิ่งแวดล้อม: คู่มือ ความรู้จากการอบรม และช่องทางถามตอบของทีม",
		 "กลุ่มไลน์ KM กองสาธารณสุขฯ", "https://line.me/ti/g/demo-health"},
		{"FIN", "รวมคู่มือการเงิน การคลัง พัสดุ และการจัดเก็บรายได้", "กลุ่มไลน์ กองคลัง",
		 "https://line.me/ti/g/demo-finance"},
		{"OFFICE", "งานสารบรรณ ทะเบียนราษฎร และป้องกันสาธารณภัย", "", ""},
	};
	int rc = 0;
	for (size_t i = 0; !rc && i < COUNT(corners); i++) {
		struct actor head;
		rc = head_of(db, org_id, ids, corners[i].unit, &head);
		if (!rc)
			rc = corner_set(db, &head, unit_id(ids, corners[i].unit), corners[i].intro,
					corners[i].label, corners[i].url);
	}
	return rc;
}

int demo_create(struct db *db, const struct auth_policy *p, struct demo_result *out)
{
	int64_t existing = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM organisations", DB_NOARGS, &existing);
	if (rc)
		return rc;
	if (existing)
		return err_fail(ERR_CONFLICT, NULL, "ฐานข้อมูลนี้มีองค์กรอยู่แล้ว",
				"This database already holds an organisation.");
	memset(out, 0, sizeof *out);
	struct actor op;
	authz_operator(&op, 0);
	if ((rc = db_begin(db)))
		return rc;
	rc = org_create(db, &op, "samutsongkhram-town", "เทศบาลเมืองสมุทรสงคราม",
			"Samut Songkhram Town Municipality", "สมุทรสงคราม", &out->org_id);
	op.org_id = out->org_id;
	struct ids ids = {0};
	unsigned seq = 0;
	/* The organisation's divisions have existed since before the seed plan. */
	clock_set_as_of(1569888000); /* 1 October 2019 */
	if (!rc)
		rc = make_units(db, &op, &ids);
	clock_set_as_of(0);
	if (!rc)
		rc = make_people(db, &op, &ids, &seq);
	if (!rc)
		rc = make_kmap(db, &op);
	if (!rc)
		rc = make_plans(db, &op);
	if (!rc)
		rc = make_accounts(db, p, &op, &ids, &seq, out);
	if (!rc)
		rc = make_heads(db, p, &op, &ids, &seq);
	if (!rc)
		rc = make_docs(db, out->org_id, &ids);
	if (!rc)
		rc = make_corners(db, out->org_id, &ids);
	if (!rc)
		rc = demo_training(db, &op);
	if (!rc)
		rc = demo_communities(db, out->org_id);
	if (!rc)
		rc = demo_expert(db, &op);
	if (!rc)
		rc = demo_plan_results(db, &op);
	rc = db_end(db, rc);
	return rc;
}
