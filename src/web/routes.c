/*
 * routes: the one route table. Each entry: methods, path pattern, handler,
 * flags, the roles of which one is needed, and every parameter the handler
 * may read with its validator. tests/unit/test_route.c checks the table.
 */
#include "web/handlers.h"
#include "web/route.h"

#include "km/audit.h"
#include "km/authz.h"
#include "km/community.h"
#include "km/doc.h"
#include "km/expert.h"
#include "km/mentoring.h"
#include "km/kpi.h"
#include "km/plan.h"
#include "km/report.h"
#include "km/risk.h"
#include "km/training.h"

static const char *const langs[] = {"th", "en", NULL};
static const char *const employment_types[] = {"municipal_employee", "permanent_worker",
					       "contract_worker", NULL};
/* The staff import page: check the file, import it, or its good rows only. */
static const char *const import_modes[] = {"preview", "import", "good_rows_only", NULL};

/* Parameter shorthands: name, where, kind, required, range or length, label. */
#define ID_PATH {"id", PS_PATH, PK_ID, true, 0, 0, NULL, "รหัส"}
#define LINE(n, src, req, max, th) {n, src, PK_LINE, req, 0, max, NULL, th}
#define INT(n, src, lo, hi, th) {n, src, PK_INT, false, lo, hi, NULL, th}
#define PAGE INT("page", PS_QUERY, 1, 1000000, "หน้า"), INT("per_page", PS_QUERY, 1, 1000, "จำนวนต่อหน้า")

#define UNIT_PARAMS(req)                                                              \
	LINE("name", PS_BODY, req, 200, "ชื่อหน่วยงาน"), LINE("code", PS_BODY, false, 32, "รหัสหน่วยงาน"), \
	INT("parent_id", PS_BODY, 0, INT64_MAX, "หน่วยงานแม่"),                          \
	INT("sort", PS_BODY, 0, 100000, "ลำดับ"), INT("active", PS_BODY, 0, 1, "สถานะ")

#define PERSON_PARAMS(req)                                                              \
	LINE("name", PS_BODY, req, 160, "ชื่อ-สกุล"), LINE("position", PS_BODY, false, 200, "ตำแหน่ง"), \
	LINE("level", PS_BODY, false, 100, "ระดับ"), LINE("email", PS_BODY, false, 254, "อีเมล"),      \
	{"employment_type", PS_BODY, PK_ENUM, false, 0, 0, employment_types, "ประเภทการจ้าง"},     \
	{"start_date", PS_BODY, PK_DATE, false, 0, 0, NULL, "วันเริ่มงาน"},                         \
	{"retirement_date", PS_BODY, PK_DATE, false, 0, 0, NULL, "วันเกษียณ"},                      \
	INT("unit_id", PS_BODY, 0, INT64_MAX, "หน่วยงาน"),                                     \
	INT("job_line_id", PS_BODY, 0, INT64_MAX, "สายงาน"), INT("active", PS_BODY, 0, 1, "สถานะ")

#define JOBLINE_PARAMS(req) LINE("code", PS_BODY, req, 32, "รหัสสายงาน"), LINE("name", PS_BODY, req, 200, "ชื่อสายงาน")

static const char *const ktypes[] = {"explicit", "tacit", NULL};
static const char *const statuses[] = {"draft", "submitted", "reviewed", "approved", "published",
				       "retired", NULL};
static const char *const formats[] = {"md", "pdf", NULL};

/* A document's fields, for create (title, kind, unit required) and update. */
#define DOC_PARAMS(req)                                                                      \
	LINE("title", PS_BODY, req, DOC_TITLE_MAX, "ชื่อเรื่อง"),                                \
	{"summary", PS_BODY, PK_TEXT, false, 0, DOC_SUMMARY_MAX, NULL, "บทคัดย่อ"},                \
	{"body_md", PS_BODY, PK_TEXT, false, 0, DOC_BODY_MAX, NULL, "เนื้อหา"},                    \
	{"kind", PS_BODY, PK_ENUM, req, 0, 0, doc_kinds, "ประเภทเอกสาร"},                          \
	{"unit_id", PS_BODY, PK_ID, req, 0, 0, NULL, "หน่วยงาน"},                                  \
	{"visibility", PS_BODY, PK_ENUM, false, 0, 0, doc_visibilities, "การเผยแพร่"},             \
	{"knowledge_type", PS_BODY, PK_ENUM, false, 0, 0, ktypes, "ประเภทความรู้"},                \
	{"review_due", PS_BODY, PK_DATE, false, 0, 0, NULL, "วันครบกำหนดทบทวน"},                   \
	LINE("tags", PS_BODY, false, 1100, "แท็ก"), LINE("note", PS_BODY, false, 300, "บันทึกการแก้ไข"), \
	{"covers", PS_BODY, PK_IDLIST, false, 0, DOC_COVERS_MAX, NULL, "องค์ความรู้ที่ครอบคลุม"}

#define DOC_FILTERS                                                                         \
	{"kind", PS_QUERY, PK_ENUM, false, 0, 0, doc_kinds, "ประเภท"},                              \
	{"status", PS_QUERY, PK_ENUM, false, 0, 0, statuses, "สถานะ"},                              \
	LINE("tag", PS_QUERY, false, DOC_TAG_MAX, "แท็ก"), INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน"), \
	INT("fy", PS_QUERY, 2500, 2700, "ปีงบประมาณ")

/* Search: the query (doc_search checks its 500 bytes and says so on the
 * page; this cap only bounds what reaches it), the filters and the page. */
#define SEARCH_PARAMS                                                                       \
	LINE("q", PS_QUERY, false, 2000, "คำค้น"),                                                \
	{"kind", PS_QUERY, PK_ENUM, false, 0, 0, doc_kinds, "ประเภท"},                              \
	{"status", PS_QUERY, PK_ENUM, false, 0, 0, statuses, "สถานะ"},                              \
	INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน"),                                        \
	INT("issue_id", PS_QUERY, 0, INT64_MAX, "ประเด็นยุทธศาสตร์"), INT("fy", PS_QUERY, 2500, 2700, "ปีงบประมาณ"), \
	PAGE

/* Workflow: a step with its comment (wf_apply checks 2,000 characters and
 * whether the step needs one), a reviewer's comment, an approval memo, a
 * kind's rule. */
static const char *const wf_actions[] = {"submit", "review", "request_changes", "approve", "reject",
					 "publish", "retire", NULL};
static const char *const role_names[] = {"admin", "km_committee", "executive", "unit_head", "staff", NULL};
static const char *const memo_formats[] = {"html", "pdf", "json", NULL};
#define WF_COMMENT_PARAM {"comment", PS_BODY, PK_TEXT, false, 0, 2000, NULL, "ความเห็น"}
#define WF_STEP {"action", PS_BODY, PK_ENUM, true, 0, 0, wf_actions, "การดำเนินการ"}, WF_COMMENT_PARAM
#define WF_COMMENT LINE("section", PS_BODY, false, 300, "หัวข้อ"), {"body", PS_BODY, PK_TEXT, true, 0, 2000, NULL, "ความเห็น"}
#define MEMO_PARAMS {"format", PS_QUERY, PK_ENUM, false, 0, 0, memo_formats, "รูปแบบ"}, INT("memo_id", PS_QUERY, 0, INT64_MAX, "บันทึก")
#define WF_ROLES(n, th) {n, PS_BODY, PK_ENUMLIST, false, 0, 5, role_names, th}
#define WF_RULE                                                                                 \
	{"kind", PS_BODY, PK_ENUM, true, 0, 0, doc_kinds, "ประเภทเอกสาร"},                             \
	WF_ROLES("submit", "ผู้เสนอ"), WF_ROLES("review", "ผู้ทบทวน"), WF_ROLES("approve", "ผู้อนุมัติ"), \
	WF_ROLES("publish", "ผู้เผยแพร่"), {"publish_public", PS_BODY, PK_BOOL, false, 0, 0, NULL, "เผยแพร่ต่อสาธารณะ"}

/* Development activities: numbers arrive as text (hours and baht may have
 * decimals; km/training checks their range). */
