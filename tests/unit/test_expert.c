/* Tests of km/expert and km/risk: who records, reads and edits an expert
 * interview, consent before the document, the draft it becomes, and the
 * knowledge-at-risk report on a small organisation worked out by hand.
 *
 * Today is 24 November 2026 (the clock is set). Units: FIN (division) with
 * its section FIN-REV, and ENG (division).
 *
 *   P1 FIN-REV  retires 2028-09-30  only author of the published article D1;
 *                                   expert of interview I2 (no consent)
 *   P2 FIN      retires 2031-09-30  only author of the published article D2
 *   P3 ENG      retires 2027-09-30  ENG is responsible for R1 (no published
 *                                   document) and R2 (covered by D3, the admin's)
 *   P4 FIN-REV  retires 2027-03-31  expert of interview I1 (its document made)
 *   P5 FIN      retires 2028-01-01  FIN's unit head; nothing of their own
 *   P6 FIN      retires 2027-06-30  only author of D6, but no longer active
 *   P7 ENG      no retirement date  the KM committee member
 *   R3 belongs to the organisation as a whole, uncovered: nobody's
 *
 *   N = 3 (to 2029-11-24): P4 [expert I1 with its document] (127 days),
 *                          P3 [uncovered R1], P1 [sole_author D1, expert I2]
 *   N = 5 (to 2031-11-24): the same and P2 [sole_author D2]
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/doc.h"
#include "km/expert.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/people.h"
#include "km/risk.h"
#include "km/secret.h"
#include "km/workflow.h"
#include "search/search.h"
#include "store/db.h"
#include "store/db_json.h"
#include "store/migrate.h"
#include "support/support.h"

static const struct auth_policy policy = {.pw_mem_mib = 46, .pw_ops = 1};

enum { FIN, FIN_REV, ENG, NUNITS };

struct fixture {
	char dir[64];
	struct db *db;
	struct actor op, p1, p2, p3, p4, p6, head, kmc, exec, admin;
	int64_t unit[NUNITS], person[8], rk[4], doc[7], i1, i2, i1_doc;
};

static int64_t person(struct fixture *f, const char *name, int unit, const char *retires)
{
	struct person_input in = PERSON_INPUT_UNCHANGED;
	in.name = name;
	in.position = "นักวิชาการ";
	in.unit_id = f->unit[unit];
	in.retirement_date = retires;
	in.active = 1;
	int64_t id = 0;
	assert_int_equal(person_create(f->db, &f->op, &in, &id), 0);
	return id;
}

static void account(struct fixture *f, const char *login, unsigned roles, int64_t person_id, struct actor *out)
{
	int64_t id = 0;
	assert_int_equal(account_create(f->db, &f->op, &policy, login, NULL, roles,
					(roles & ROLE_COMMITTEE) ? "member" : NULL, person_id, &id),
			 0);
	assert_int_equal(account_load_actor(f->db, id, out), 0);
}

/* An article by `author` in `unit`, covering `rk` (0: nothing), published
 * through the workflow: the author submits, the committee reviews and
 * publishes. */
static int64_t published(struct fixture *f, const struct actor *author, int unit, const char *title, int64_t rk)
{
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = title;
	in.kind = "article";
	in.unit_id = f->unit[unit];
	in.body_md = "เนื้อหา";
	in.covers = &rk;
	in.ncovers = rk > 0;
	in.covers_set = rk > 0;
	int64_t id = 0;
	assert_int_equal(doc_create(f->db, author, &in, &id, NULL), 0);
	assert_int_equal(wf_apply(f->db, author, id, WF_SUBMIT, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->kmc, id, WF_REVIEW, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->kmc, id, WF_PUBLISH, NULL, NULL), 0);
	return id;
}