#define ACTIVITY_PARAMS(req)                                                                     \
	LINE("title", PS_BODY, req, 300, "ชื่อกิจกรรม"),                                               \
	{"kind", PS_BODY, PK_ENUM, req, 0, 0, training_kinds, "ประเภทกิจกรรม"},                        \
	LINE("provider", PS_BODY, false, 300, "ผู้จัด"), LINE("location", PS_BODY, false, 300, "สถานที่"), \
	{"start_date", PS_BODY, PK_DATE, req, 0, 0, NULL, "วันเริ่ม"},                                  \
	{"end_date", PS_BODY, PK_DATE, req, 0, 0, NULL, "วันสิ้นสุด"},                                  \
	LINE("hours", PS_BODY, false, 12, "จำนวนชั่วโมง"), LINE("cost", PS_BODY, false, 16, "ค่าใช้จ่าย"), \
	INT("internal", PS_BODY, 0, 1, "จัดภายในองค์กร"),                                             \
	{"description", PS_BODY, PK_TEXT, false, 0, 4000, NULL, "รายละเอียด"}
#define PARTICIPANTS {"person_ids", PS_BODY, PK_IDLIST, true, 0, 500, NULL, "ผู้เข้าร่วม"}
#define REPORT_PARAMS                                                                            \
	{"learned", PS_BODY, PK_TEXT, true, 0, 4000, NULL, "สิ่งที่ได้เรียนรู้"},                         \
	{"apply", PS_BODY, PK_TEXT, true, 0, 4000, NULL, "การนำไปใช้"},                                 \
	{"change", PS_BODY, PK_TEXT, false, 0, 4000, NULL, "ข้อเสนอเพื่อการปรับปรุง"}
#define FY_PARAM INT("fy", PS_QUERY, 2400, 2700, "ปีงบประมาณ")

/* Expert knowledge capture (km/expert checks every length again); the
 * knowledge-at-risk report's horizon in years. */
#define EXPERT_TEXT(n, th) {n, PS_BODY, PK_TEXT, false, 0, EXPERT_TEXT_MAX, NULL, th}
#define EXPERT_PARAMS(req)                                                                       \
	{"expert_person_id", PS_BODY, PK_ID, req, 0, 0, NULL, "ผู้เชี่ยวชาญ"},                          \
	LINE("interviewer_name", PS_BODY, false, EXPERT_NAME_MAX, "ผู้สัมภาษณ์"),                        \
	LINE("topic", PS_BODY, req, EXPERT_TOPIC_MAX, "เรื่อง"),                                        \
	{"date", PS_BODY, PK_DATE, req, 0, 0, NULL, "วันที่สัมภาษณ์"},                                   \
	EXPERT_TEXT("context", "บริบทของงาน"), EXPERT_TEXT("key_tasks", "งานหลัก"),                     \
	EXPERT_TEXT("decision_rules", "หลักการตัดสินใจ"), EXPERT_TEXT("pitfalls", "ข้อควรระวัง"),          \
	EXPERT_TEXT("who_to_ask", "ผู้ที่ควรสอบถาม"), EXPERT_TEXT("documents_used", "เอกสารที่ใช้"),       \
	LINE("tags", PS_BODY, false, EXPERT_TAGS_CHARS, "แท็ก"),                                        \
	INT("rk_id", PS_BODY, 0, INT64_MAX, "องค์ความรู้ที่จำเป็น")
#define EXPERT_CREATE EXPERT_PARAMS(true), INT("interviewer_account_id", PS_BODY, 0, INT64_MAX, "บัญชีผู้สัมภาษณ์")
#define CONSENT_PARAMS                                                                           \
	{"consent_given", PS_BODY, PK_BOOL, false, 0, 0, NULL, "ความยินยอม"},                           \
	LINE("consent_note", PS_BODY, false, EXPERT_NOTE_MAX, "วิธีที่ได้รับความยินยอม")
#define RISK_YEARS INT("years", PS_QUERY, RISK_YEARS_MIN, RISK_YEARS_MAX, "จำนวนปี")
#define RISK_READERS (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE)

#define EQUIV_TERMS LINE("terms", PS_BODY, true, 1000, "กลุ่มคำ")
/* An organisation's word: km/find checks its letters and its 64 characters
 * and says so on the page with the text kept; this cap only bounds what
 * reaches it. */
#define SEARCH_WORD LINE("word", PS_BODY, true, 200, "คำศัพท์")

/* The audit trail's filters (km/audit checks them again). */
#define AUDIT_FILTERS                                                                       \
	LINE("actor", PS_QUERY, false, AUDIT_FILTER_MAX, "ผู้กระทำ"),                                \
	LINE("action", PS_QUERY, false, AUDIT_FILTER_MAX, "การกระทำ"),                               \
	LINE("target_type", PS_QUERY, false, AUDIT_FILTER_MAX, "ประเภทเป้าหมาย"),                   \
	INT("target_id", PS_QUERY, 0, INT64_MAX, "รหัสเป้าหมาย"),                                    \
	{"from", PS_QUERY, PK_DATE, false, 0, 0, NULL, "ตั้งแต่วันที่"},                               \
	{"to", PS_QUERY, PK_DATE, false, 0, 0, NULL, "ถึงวันที่"},                                      \
	LINE("ip", PS_QUERY, false, AUDIT_FILTER_MAX, "ที่อยู่ไอพี")

/* Communities of practice and mentoring (km/community and km/mentoring
 * check every length and count again). */
#define COMMUNITY_PARAMS(req)                                                                   \
	LINE("name", PS_BODY, req, COMMUNITY_NAME_MAX, "ชื่อชุมชน"),                                     \
	{"description", PS_BODY, PK_TEXT, false, 0, COMMUNITY_DESC_MAX, NULL, "คำอธิบาย"},              \
	INT("facilitator_account_id", PS_BODY, 0, INT64_MAX, "ผู้อำนวยความสะดวก"),                      \
	INT("issue_id", PS_BODY, 0, INT64_MAX, "ประเด็นยุทธศาสตร์"), INT("active", PS_BODY, 0, 1, "สถานะ")
#define TID_PATH {"tid", PS_PATH, PK_ID, true, 0, 0, NULL, "กระทู้"}
#define POST_BODY {"body_md", PS_BODY, PK_TEXT, true, 0, COMMUNITY_BODY_MAX, NULL, "ข้อความ"}
#define THREAD_PARAMS LINE("title", PS_BODY, true, COMMUNITY_TITLE_MAX, "หัวข้อกระทู้"), POST_BODY
#define ANSWER_PARAM {"reply_id", PS_BODY, PK_INT, true, 0, INT64_MAX, NULL, "คำตอบ"}
#define LOCK_PARAM INT("locked", PS_BODY, 0, 1, "ปิดการตอบ")
#define TO_DOC_PARAM {"kind", PS_BODY, PK_ENUM, false, 0, 0, community_doc_kinds, "ประเภทเอกสาร"}
#define MEMBER_PATH {"account_id", PS_PATH, PK_ID, true, 0, 0, NULL, "สมาชิก"}
#define MEETING_PARAMS                                                                           \
	{"date", PS_BODY, PK_DATE, true, 0, 0, NULL, "วันที่ประชุม"},                                     \
	LINE("title", PS_BODY, true, COMMUNITY_TITLE_MAX, "หัวข้อการประชุม"),                            \
	{"notes_md", PS_BODY, PK_TEXT, false, 0, COMMUNITY_NOTES_MAX, NULL, "บันทึกการประชุม"},           \
	INT("attendees", PS_BODY, 0, COMMUNITY_ATTENDEES_MAX, "จำนวนผู้เข้าร่วม")
#define MENTORING_PARAMS(req)                                                                    \
	{"mentor_person_id", PS_BODY, PK_ID, req, 0, 0, NULL, "พี่เลี้ยง"},                              \
	{"mentee_person_id", PS_BODY, PK_ID, req, 0, 0, NULL, "ผู้รับการดูแล"},                          \
	{"goals", PS_BODY, PK_TEXT, false, 0, MENTORING_GOALS_MAX, NULL, "เป้าหมาย"},                    \
	{"start_date", PS_BODY, PK_DATE, req, 0, 0, NULL, "วันเริ่มต้น"},                                 \
	{"end_date", PS_BODY, PK_DATE, false, 0, 0, NULL, "วันสิ้นสุด"}, INT("active", PS_BODY, 0, 1, "สถานะ")
#define MENTORING_LOG                                                                            \
	{"date", PS_BODY, PK_DATE, true, 0, 0, NULL, "วันที่"},                                           \
	{"note", PS_BODY, PK_TEXT, true, 0, MENTORING_NOTE_MAX, NULL, "บันทึก"}

/* Recognition: who signs a certificate (km/recognition takes the
 * organisation's executive when no name is given); personal data: the
 * export's format and the confirmation an anonymisation needs. */
#define SIGNER_PARAMS                                                                            \
	LINE("signer_name", PS_QUERY, false, 200, "ชื่อผู้ลงนาม"),                                      \
	LINE("signer_position", PS_QUERY, false, 200, "ตำแหน่งผู้ลงนาม")
#define CERT_PERSON {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "บุคลากร"}
static const char *const export_formats[] = {"json", "csv", NULL};
#define EXPORT_FORMAT {"format", PS_QUERY, PK_ENUM, false, 0, 0, export_formats, "รูปแบบ"}
#define CONFIRM_PARAM {"confirm", PS_BODY, PK_BOOL, true, 0, 0, NULL, "ยืนยันการปกปิดตัวตน"}

/* The KM plan (km/plan checks every length again). */
static const char *const kpi_kinds[] = {"output", "outcome", "system", NULL};
#define PLAN_FIELDS                                                                                  \
	LINE("title", PS_BODY, false, PLAN_TITLE_MAX, "ชื่อแผน"),                                          \
	{"vision", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "วิสัยทัศน์"},                          \
	{"main_goals", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "เป้าหมายหลัก"},                    \
	{"focus_areas", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "จุดเน้นการจัดการความรู้"}
#define PLAN_KPI_PARAMS                                                                              \
	INT("kpi_id", PS_BODY, 0, INT64_MAX, "ตัวชี้วัด"), INT("strategy_id", PS_BODY, 0, INT64_MAX, "ยุทธศาสตร์"), \
	LINE("code", PS_BODY, true, PLAN_CODE_MAX, "รหัสตัวชี้วัด"),                                      \
	{"measure", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "ตัวชี้วัด"},                          \
	{"kind", PS_BODY, PK_ENUM, true, 0, 0, kpi_kinds, "ประเภทตัวชี้วัด"},                              \
	INT("sort", PS_BODY, 0, 10000, "ลำดับ"), LINE("targets", PS_BODY, false, 200, "ค่าเป้าหมายรายปี")
#define PLAN_ACTION_PARAMS                                                                           \
	INT("action_id", PS_BODY, 0, INT64_MAX, "รายการ"), INT("strategy_id", PS_BODY, 0, INT64_MAX, "ยุทธศาสตร์"), \
	INT("sort", PS_BODY, 0, 10000, "ลำดับ"),                                                           \
	{"activity", PS_BODY, PK_TEXT, true, 0, PLAN_TEXT_MAX, NULL, "กิจกรรม"},                           \
	{"method", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "วิธีการสู่ความสำเร็จ"},                 \
	LINE("period", PS_BODY, false, PLAN_LINE_MAX, "ระยะเวลา"),                                         \
	{"kpi", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "ตัวชี้วัด"},                              \
	{"target", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "เป้าหมาย"},                            \
	LINE("responsible", PS_BODY, false, PLAN_LINE_MAX, "ผู้รับผิดชอบ"),                                \
	{"note", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "หมายเหตุ"},                             \
	{"evidence", PS_BODY, PK_TEXT, false, 0, PLAN_TEXT_MAX, NULL, "เอกสารประกอบ"}
#define PLAN_ITEM {"item", PS_PATH, PK_ID, true, 0, 0, NULL, "รายการ"}
#define PLAN_COPY_PARAMS INT("fy_from", PS_BODY, 2500, 2700, "ปีเริ่มต้น"), INT("fy_to", PS_BODY, 2500, 2710, "ปีสิ้นสุด")

#define DOC_BODY_LIMIT ((size_t)4 << 20) /* 1 MB of Thai Markdown, percent-encoded */

#define ADMIN ROLE_ADMIN
#define KMAP_EDITORS (ROLE_ADMIN | ROLE_COMMITTEE)

/* The committee's own indicators (km/kpi checks every value again). */
#define KPI_FY_BODY {"fy", PS_BODY, PK_INT, true, 2400, 2700, NULL, "ปีงบประมาณ"}
#define KPI_VALUE_PARAMS                                                                                      \
	KPI_FY_BODY, {"numerator", PS_BODY, PK_INT, true, 0, KPI_COUNT_MAX, NULL, "ตัวตั้ง"},                   \
		{"denominator", PS_BODY, PK_INT, true, 1, KPI_COUNT_MAX, NULL, "ตัวหาร"},                         \
		{"note", PS_BODY, PK_TEXT, false, 0, KPI_NOTE_MAX, NULL, "หมายเหตุ"}
#define KPI_EVIDENCE_PARAMS                                                                                   \
	KPI_FY_BODY, LINE("title", PS_BODY, true, KPI_EVIDENCE_TITLE_MAX, "ชื่อหลักฐาน"),                          \
		INT("document_id", PS_BODY, 0, INT64_MAX, "เลขที่เอกสาร"),                                          \
		LINE("url", PS_BODY, false, KPI_URL_MAX, "ลิงก์")

/* The annual monitoring and evaluation report (km/report checks every length again). */
#define REPORT_PUBLIC {"public", PS_BODY, PK_BOOL, false, 0, 0, NULL, "เผยแพร่ต่อสาธารณะ"}
static const char *const report_formats[] = {"pdf", "xlsx", "html", "json", NULL};
static const char *const report_digits[] = {"thai", "arabic", NULL};
#define REPORT_FY_BODY {"fy", PS_BODY, PK_INT, true, 2400, 2700, NULL, "ปีงบประมาณ"}
#define REPORT_VIEW_PARAMS                                                                            \
	ID_PATH, {"format", PS_QUERY, PK_ENUM, false, 0, 0, report_formats, "รูปแบบ"},                    \
	{"digits", PS_QUERY, PK_ENUM, false, 0, 0, report_digits, "ตัวเลข"}
#define REPORT_TEXT_PARAMS                                                                            \
	ID_PATH, {"problems", PS_BODY, PK_TEXT, false, 0, REPORT_TEXT_MAX, NULL, "ปัญหาและอุปสรรค"},       \
	{"proposals", PS_BODY, PK_TEXT, false, 0, REPORT_TEXT_MAX, NULL, "ข้อเสนอแนะ"}