static struct expert_input interview(int64_t expert, const char *topic)
{
	struct expert_input in = EXPERT_INPUT_EMPTY;
	in.expert_person_id = expert;
	in.topic = topic;
	in.date = "2026-11-20";
	in.context = "ฝ่ายพัฒนารายได้ติดตามผู้ค้างชำระภาษี";
	in.key_tasks = "- คัดรายชื่อผู้ค้างชำระทุกต้นเดือน";
	in.decision_rules = "แยกผู้ที่จ่ายไม่ได้ออกจากผู้ที่ไม่ยอมจ่าย";
	in.tags = "ภาษี, ลูกหนี้";
	return in;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/klang-expert-XXXXXX");
	if (!mkdtemp(f->dir) || secret_init())
		return -1;
	/* 24 November 2026, 10:00 in Bangkok. */
	clock_set_as_of(cal_days((struct date){2026, 11, 24}) * 86400 + 3 * 3600);
	char path[128];
	snprintf(path, sizeof path, "%s/k.db", f->dir);
	int64_t org = 0, issue = 0;
	authz_operator(&f->op, 0);
	if (db_open(path, &f->db) || db_migrate(f->db, NULL) || search_schema(f->db) ||
	    org_create(f->db, &f->op, "t", "เทศบาลทดสอบ", "", "", &org))
		return -1;
	authz_operator(&f->op, org);
	struct unit_input fin = {"กองคลัง", "FIN", 0, 0, 1}, eng = {"กองช่าง", "ENG", 0, 1, 1};
	if (unit_create(f->db, &f->op, &fin, &f->unit[FIN]) || unit_create(f->db, &f->op, &eng, &f->unit[ENG]))
		return -1;
	struct unit_input rev = {"ฝ่ายพัฒนารายได้", "FIN-REV", f->unit[FIN], 2, 1};
	if (unit_create(f->db, &f->op, &rev, &f->unit[FIN_REV]) ||
	    kmap_issue_create(f->db, &f->op, 1, "การบริหารจัดการที่ดี", &issue) ||
	    kmap_rk_create(f->db, &f->op, issue, "การควบคุมอาคาร", f->unit[ENG], &f->rk[1]) ||
	    kmap_rk_create(f->db, &f->op, issue, "การออกแบบถนน", f->unit[ENG], &f->rk[2]) ||
	    kmap_rk_create(f->db, &f->op, issue, "หลักธรรมาภิบาล", 0, &f->rk[3]))
		return -1;
	*state = f;
	f->person[1] = person(f, "นายหนึ่ง ทดสอบ", FIN_REV, "2028-09-30");
	f->person[2] = person(f, "นางสอง ทดสอบ", FIN, "2031-09-30");
	f->person[3] = person(f, "นายสาม ทดสอบ", ENG, "2027-09-30");
	f->person[4] = person(f, "นางสี่ ทดสอบ", FIN_REV, "2027-03-31");
	f->person[5] = person(f, "นายห้า ทดสอบ", FIN, "2028-01-01");
	f->person[6] = person(f, "นางหก ทดสอบ", FIN, "2027-06-30");
	f->person[7] = person(f, "นายเจ็ด ทดสอบ", ENG, NULL);
	account(f, "p1", ROLE_STAFF, f->person[1], &f->p1);
	account(f, "p2", ROLE_STAFF, f->person[2], &f->p2);
	account(f, "p3", ROLE_STAFF, f->person[3], &f->p3);
	account(f, "p4", ROLE_STAFF, f->person[4], &f->p4);
	account(f, "p6", ROLE_STAFF, f->person[6], &f->p6);
	account(f, "head", ROLE_UNIT_HEAD | ROLE_STAFF, f->person[5], &f->head);
	account(f, "kmc", ROLE_COMMITTEE | ROLE_STAFF, f->person[7], &f->kmc);
	account(f, "exec", ROLE_EXECUTIVE | ROLE_STAFF, 0, &f->exec);
	account(f, "admin", ROLE_ADMIN | ROLE_STAFF, 0, &f->admin);
	f->doc[1] = published(f, &f->p1, FIN_REV, "การติดตามลูกหนี้ภาษี", 0);
	f->doc[2] = published(f, &f->p2, FIN, "การปิดบัญชีสิ้นปี", 0);
	f->doc[3] = published(f, &f->admin, ENG, "มาตรฐานการออกแบบถนน", f->rk[2]);
	f->doc[6] = published(f, &f->p6, FIN, "การเบิกจ่ายเงินสวัสดิการ", 0);
	struct person_input gone = PERSON_INPUT_UNCHANGED;
	gone.active = 0;
	assert_int_equal(person_update(f->db, &f->op, f->person[6], &gone), 0);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_set_as_of(0);
	db_close(f->db);
	int rc = test_rmtree(f->dir);
	free(f);
	return rc;
}

static void who_records_and_reads(void **state)
{
	struct fixture *f = *state;
	struct expert_input in = interview(f->person[4], "การติดตามลูกหนี้ภาษีค้างชำระ");
	/* Anyone records the interviews they conduct; naming someone else as
	 * the interviewer is for the committee, admins and the expert's heads. */
	in.interviewer_account_id = f->kmc.account_id;
	assert_int_equal(expert_create(f->db, &f->p1, &in, &f->i1), ERR_FORBIDDEN);
	in.interviewer_account_id = -1;
	assert_int_equal(expert_create(f->db, &f->p4, &in, &f->i1), ERR_INVAL); /* oneself */
	assert_string_equal(err_last()->field, "interviewer_account_id");
	struct expert_input bad = in;
	bad.expert_person_id = 999999;
	assert_int_equal(expert_create(f->db, &f->p1, &bad, &f->i1), ERR_INVAL);
	bad = in;
	bad.date = "2026-02-30";
	assert_int_equal(expert_create(f->db, &f->p1, &bad, &f->i1), ERR_INVAL);
	struct actor public_ = {.org_id = f->op.org_id};
	assert_int_equal(expert_create(f->db, &public_, &in, &f->i1), ERR_UNAUTH);
	assert_int_equal(expert_create(f->db, &f->p1, &in, &f->i1), 0);
	/* I2: the committee names P1's head as the interviewer of P1. */
	struct expert_input two = interview(f->person[1], "การประเมินภาษีป้าย");
	two.interviewer_account_id = f->head.account_id;
	assert_int_equal(expert_create(f->db, &f->kmc, &two, &f->i2), 0);

	/* Readers: the interviewer, the expert, FIN's head, the committee,
	 * admins; not others of FIN, of ENG, nor executives. */
	const struct actor *readers[] = {&f->p1, &f->p4, &f->head, &f->kmc, &f->admin, &f->op};
	const struct actor *others[] = {&f->p2, &f->p3, &f->exec};
	json_t *v = NULL;
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		assert_int_equal(expert_get(f->db, readers[i], f->i1, &v), 0);
		json_decref(v);
	}
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_int_equal(expert_get(f->db, others[i], f->i1, &v), ERR_NOTFOUND);
	assert_int_equal(expert_get(f->db, &f->p1, f->i1, &v), 0);
	assert_string_equal(json_string_value(json_object_get(v, "interviewer_name")), "นายหนึ่ง ทดสอบ");
	assert_string_equal(json_string_value(json_object_get(v, "expert_name")), "นางสี่ ทดสอบ");
	assert_int_equal(json_integer_value(json_object_get(v, "unit_id")), f->unit[FIN_REV]);
	assert_false(json_is_true(json_object_get(v, "consent_given")));
	assert_true(json_is_true(json_object_get(v, "can_edit")));
	assert_false(json_is_true(json_object_get(v, "can_make_document")));
	json_decref(v);

	/* Lists hold what each may read. */
	int64_t total = 0;
	assert_int_equal(expert_list(f->db, &f->p1, 1, 50, &v, &total), 0);
	assert_int_equal(total, 2); /* the interviewer of I1, the expert of I2 */
	json_decref(v);
	assert_int_equal(expert_list(f->db, &f->p3, 1, 50, &v, &total), 0);
	assert_int_equal(total, 0);
	json_decref(v);
	assert_int_equal(expert_list(f->db, &f->head, 1, 50, &v, &total), 0);
	assert_int_equal(total, 2);
	json_decref(v);

	/* Editors: the interviewer, the committee, admins, FIN's head; the
	 * expert reads but does not edit. */
	struct expert_input edit = EXPERT_INPUT_EMPTY;
	edit.pitfalls = "ส่งหนังสือไปที่อยู่เดิมโดยไม่ตรวจ";
	assert_int_equal(expert_update(f->db, &f->p4, f->i1, &edit), ERR_FORBIDDEN);
	assert_int_equal(expert_update(f->db, &f->p3, f->i1, &edit), ERR_NOTFOUND);
	assert_int_equal(expert_update(f->db, &f->head, f->i1, &edit), 0);
	assert_int_equal(expert_update(f->db, &f->kmc, f->i1, &edit), 0);
	/* Before consent the expert may change: FIN's head keeps it in FIN. */
	struct expert_input other = EXPERT_INPUT_EMPTY;
	other.expert_person_id = f->person[3];
	assert_int_equal(expert_update(f->db, &f->head, f->i1, &other), ERR_FORBIDDEN);
	other.expert_person_id = f->person[1];
	assert_int_equal(expert_update(f->db, &f->head, f->i1, &other), ERR_INVAL); /* the interviewer */
	other.expert_person_id = f->person[2];
	assert_int_equal(expert_update(f->db, &f->head, f->i1, &other), 0);
	assert_int_equal(expert_get(f->db, &f->p2, f->i1, &v), 0); /* now P2's to read */
	json_decref(v);
	other.expert_person_id = f->person[4];
	assert_int_equal(expert_update(f->db, &f->head, f->i1, &other), 0);
}