const struct route web_routes[] = {
	/* Pages */
	{HTTP_GET, "/", h_home, RF_PUBLIC_CACHE, 0, 0, {{0}}},
	{HTTP_GET, "/login", h_login_form, 0, 0, 0, {LINE("next", PS_QUERY, false, 500, "หน้าถัดไป")}},
	{HTTP_POST, "/login", h_login, RF_SLOW, 0, 0,
	 {LINE("login", PS_BODY, true, 64, "ชื่อผู้ใช้"),
	  {"password", PS_BODY, PK_SECRET, true, 0, 256, NULL, "รหัสผ่าน"},
	  LINE("next", PS_BODY, false, 500, "หน้าถัดไป")}},
	{HTTP_POST, "/logout", h_logout, 0, 0, 0, {{0}}},
	/* The language is the client's own preference cookie; no server state
	 * changes, so a plain link can switch it (and public pages stay free of
	 * per-visitor tokens). */
	{HTTP_GET, "/lang", h_lang, 0, 0, 0,
	 {{"to", PS_QUERY, PK_ENUM, true, 0, 0, langs, "ภาษา"}, LINE("next", PS_QUERY, false, 500, "หน้าถัดไป")}},
	{HTTP_GET, "/org", h_org, RF_AUTH, 0, 0, {INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน")}},
	{HTTP_GET, "/kmap", h_kmap, RF_PUBLIC_CACHE, 0, 0, {{0}}},
	/* The KM plan: public; the committee and admins edit it. */
	{HTTP_GET, "/plans", h_plans, 0, 0, 0, {{0}}},
	{HTTP_GET, "/plans/{id}", h_plan, 0, 0, 0, {ID_PATH}},
	{HTTP_GET, "/plans/{id}/edit", h_plan_edit, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH}},
	{HTTP_POST, "/plans/{id}", h_plan_update, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_FIELDS}},
	{HTTP_POST, "/plans/{id}/kpis", h_plan_kpi_save, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_KPI_PARAMS}},
	{HTTP_POST, "/plans/{id}/kpis/{item}/delete", h_plan_kpi_delete, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_ITEM}},
	{HTTP_POST, "/plans/{id}/actions", h_plan_action_save, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_ACTION_PARAMS}},
	{HTTP_POST, "/plans/{id}/actions/{item}/delete", h_plan_action_delete, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, PLAN_ITEM}},
	{HTTP_POST, "/plans/{id}/copy", h_plan_copy, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_COPY_PARAMS}},
	/* Search: the miss log is written after the reads, so no snapshot. */
	{HTTP_GET, "/search", h_search, RF_NO_SNAPSHOT, 0, 0, {SEARCH_PARAMS}},
	{HTTP_GET, "/static/{name}", h_static, 0, 0, 0,
	 {LINE("name", PS_PATH, true, 100, "ไฟล์"), LINE("v", PS_QUERY, false, 32, "รุ่น")}},
	{HTTP_GET, "/favicon.ico", h_favicon, 0, 0, 0, {{0}}},

	/* The knowledge repository */
	{HTTP_GET, "/docs", h_docs, 0, 0, 0,
	 {DOC_FILTERS, INT("issue_id", PS_QUERY, 0, INT64_MAX, "ประเด็นยุทธศาสตร์"),
	  INT("rk_id", PS_QUERY, 0, INT64_MAX, "องค์ความรู้"), INT("page", PS_QUERY, 1, 1000000, "หน้า")}},
	{HTTP_GET, "/portal", h_portal, RF_PUBLIC_CACHE, 0, 0, {{0}}},
	{HTTP_GET, "/docs/review", h_docs_review, RF_AUTH, 0, 0, {INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน")}},
	{HTTP_GET, "/docs/new", h_doc_new, RF_AUTH, 0, 0,
	 {{"kind", PS_QUERY, PK_ENUM, false, 0, 0, doc_kinds, "ประเภท"}, INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน")}},
	{HTTP_POST, "/docs", h_doc_create, RF_AUTH, 0, DOC_BODY_LIMIT, {DOC_PARAMS(true)}},
	{HTTP_GET, "/docs/import", h_doc_import_form, RF_AUTH, 0, 0, {{0}}},
	{HTTP_POST, "/docs/import", h_doc_import, RF_AUTH | RF_UPLOAD | RF_SLOW, 0, 0,
	 {{"unit_id", PS_BODY, PK_ID, true, 0, 0, NULL, "หน่วยงาน"},
	  {"kind", PS_BODY, PK_ENUM, true, 0, 0, doc_kinds, "ประเภทเอกสาร"}}},
	{HTTP_GET, "/docs/{id}", h_doc, 0, 0, 0, {ID_PATH, INT("rev", PS_QUERY, 0, INT64_MAX, "ฉบับ")}},
	{HTTP_POST, "/docs/{id}", h_doc_update, RF_AUTH, 0, DOC_BODY_LIMIT,
	 {ID_PATH, DOC_PARAMS(false), {"base_revision_id", PS_BODY, PK_ID, true, 0, 0, NULL, "ฉบับที่เริ่มแก้ไข"}}},
	{HTTP_GET, "/docs/{id}/edit", h_doc_edit, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_GET, "/docs/{id}/history", h_doc_history, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_GET, "/docs/{id}/diff", h_doc_diff, RF_AUTH, 0, 0,
	 {ID_PATH, {"a", PS_QUERY, PK_ID, true, 0, 0, NULL, "ฉบับเดิม"}, {"b", PS_QUERY, PK_ID, true, 0, 0, NULL, "ฉบับใหม่"}}},
	{HTTP_POST, "/docs/{id}/restore", h_doc_restore, RF_AUTH, 0, 0,
	 {ID_PATH, {"revision_id", PS_BODY, PK_ID, true, 0, 0, NULL, "ฉบับ"}}},
	{HTTP_POST, "/docs/{id}/transitions", h_doc_transition, RF_AUTH, 0, 0, {ID_PATH, WF_STEP}},
	{HTTP_GET, "/docs/{id}/review", h_doc_review, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/docs/{id}/comments", h_doc_comment, RF_AUTH, 0, 0, {ID_PATH, WF_COMMENT}},
	{HTTP_GET, "/docs/{id}/memo", h_doc_memo, RF_SLOW, 0, 0, {ID_PATH, MEMO_PARAMS}},
	{HTTP_GET, "/memos", h_memos, RF_AUTH, 0, 0, {INT("fy", PS_QUERY, 0, 2700, "ปีงบประมาณ")}},
	{HTTP_GET, "/inbox", h_inbox, RF_AUTH, 0, 0, {{0}}},
	{HTTP_GET, "/development", h_development, RF_AUTH, 0, 0, {FY_PARAM}},
	{HTTP_GET, "/dashboard", h_kpi, RF_AUTH, 0, 0, {FY_PARAM}},
	/* The committee's own indicators: results and evidence (km/kpi checks again). */
	{HTTP_POST, "/kpi/{id}/value", h_kpi_value, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, KPI_VALUE_PARAMS}},
	{HTTP_POST, "/kpi/{id}/value/delete", h_kpi_value_clear, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, KPI_FY_BODY}},
	{HTTP_POST, "/kpi/{id}/evidence", h_kpi_evidence_add, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, KPI_EVIDENCE_PARAMS}},
	{HTTP_POST, "/kpi/evidence/{id}/delete", h_kpi_evidence_delete, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, KPI_FY_BODY}},
	{HTTP_GET, "/activities/new", h_activity_new, RF_AUTH, ROLE_ADMIN | ROLE_COMMITTEE | ROLE_UNIT_HEAD, 0, {{0}}},
	{HTTP_POST, "/activities", h_activity_create, RF_AUTH, 0, 0, {ACTIVITY_PARAMS(true)}},
	{HTTP_GET, "/activities/{id}", h_activity, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/activities/{id}", h_activity_update, RF_AUTH, 0, 0, {ID_PATH, ACTIVITY_PARAMS(false)}},
	{HTTP_POST, "/activities/{id}/participants", h_activity_participants, RF_AUTH, 0, 0, {ID_PATH, PARTICIPANTS}},
	{HTTP_POST, "/activities/{id}/participants/{person_id}/remove", h_activity_participant_remove, RF_AUTH, 0, 0,
	 {ID_PATH, {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "ผู้เข้าร่วม"}}},
	{HTTP_POST, "/activities/{id}/report", h_activity_report, RF_AUTH, 0, 0, {ID_PATH, REPORT_PARAMS}},
	{HTTP_POST, "/activities/{id}/participants/{person_id}/certificate", h_activity_certificate_upload,
	 RF_AUTH | RF_UPLOAD, 0, 0, {ID_PATH, {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "ผู้เข้าร่วม"}}},
	{HTTP_GET, "/activities/{id}/participants/{person_id}/certificate", h_activity_certificate, RF_AUTH | RF_NO_SNAPSHOT, 0, 0,
	 {ID_PATH, {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "ผู้เข้าร่วม"}, INT("inline", PS_QUERY, 0, 1, "เปิดในเบราว์เซอร์")}},
	{HTTP_GET, "/people/{id}/development", h_person_development, RF_AUTH | RF_NO_SNAPSHOT, 0, 0, {ID_PATH}},
	/* Recognition; a certificate is recorded in the audit trail, so no snapshot. */
	{HTTP_GET, "/recognition", h_recognition, RF_AUTH, 0, 0, {FY_PARAM, SIGNER_PARAMS}},
	{HTTP_GET, "/recognition/{person_id}/certificate", h_recognition_certificate,
	 RF_AUTH | RF_SLOW | RF_NO_SNAPSHOT, ROLE_ADMIN | ROLE_COMMITTEE, 0, {CERT_PERSON, FY_PARAM, SIGNER_PARAMS}},
	{HTTP_GET, "/me/data", h_me_data, RF_AUTH, 0, 0, {{0}}},
	/* Expert knowledge capture; the report records its reading, so no snapshot. */
	{HTTP_GET, "/experts", h_experts, RF_AUTH, 0, 0, {PAGE}},
	{HTTP_GET, "/experts/new", h_expert_new, RF_AUTH, 0, 0, {{0}}},
	{HTTP_POST, "/experts", h_expert_create, RF_AUTH, 0, 0, {EXPERT_CREATE}},
	{HTTP_GET, "/experts/{id}", h_expert, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/experts/{id}", h_expert_update, RF_AUTH, 0, 0, {ID_PATH, EXPERT_PARAMS(false)}},
	{HTTP_POST, "/experts/{id}/consent", h_expert_consent, RF_AUTH, 0, 0, {ID_PATH, CONSENT_PARAMS}},
	{HTTP_POST, "/experts/{id}/document", h_expert_document, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_GET, "/reports/knowledge-at-risk", h_knowledge_risk, RF_AUTH | RF_NO_SNAPSHOT, RISK_READERS, 0, {RISK_YEARS}},
	/* The annual report: read by every account; the committee and admins write it.
	 * After knowledge-at-risk: the first route that matches a path wins. */
	{HTTP_GET, "/reports", h_reports, RF_AUTH, 0, 0, {FY_PARAM}},
	{HTTP_POST, "/reports", h_report_create, RF_AUTH, KMAP_EDITORS, 0, {REPORT_FY_BODY}},
	{HTTP_GET, "/reports/{id}", h_report, RF_AUTH | RF_SLOW, 0, 0, {REPORT_VIEW_PARAMS}},
	{HTTP_POST, "/reports/{id}", h_report_update, RF_AUTH, KMAP_EDITORS, 0, {REPORT_TEXT_PARAMS}},
	{HTTP_POST, "/reports/{id}/submit", h_report_submit, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH}},
	{HTTP_POST, "/reports/{id}/publish", h_report_publish, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, REPORT_PUBLIC}},
	/* A submitted report the committee published: anyone reads it here (ITA). */
	{HTTP_GET, "/public/reports/{id}", h_report, RF_SLOW, 0, 0, {REPORT_VIEW_PARAMS}},
	{HTTP_GET, "/notifications", h_notifications, RF_AUTH, 0, 0, {PAGE}},
	{HTTP_POST, "/notifications/read", h_notifications_read, RF_AUTH, 0, 0, {INT("id", PS_BODY, 0, INT64_MAX, "รายการ")}},
	{HTTP_GET, "/admin/workflow", h_workflow_rules, RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/admin/workflow", h_workflow_rule_set, RF_AUTH, ADMIN, 0, {WF_RULE}},
	{HTTP_POST, "/docs/{id}/ack", h_doc_ack, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/docs/{id}/feedback", h_doc_feedback, RF_AUTH, 0, 0,
	 {ID_PATH, {"helpful", PS_BODY, PK_BOOL, true, 0, 0, NULL, "มีประโยชน์"},
	  {"comment", PS_BODY, PK_TEXT, false, 0, 2000, NULL, "ความเห็น"}}},
	{HTTP_GET, "/docs/{id}/export", h_doc_export, RF_SLOW, 0, 0,
	 {ID_PATH, {"format", PS_QUERY, PK_ENUM, true, 0, 0, formats, "รูปแบบ"}}},
	{HTTP_POST, "/docs/{id}/attachments", h_doc_attach, RF_AUTH | RF_UPLOAD, 0, 0, {ID_PATH}},
	{HTTP_GET, "/attachments/{id}", h_attachment, 0, 0, 0,
	 {ID_PATH, INT("inline", PS_QUERY, 0, 1, "เปิดในเบราว์เซอร์")}},
	{HTTP_GET, "/attachments/{id}/preview", h_attachment_preview, 0, 0, 0, {ID_PATH}},
	{HTTP_GET, "/units/{id}/corner", h_corner, 0, 0, 0, {ID_PATH}},
	{HTTP_POST, "/units/{id}/corner", h_corner_update, RF_AUTH, ROLE_ADMIN | ROLE_UNIT_HEAD, 0,
	 {ID_PATH, {"intro", PS_BODY, PK_TEXT, false, 0, 2000, NULL, "คำแนะนำ"},
	  LINE("external_label", PS_BODY, false, 200, "ชื่อพื้นที่ภายนอก"),
	  LINE("external_url", PS_BODY, false, 500, "ลิงก์พื้นที่ภายนอก")}},

	/* Communities of practice and mentoring */
	{HTTP_GET, "/communities", h_communities, RF_AUTH, 0, 0, {PAGE}},
	{HTTP_POST, "/communities", h_community_create, RF_AUTH, KMAP_EDITORS, 0, {COMMUNITY_PARAMS(true)}},
	{HTTP_GET, "/communities/{id}", h_community, RF_AUTH, 0, 0, {ID_PATH, INT("page", PS_QUERY, 1, 1000000, "หน้า")}},
	{HTTP_POST, "/communities/{id}", h_community_update, RF_AUTH, 0, 0, {ID_PATH, COMMUNITY_PARAMS(false)}},
	{HTTP_POST, "/communities/{id}/join", h_community_join, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/communities/{id}/leave", h_community_leave, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/communities/{id}/members", h_community_member_add, RF_AUTH, 0, 0,
	 {ID_PATH, {"account_id", PS_BODY, PK_ID, true, 0, 0, NULL, "สมาชิก"}}},
	{HTTP_POST, "/communities/{id}/members/{account_id}/remove", h_community_member_remove, RF_AUTH, 0, 0,
	 {ID_PATH, MEMBER_PATH}},
	{HTTP_POST, "/communities/{id}/meetings", h_community_meeting_add, RF_AUTH, 0, 0, {ID_PATH, MEETING_PARAMS}},
	{HTTP_POST, "/communities/{id}/threads", h_community_thread_create, RF_AUTH | RF_UPLOAD, 0, 0,
	 {ID_PATH, THREAD_PARAMS}},
	{HTTP_GET, "/communities/{id}/threads/{tid}", h_community_thread, RF_AUTH, 0, 0, {ID_PATH, TID_PATH}},
	{HTTP_POST, "/communities/{id}/threads/{tid}/replies", h_community_reply, RF_AUTH | RF_UPLOAD, 0, 0,
	 {ID_PATH, TID_PATH, POST_BODY}},
	{HTTP_POST, "/communities/{id}/threads/{tid}/answer", h_community_answer, RF_AUTH, 0, 0,
	 {ID_PATH, TID_PATH, ANSWER_PARAM}},
	{HTTP_POST, "/communities/{id}/threads/{tid}/lock", h_community_lock, RF_AUTH, 0, 0,
	 {ID_PATH, TID_PATH, LOCK_PARAM}},
	{HTTP_POST, "/communities/{id}/threads/{tid}/document", h_community_thread_doc, RF_AUTH, 0, 0,
	 {ID_PATH, TID_PATH, TO_DOC_PARAM}},
	{HTTP_GET, "/community-files/{id}", h_community_file, RF_AUTH, 0, 0,
	 {ID_PATH, INT("inline", PS_QUERY, 0, 1, "เปิดในเบราว์เซอร์")}},
	{HTTP_GET, "/mentoring", h_mentoring, RF_AUTH, 0, 0, {{0}}},
	{HTTP_POST, "/mentoring", h_mentoring_create, RF_AUTH, KMAP_EDITORS, 0, {MENTORING_PARAMS(true)}},
	{HTTP_GET, "/mentoring/{id}", h_mentoring_pair, RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/mentoring/{id}", h_mentoring_update, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, MENTORING_PARAMS(false)}},
	{HTTP_POST, "/mentoring/{id}/log", h_mentoring_log_add, RF_AUTH, 0, 0, {ID_PATH, MENTORING_LOG}},

	/* Administration */
	{HTTP_GET, "/admin/units", h_admin_units, RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/admin/units", h_admin_unit_create, RF_AUTH, ADMIN, 0, {UNIT_PARAMS(true)}},
	{HTTP_GET, "/admin/units/{id}", h_admin_unit, RF_AUTH, ADMIN, 0, {ID_PATH}},
	{HTTP_POST, "/admin/units/{id}", h_admin_unit_update, RF_AUTH, ADMIN, 0, {ID_PATH, UNIT_PARAMS(false)}},
	{HTTP_GET, "/admin/people", h_admin_people, RF_AUTH, ADMIN, 0,
	 {INT("page", PS_QUERY, 1, 1000000, "หน้า"), INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน")}},
	{HTTP_POST, "/admin/people", h_admin_person_create, RF_AUTH, ADMIN, 0,
	 {PERSON_PARAMS(true), INT("page", PS_QUERY, 1, 1000000, "หน้า")}},
	/* The staff list from a CSV or XLSX file (h_staff.c); before {id}. */
	{HTTP_GET, "/admin/people/import", h_admin_people_import_form, RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/admin/people/import", h_admin_people_import, RF_AUTH | RF_UPLOAD | RF_SLOW, ADMIN, 0,
	 {{"mode", PS_BODY, PK_ENUM, false, 0, 0, import_modes, "การดำเนินการ"},
	  LINE("checked", PS_BODY, false, 64, "ไฟล์ที่ตรวจสอบแล้ว")}},
	{HTTP_GET, "/admin/people/import/template.csv", h_admin_people_import_template, RF_AUTH, ADMIN, 0, {{0}}},
	/* A person's record: km/people records the view, so no snapshot. */
	{HTTP_GET, "/admin/people/{id}", h_admin_person, RF_AUTH | RF_NO_SNAPSHOT, ADMIN, 0, {ID_PATH}},
	{HTTP_POST, "/admin/people/{id}", h_admin_person_update, RF_AUTH, ADMIN, 0, {ID_PATH, PERSON_PARAMS(false)}},
	{HTTP_POST, "/admin/people/{id}/anonymise", h_person_anonymise, RF_AUTH, ADMIN, 0, {ID_PATH, CONFIRM_PARAM}},
	{HTTP_GET, "/admin/templates", h_admin_templates, RF_AUTH, ADMIN, 0,
	 {{"kind", PS_QUERY, PK_ENUM, false, 0, 0, doc_kinds, "ประเภทเอกสาร"}}},
	{HTTP_POST, "/admin/templates", h_admin_template_save, RF_AUTH, ADMIN, 0,
	 {{"kind", PS_BODY, PK_ENUM, true, 0, 0, doc_kinds, "ประเภทเอกสาร"},
	  {"body_md", PS_BODY, PK_TEXT, true, 0, 65536, NULL, "แม่แบบ"}}},
	{HTTP_GET, "/admin/joblines", h_admin_joblines, RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/admin/joblines", h_admin_jobline_create, RF_AUTH, ADMIN, 0, {JOBLINE_PARAMS(true)}},
	{HTTP_GET, "/admin/joblines/{id}", h_admin_jobline, RF_AUTH, ADMIN, 0, {ID_PATH}},
	{HTTP_POST, "/admin/joblines/{id}", h_admin_jobline_update, RF_AUTH, ADMIN, 0, {ID_PATH, JOBLINE_PARAMS(false)}},
	{HTTP_GET, "/admin/search-terms", h_admin_search_terms, RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/admin/search-terms", h_admin_search_term_add, RF_AUTH, ADMIN, 0, {EQUIV_TERMS}},
	{HTTP_POST, "/admin/search-terms/{id}/delete", h_admin_search_term_delete, RF_AUTH, ADMIN, 0, {ID_PATH}},
	{HTTP_POST, "/admin/search-terms/words", h_admin_search_word_add, RF_AUTH, ADMIN, 0, {SEARCH_WORD}},
	{HTTP_POST, "/admin/search-terms/words/{id}/delete", h_admin_search_word_delete, RF_AUTH, ADMIN, 0, {ID_PATH}},
	/* The audit trail; the export runs on a worker and records itself. */
	{HTTP_GET, "/admin/audit", h_admin_audit, RF_AUTH, ADMIN, 0,
	 {AUDIT_FILTERS, INT("page", PS_QUERY, 1, 1000000, "หน้า")}},
	{HTTP_GET, "/admin/audit.csv", h_admin_audit_csv, RF_AUTH | RF_SLOW | RF_NO_SNAPSHOT, ADMIN, 0,
	 {AUDIT_FILTERS}},
	{HTTP_POST, "/admin/kmap/issues", h_admin_issue_create, RF_AUTH, KMAP_EDITORS, 0,
	 {INT("number", PS_BODY, 1, 99, "ลำดับ"), LINE("title", PS_BODY, true, 500, "ประเด็นยุทธศาสตร์")}},
	{HTTP_GET, "/admin/kmap/issues/{id}", h_admin_issue, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH}},
	{HTTP_POST, "/admin/kmap/issues/{id}", h_admin_issue_update, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, INT("number", PS_BODY, 1, 99, "ลำดับ"), LINE("title", PS_BODY, false, 500, "ประเด็นยุทธศาสตร์")}},
	{HTTP_POST, "/admin/kmap/issues/{id}/goals", h_admin_goal_create, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, LINE("text", PS_BODY, true, 500, "เป้าประสงค์")}},
	{HTTP_POST, "/admin/kmap/goals/{id}/delete", h_admin_goal_delete, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, {"issue_id", PS_BODY, PK_ID, true, 0, 0, NULL, "ประเด็นยุทธศาสตร์"}}},
	{HTTP_POST, "/admin/kmap/issues/{id}/knowledge", h_admin_rk_create, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, LINE("title", PS_BODY, true, 500, "องค์ความรู้"), INT("unit_id", PS_BODY, 0, INT64_MAX, "ผู้รับผิดชอบ")}},
	{HTTP_GET, "/admin/kmap/knowledge/{id}", h_admin_rk, RF_AUTH, KMAP_EDITORS, 0, {ID_PATH}},
	{HTTP_POST, "/admin/kmap/knowledge/{id}", h_admin_rk_update, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, LINE("title", PS_BODY, false, 500, "องค์ความรู้"), INT("unit_id", PS_BODY, 0, INT64_MAX, "ผู้รับผิดชอบ")}},
	{HTTP_POST, "/admin/kmap/knowledge/{id}/delete", h_admin_rk_delete, RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, {"issue_id", PS_BODY, PK_ID, true, 0, 0, NULL, "ประเด็นยุทธศาสตร์"}}},

	/* JSON API */
	{HTTP_GET, "/api/v1/health", h_api_health, RF_API, 0, 0, {{0}}},
	{HTTP_GET, "/api/v1/me", h_api_me, RF_API | RF_AUTH, 0, 0, {{0}}},
	{HTTP_GET, "/api/v1/org", h_api_org, RF_API, 0, 0, {{0}}},
	{HTTP_GET, "/api/v1/units", h_api_units, RF_API | RF_AUTH, 0, 0, {PAGE}},
	{HTTP_POST, "/api/v1/units", h_api_unit_create, RF_API | RF_AUTH, ADMIN, 0, {UNIT_PARAMS(true)}},
	{HTTP_GET, "/api/v1/units/{id}", h_api_unit, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/units/{id}", h_api_unit_update, RF_API | RF_AUTH, ADMIN, 0, {ID_PATH, UNIT_PARAMS(false)}},
	{HTTP_GET, "/api/v1/people", h_api_people, RF_API | RF_AUTH, 0, 0,
	 {PAGE, INT("unit_id", PS_QUERY, 0, INT64_MAX, "หน่วยงาน"), INT("all", PS_QUERY, 0, 1, "ทั้งหมด")}},
	{HTTP_POST, "/api/v1/people", h_api_person_create, RF_API | RF_AUTH, ADMIN, 0, {PERSON_PARAMS(true)}},
	{HTTP_POST, "/api/v1/people/import", h_api_people_import, RF_API | RF_AUTH | RF_UPLOAD | RF_SLOW, ADMIN, 0,
	 {{"dry_run", PS_QUERY, PK_BOOL, false, 0, 0, NULL, "ตรวจสอบอย่างเดียว"},
	  {"good_rows_only", PS_QUERY, PK_BOOL, false, 0, 0, NULL, "เฉพาะแถวที่ถูกต้อง"}}},
	{HTTP_GET, "/api/v1/people/{id}", h_api_person, RF_API | RF_AUTH | RF_NO_SNAPSHOT, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/people/{id}", h_api_person_update, RF_API | RF_AUTH, ADMIN, 0, {ID_PATH, PERSON_PARAMS(false)}},
	{HTTP_GET, "/api/v1/job-lines", h_api_joblines, RF_API | RF_AUTH, 0, 0, {{0}}},
	{HTTP_POST, "/api/v1/job-lines", h_api_jobline_create, RF_API | RF_AUTH, ADMIN, 0, {JOBLINE_PARAMS(true)}},
	{HTTP_PUT, "/api/v1/job-lines/{id}", h_api_jobline_update, RF_API | RF_AUTH, ADMIN, 0, {ID_PATH, JOBLINE_PARAMS(false)}},
	{HTTP_GET, "/api/v1/audit", h_api_audit, RF_API | RF_AUTH, ADMIN, 0, {AUDIT_FILTERS, PAGE}},
	{HTTP_GET, "/api/v1/knowledge-map", h_api_kmap, RF_API, 0, 0, {{0}}},
	{HTTP_GET, "/api/v1/plans", h_plans, RF_API, 0, 0, {{0}}},
	{HTTP_GET, "/api/v1/plans/{id}", h_plan, RF_API, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/plans/{id}", h_plan_update, RF_API | RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_FIELDS}},
	{HTTP_POST, "/api/v1/plans/{id}/copy", h_plan_copy, RF_API | RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, PLAN_COPY_PARAMS}},
	{HTTP_GET, "/api/v1/documents", h_api_docs, RF_API, 0, 0, {DOC_FILTERS, PAGE}},
	{HTTP_POST, "/api/v1/documents", h_api_doc_create, RF_API | RF_AUTH, 0, DOC_BODY_LIMIT, {DOC_PARAMS(true)}},
	{HTTP_GET, "/api/v1/documents/{id}", h_api_doc, RF_API, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/documents/{id}", h_api_doc_update, RF_API | RF_AUTH, 0, DOC_BODY_LIMIT,
	 {ID_PATH, DOC_PARAMS(false), {"base_revision_id", PS_BODY, PK_ID, true, 0, 0, NULL, "ฉบับที่เริ่มแก้ไข"}}},
	{HTTP_GET, "/api/v1/documents/{id}/revisions", h_api_doc_revisions, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_POST, "/api/v1/documents/{id}/publish", h_doc_publish, RF_API | RF_AUTH, 0, 0, {ID_PATH, WF_COMMENT_PARAM}},
	{HTTP_POST, "/api/v1/documents/{id}/transitions", h_doc_transition, RF_API | RF_AUTH, 0, 0, {ID_PATH, WF_STEP}},
	{HTTP_GET, "/api/v1/documents/{id}/workflow", h_api_doc_workflow, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/documents/{id}/comments", h_api_doc_comments, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, INT("revision_id", PS_QUERY, 0, INT64_MAX, "ฉบับ")}},
	{HTTP_POST, "/api/v1/documents/{id}/comments", h_doc_comment, RF_API | RF_AUTH, 0, 0, {ID_PATH, WF_COMMENT}},
	{HTTP_GET, "/api/v1/documents/{id}/memo", h_doc_memo, RF_API | RF_SLOW, 0, 0, {ID_PATH, MEMO_PARAMS}},
	{HTTP_GET, "/api/v1/memos", h_memos, RF_API | RF_AUTH, 0, 0, {INT("fy", PS_QUERY, 0, 2700, "ปีงบประมาณ")}},
	{HTTP_GET, "/api/v1/inbox", h_inbox, RF_API | RF_AUTH, 0, 0, {{0}}},
	{HTTP_GET, "/api/v1/development", h_development, RF_API | RF_AUTH, 0, 0, {FY_PARAM}},
	{HTTP_GET, "/api/v1/kpi", h_kpi, RF_API | RF_AUTH, 0, 0, {FY_PARAM, INT("rows", PS_QUERY, 0, 1, "รายการประกอบ")}},
	{HTTP_PUT, "/api/v1/kpi/{id}/value", h_kpi_value, RF_API | RF_AUTH, KMAP_EDITORS, 0, {ID_PATH, KPI_VALUE_PARAMS}},
	{HTTP_DELETE, "/api/v1/kpi/{id}/value", h_kpi_value_clear, RF_API | RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, INT("fy", PS_QUERY, 2400, 2700, "ปีงบประมาณ")}},
	{HTTP_POST, "/api/v1/kpi/{id}/evidence", h_kpi_evidence_add, RF_API | RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, KPI_EVIDENCE_PARAMS}},
	{HTTP_DELETE, "/api/v1/kpi/evidence/{id}", h_kpi_evidence_delete, RF_API | RF_AUTH, KMAP_EDITORS, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/activities", h_activities_api, RF_API | RF_AUTH, 0, 0, {FY_PARAM, PAGE}},
	{HTTP_POST, "/api/v1/activities", h_activity_create, RF_API | RF_AUTH, 0, 0, {ACTIVITY_PARAMS(true)}},
	{HTTP_GET, "/api/v1/activities/{id}", h_activity, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/activities/{id}", h_activity_update, RF_API | RF_AUTH, 0, 0, {ID_PATH, ACTIVITY_PARAMS(false)}},
	{HTTP_POST, "/api/v1/activities/{id}/participants", h_activity_participants, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, PARTICIPANTS}},
	{HTTP_DELETE, "/api/v1/activities/{id}/participants/{person_id}", h_activity_participant_remove, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "ผู้เข้าร่วม"}}},
	{HTTP_POST, "/api/v1/activities/{id}/report", h_activity_report, RF_API | RF_AUTH, 0, 0, {ID_PATH, REPORT_PARAMS}},
	{HTTP_POST, "/api/v1/activities/{id}/participants/{person_id}/certificate", h_activity_certificate_upload,
	 RF_API | RF_AUTH | RF_UPLOAD, 0, 0, {ID_PATH, {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "ผู้เข้าร่วม"}}},
	{HTTP_GET, "/api/v1/activities/{id}/participants/{person_id}/certificate", h_activity_certificate,
	 RF_API | RF_AUTH | RF_NO_SNAPSHOT, 0, 0,
	 {ID_PATH, {"person_id", PS_PATH, PK_ID, true, 0, 0, NULL, "ผู้เข้าร่วม"}, INT("inline", PS_QUERY, 0, 1, "เปิดในเบราว์เซอร์")}},
	{HTTP_GET, "/api/v1/people/{id}/development", h_person_development, RF_API | RF_AUTH | RF_NO_SNAPSHOT, 0, 0, {ID_PATH}},
	/* Personal data: an export is recorded in the audit trail, so no snapshot. */
	{HTTP_GET, "/api/v1/people/{id}/export", h_person_export, RF_API | RF_AUTH | RF_SLOW | RF_NO_SNAPSHOT, 0, 0,
	 {ID_PATH, EXPORT_FORMAT}},
	{HTTP_POST, "/api/v1/people/{id}/anonymise", h_person_anonymise, RF_API | RF_AUTH, ADMIN, 0, {ID_PATH, CONFIRM_PARAM}},
	{HTTP_GET, "/api/v1/recognition", h_recognition, RF_API | RF_AUTH, 0, 0, {FY_PARAM}},
	{HTTP_GET, "/api/v1/experts", h_experts, RF_API | RF_AUTH, 0, 0, {PAGE}},
	{HTTP_POST, "/api/v1/experts", h_expert_create, RF_API | RF_AUTH, 0, 0, {EXPERT_CREATE}},
	{HTTP_GET, "/api/v1/experts/{id}", h_expert, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/experts/{id}", h_expert_update, RF_API | RF_AUTH, 0, 0, {ID_PATH, EXPERT_PARAMS(false)}},
	{HTTP_POST, "/api/v1/experts/{id}/consent", h_expert_consent, RF_API | RF_AUTH, 0, 0, {ID_PATH, CONSENT_PARAMS}},
	{HTTP_POST, "/api/v1/experts/{id}/document", h_expert_document, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/reports/knowledge-at-risk", h_knowledge_risk, RF_API | RF_AUTH | RF_NO_SNAPSHOT, RISK_READERS, 0,
	 {RISK_YEARS}},
	{HTTP_GET, "/api/v1/reports", h_reports, RF_API | RF_AUTH, 0, 0, {FY_PARAM}},
	{HTTP_POST, "/api/v1/reports", h_report_create, RF_API | RF_AUTH, KMAP_EDITORS, 0, {REPORT_FY_BODY}},
	{HTTP_GET, "/api/v1/reports/{id}", h_report, RF_API | RF_AUTH | RF_SLOW, 0, 0, {REPORT_VIEW_PARAMS}},
	{HTTP_PUT, "/api/v1/reports/{id}", h_report_update, RF_API | RF_AUTH, KMAP_EDITORS, 0, {REPORT_TEXT_PARAMS}},
	{HTTP_POST, "/api/v1/reports/{id}/submit", h_report_submit, RF_API | RF_AUTH, KMAP_EDITORS, 0, {ID_PATH}},
	{HTTP_POST, "/api/v1/reports/{id}/publish", h_report_publish, RF_API | RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, REPORT_PUBLIC}},
	{HTTP_GET, "/api/v1/notifications", h_notifications, RF_API | RF_AUTH, 0, 0, {PAGE}},
	{HTTP_POST, "/api/v1/notifications/read", h_notifications_read, RF_API | RF_AUTH, 0, 0, {INT("id", PS_BODY, 0, INT64_MAX, "รายการ")}},
	{HTTP_GET, "/api/v1/workflow/rules", h_workflow_rules, RF_API | RF_AUTH, 0, 0, {{0}}},
	{HTTP_PUT, "/api/v1/workflow/rules", h_workflow_rule_set, RF_API | RF_AUTH, ADMIN, 0, {WF_RULE}},
	{HTTP_POST, "/api/v1/documents/{id}/attachments", h_api_doc_attach, RF_API | RF_AUTH | RF_UPLOAD, 0, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/attachments/{id}", h_attachment, RF_API, 0, 0,
	 {ID_PATH, INT("inline", PS_QUERY, 0, 1, "เปิดในเบราว์เซอร์")}},
	{HTTP_GET, "/api/v1/documents/{id}/export", h_doc_export, RF_API | RF_SLOW, 0, 0,
	 {ID_PATH, {"format", PS_QUERY, PK_ENUM, true, 0, 0, formats, "รูปแบบ"}}},
	{HTTP_GET, "/api/v1/search", h_api_search, RF_API | RF_NO_SNAPSHOT, 0, 0, {SEARCH_PARAMS}},
	{HTTP_GET, "/api/v1/search/titles", h_api_search_titles, RF_API, 0, 0,
	 {LINE("q", PS_QUERY, true, 200, "คำค้น")}},
	{HTTP_GET, "/api/v1/search/equivalences", h_api_equivs, RF_API | RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/api/v1/search/equivalences", h_api_equiv_add, RF_API | RF_AUTH, ADMIN, 0, {EQUIV_TERMS}},
	{HTTP_DELETE, "/api/v1/search/equivalences/{id}", h_api_equiv_delete, RF_API | RF_AUTH, ADMIN, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/search/words", h_api_words, RF_API | RF_AUTH, ADMIN, 0, {{0}}},
	{HTTP_POST, "/api/v1/search/words", h_api_word_add, RF_API | RF_AUTH, ADMIN, 0, {SEARCH_WORD}},
	{HTTP_DELETE, "/api/v1/search/words/{id}", h_api_word_delete, RF_API | RF_AUTH, ADMIN, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/communities", h_communities, RF_API | RF_AUTH, 0, 0, {PAGE}},
	{HTTP_POST, "/api/v1/communities", h_community_create, RF_API | RF_AUTH, KMAP_EDITORS, 0, {COMMUNITY_PARAMS(true)}},
	{HTTP_GET, "/api/v1/communities/{id}", h_community, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/communities/{id}", h_community_update, RF_API | RF_AUTH, 0, 0, {ID_PATH, COMMUNITY_PARAMS(false)}},
	{HTTP_POST, "/api/v1/communities/{id}/members", h_community_member_add, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, INT("account_id", PS_BODY, 0, INT64_MAX, "สมาชิก")}},
	{HTTP_DELETE, "/api/v1/communities/{id}/members/{account_id}", h_community_member_remove, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, MEMBER_PATH}},
	{HTTP_POST, "/api/v1/communities/{id}/meetings", h_community_meeting_add, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, MEETING_PARAMS}},
	{HTTP_GET, "/api/v1/communities/{id}/threads", h_api_community_threads, RF_API | RF_AUTH, 0, 0, {ID_PATH, PAGE}},
	{HTTP_POST, "/api/v1/communities/{id}/threads", h_community_thread_create, RF_API | RF_AUTH | RF_UPLOAD, 0, 0,
	 {ID_PATH, THREAD_PARAMS}},
	{HTTP_GET, "/api/v1/threads/{id}", h_community_thread, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_GET, "/api/v1/threads/{id}/replies", h_api_thread_replies, RF_API | RF_AUTH, 0, 0, {ID_PATH, PAGE}},
	{HTTP_POST, "/api/v1/threads/{id}/replies", h_community_reply, RF_API | RF_AUTH | RF_UPLOAD, 0, 0,
	 {ID_PATH, POST_BODY}},
	{HTTP_POST, "/api/v1/threads/{id}/answer", h_community_answer, RF_API | RF_AUTH, 0, 0, {ID_PATH, ANSWER_PARAM}},
	{HTTP_POST, "/api/v1/threads/{id}/lock", h_community_lock, RF_API | RF_AUTH, 0, 0, {ID_PATH, LOCK_PARAM}},
	{HTTP_POST, "/api/v1/threads/{id}/document", h_community_thread_doc, RF_API | RF_AUTH, 0, 0, {ID_PATH, TO_DOC_PARAM}},
	{HTTP_GET, "/api/v1/community-files/{id}", h_community_file, RF_API | RF_AUTH, 0, 0,
	 {ID_PATH, INT("inline", PS_QUERY, 0, 1, "เปิดในเบราว์เซอร์")}},
	{HTTP_GET, "/api/v1/mentoring", h_mentoring, RF_API | RF_AUTH, 0, 0, {{0}}},
	{HTTP_POST, "/api/v1/mentoring", h_mentoring_create, RF_API | RF_AUTH, KMAP_EDITORS, 0, {MENTORING_PARAMS(true)}},
	{HTTP_GET, "/api/v1/mentoring/{id}", h_mentoring_pair, RF_API | RF_AUTH, 0, 0, {ID_PATH}},
	{HTTP_PUT, "/api/v1/mentoring/{id}", h_mentoring_update, RF_API | RF_AUTH, KMAP_EDITORS, 0,
	 {ID_PATH, MENTORING_PARAMS(false)}},
	{HTTP_POST, "/api/v1/mentoring/{id}/log", h_mentoring_log_add, RF_API | RF_AUTH, 0, 0, {ID_PATH, MENTORING_LOG}},
	{0, NULL, NULL, 0, 0, 0, {{0}}},
};