static void limits(void **state)
{
	struct fixture *f = *state;
	char long_text[EXPERT_TEXT_MAX * 3 + 8];
	memset(long_text, 0, sizeof long_text);
	for (int i = 0; i < EXPERT_TEXT_MAX + 1; i++)
		memcpy(long_text + i * 3, "ก", 3); /* 4,001 Thai characters */
	struct expert_input in = EXPERT_INPUT_EMPTY;
	in.key_tasks = long_text;
	assert_int_equal(expert_update(f->db, &f->p1, f->i1, &in), ERR_TOOBIG);
	assert_string_equal(err_last()->field, "key_tasks");
	in = (struct expert_input)EXPERT_INPUT_EMPTY;
	long_text[(EXPERT_TOPIC_MAX + 1) * 3] = 0;
	in.topic = long_text;
	assert_int_equal(expert_update(f->db, &f->p1, f->i1, &in), ERR_TOOBIG);
	in.topic = "  ";
	assert_int_equal(expert_update(f->db, &f->p1, f->i1, &in), ERR_INVAL);
	in = (struct expert_input)EXPERT_INPUT_EMPTY;
	in.tags = "1,2,3,4,5,6,7,8,9,10,11";
	assert_int_equal(expert_update(f->db, &f->p1, f->i1, &in), ERR_TOOBIG);
	in.tags = NULL;
	in.rk_id = 999999;
	assert_int_equal(expert_update(f->db, &f->p1, f->i1, &in), ERR_INVAL);
	json_t *v = NULL;
	int64_t total = 0;
	assert_int_equal(expert_list(f->db, &f->admin, 1, 100000, &v, &total), 0); /* capped, not refused */
	json_decref(v);
}

static void consent_then_document(void **state)
{
	struct fixture *f = *state;
	int64_t doc = 0;
	/* No document without consent. */
	assert_int_equal(expert_make_document(f->db, &f->head, f->i1, &doc), ERR_CONFLICT);
	/* Consent: the expert or the interviewer, who says how it was given. */
	assert_int_equal(expert_consent(f->db, &f->head, f->i1, true, "ลงนามแล้ว"), ERR_FORBIDDEN);
	assert_int_equal(expert_consent(f->db, &f->p3, f->i1, true, NULL), ERR_NOTFOUND);
	assert_int_equal(expert_consent(f->db, &f->p1, f->i1, true, NULL), ERR_INVAL);
	assert_int_equal(expert_consent(f->db, &f->p4, f->i1, true, NULL), 0);
	json_t *v = NULL;
	assert_int_equal(expert_get(f->db, &f->p4, f->i1, &v), 0);
	assert_true(json_is_true(json_object_get(v, "consent_given")));
	assert_string_equal(json_string_value(json_object_get(v, "consent_method")), "expert");
	json_decref(v);
	assert_int_equal(expert_consent(f->db, &f->p4, f->i1, false, NULL), 0); /* withdrawn */
	assert_int_equal(expert_make_document(f->db, &f->head, f->i1, &doc), ERR_CONFLICT);
	assert_int_equal(expert_consent(f->db, &f->p1, f->i1, true, "ลงนามในแบบยินยอม 20 พ.ย. 2569"), 0);
	assert_int_equal(expert_get(f->db, &f->p1, f->i1, &v), 0);
	assert_string_equal(json_string_value(json_object_get(v, "consent_method")), "interviewer");
	assert_string_equal(json_string_value(json_object_get(v, "consent_note")), "ลงนามในแบบยินยอม 20 พ.ย. 2569");
	assert_true(json_is_true(json_object_get(v, "can_make_document")));
	json_decref(v);
	struct expert_input other = EXPERT_INPUT_EMPTY;
	other.expert_person_id = f->person[2];
	assert_int_equal(expert_update(f->db, &f->p1, f->i1, &other), ERR_CONFLICT); /* consented */
	/* The expert does not edit; the committee member of ENG may edit the
	 * interview but creates documents only in ENG (km/doc's rule). */
	assert_int_equal(expert_make_document(f->db, &f->p4, f->i1, &doc), ERR_FORBIDDEN);
	assert_int_equal(expert_make_document(f->db, &f->kmc, f->i1, &doc), ERR_FORBIDDEN);
	assert_int_equal(expert_make_document(f->db, &f->head, f->i1, &doc), 0);
	f->i1_doc = doc;
	assert_int_equal(expert_make_document(f->db, &f->head, f->i1, &doc), ERR_CONFLICT);
	/* The interview is closed once it is a document. */
	struct expert_input edit = EXPERT_INPUT_EMPTY;
	edit.pitfalls = "x";
	assert_int_equal(expert_update(f->db, &f->head, f->i1, &edit), ERR_CONFLICT);
	assert_int_equal(expert_consent(f->db, &f->p4, f->i1, false, NULL), ERR_CONFLICT);

	/* A draft of FIN-REV, expert knowledge, tacit, the expert an author. */
	json_t *d = NULL;
	assert_int_equal(doc_get(f->db, &f->head, f->i1_doc, 0, &d), 0);
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "expert_knowledge");
	assert_string_equal(json_string_value(json_object_get(d, "status")), "draft");
	assert_string_equal(json_string_value(json_object_get(d, "knowledge_type")), "tacit");
	assert_int_equal(json_integer_value(json_object_get(d, "unit_id")), f->unit[FIN_REV]);
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "revision"), "title")),
			    "ถอดองค์ความรู้ผู้เชี่ยวชาญ: การติดตามลูกหนี้ภาษีค้างชำระ");
	bool expert_author = false;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(d, "authors"), i, x)
		expert_author |= json_integer_value(json_object_get(x, "id")) == f->person[4];
	assert_true(expert_author);
	const char *body = json_string_value(json_object_get(json_object_get(d, "revision"), "body_md"));
	assert_non_null(strstr(body, "## บริบทของงาน\n\nฝ่ายพัฒนารายได้ติดตามผู้ค้างชำระภาษี"));
	assert_non_null(strstr(body, "## งานหลัก\n"));
	assert_non_null(strstr(body, "## หลักการตัดสินใจ\n"));
	assert_non_null(strstr(body, "## ข้อควรระวัง\n\nส่งหนังสือไปที่อยู่เดิมโดยไม่ตรวจ"));
	assert_null(strstr(body, "## ผู้ที่ควรสอบถาม")); /* empty: left out */
	bool tagged = false;
	json_array_foreach(json_object_get(d, "tags"), i, x)
		tagged |= json_is_string(x) ? !strcmp(json_string_value(x), "ถอดองค์ความรู้ผู้เชี่ยวชาญ")
					    : !strcmp(json_string_value(json_object_get(x, "tag")), "ถอดองค์ความรู้ผู้เชี่ยวชาญ");
	assert_true(tagged);
	json_decref(d);
	/* It follows the workflow: the head submits, the committee reviews. */
	assert_int_equal(wf_apply(f->db, &f->head, f->i1_doc, WF_SUBMIT, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->kmc, f->i1_doc, WF_REVIEW, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->head, f->i1_doc, WF_PUBLISH, NULL, NULL), ERR_FORBIDDEN);
}

/* The person's item in a report, or NULL. */
static json_t *item_of(json_t *report, int64_t person_id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(report, "items"), i, it) {
		if (json_integer_value(json_object_get(it, "person_id")) == person_id)
			return it;
	}
	return NULL;
}

static void reason(json_t *item, size_t k, const char *kind, const char *key, int64_t id)
{
	json_t *r = json_array_get(json_object_get(item, "reasons"), k);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "kind")), kind);
	assert_int_equal(json_integer_value(json_object_get(r, key)), id);
}

static void risk_by_hand(void **state)
{
	struct fixture *f = *state;
	json_t *rep = NULL;
	assert_int_equal(risk_report(f->db, &f->exec, 3, &rep), 0);
	assert_string_equal(json_string_value(json_object_get(rep, "as_of")), "2026-11-24");
	assert_string_equal(json_string_value(json_object_get(rep, "until")), "2029-11-24");
	json_t *items = json_object_get(rep, "items");
	assert_int_equal(json_array_size(items), 3);
	/* Soonest first: P4, P3, P1. */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "person_id")), f->person[4]);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "person_id")), f->person[3]);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 2), "person_id")), f->person[1]);
	json_t *p4 = item_of(rep, f->person[4]);
	assert_int_equal(json_integer_value(json_object_get(p4, "days_left")), 127);
	assert_string_equal(json_string_value(json_object_get(p4, "retirement_date")), "2027-03-31");
	assert_string_equal(json_string_value(json_object_get(p4, "unit_name")), "ฝ่ายพัฒนารายได้");
	assert_int_equal(json_array_size(json_object_get(p4, "reasons")), 1);
	reason(p4, 0, "expert", "interview_id", f->i1);
	reason(p4, 0, "expert", "document_id", f->i1_doc);
	json_t *p3 = item_of(rep, f->person[3]);
	assert_int_equal(json_array_size(json_object_get(p3, "reasons")), 1);
	reason(p3, 0, "uncovered", "rk_id", f->rk[1]); /* R2 is covered, R3 is nobody's unit's */
	json_t *p1 = item_of(rep, f->person[1]);
	assert_int_equal(json_array_size(json_object_get(p1, "reasons")), 2);
	reason(p1, 0, "sole_author", "document_id", f->doc[1]);
	reason(p1, 1, "expert", "interview_id", f->i2);
	/* Not there: P2 (five years), P5 (nothing of their own), P6 (gone). */
	assert_null(item_of(rep, f->person[2]));
	assert_null(item_of(rep, f->person[5]));
	assert_null(item_of(rep, f->person[6]));
	json_decref(rep);

	assert_int_equal(risk_report(f->db, &f->kmc, 5, &rep), 0);
	assert_int_equal(json_array_size(json_object_get(rep, "items")), 4);
	reason(item_of(rep, f->person[2]), 0, "sole_author", "document_id", f->doc[2]);
	json_decref(rep);

	/* Covering R1 with a published document takes P3 off the list. */
	published(f, &f->admin, ENG, "การขออนุญาตก่อสร้างอาคาร", f->rk[1]);
	assert_int_equal(risk_report(f->db, &f->admin, 3, &rep), 0);
	assert_null(item_of(rep, f->person[3]));
	json_decref(rep);

	/* Who may read it, and the horizon's range; each reading is recorded. */
	assert_int_equal(risk_report(f->db, &f->p1, 3, &rep), ERR_FORBIDDEN);
	assert_int_equal(risk_report(f->db, &f->head, 3, &rep), ERR_FORBIDDEN);
	struct actor public_ = {.org_id = f->op.org_id};
	assert_int_equal(risk_report(f->db, &public_, 3, &rep), ERR_UNAUTH);
	assert_int_equal(risk_report(f->db, &f->admin, 0, &rep), ERR_INVAL);
	assert_int_equal(risk_report(f->db, &f->admin, 11, &rep), ERR_INVAL);
	int64_t views = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'risk.view'", DB_NOARGS,
				      &views),
			 0);
	assert_int_equal(views, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(who_records_and_reads),
		cmocka_unit_test(limits),
		cmocka_unit_test(consent_then_document),
		cmocka_unit_test(risk_by_hand),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
