/* report_pdf: the annual monitoring and evaluation report laid down with the pen of pdf_pen.c. */
#include "export/report_pdf.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/cal.h"
#include "export/chart_cairo.h"
#include "export/pdf_int.h"

#define BODY_PT 16
#define SMALL_PT 14
#define TABLE_PT 13
#define CHART_H 200.0
#define INDENT (1.0 * PDF_CM)
#define EVIDENCE_MAX 60 /* rows of evidence shown per KPI and kind */
#define TREND_MAX 12

struct rpass {
	const json_t *r, *d;
	bool thai;
	int err; /* the first failure of a text buffer */
};

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* A number as text: integers plainly, reals with one decimal. */
static void num(char *out, size_t n, const json_t *v)
{
	if (json_is_integer(v))
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, n, "%.1f", json_real_value(v));
	else
		snprintf(out, n, "–");
}

/* A layout of `text` (digits as the report asks) in `size` pt, bold or
 * not, wrapping within w; the caller owns it. */
static PangoLayout *text_layout(struct rpass *rp, struct pdf_pen *p, const char *text, double size, bool bold,
				double w, PangoAlignment align)
{
	struct buf b;
	buf_init(&b, BUF_DEFAULT_MAX);
	pdf_put_text(&b, text, rp->thai);
	if (buf_err(&b) && !rp->err)
		rp->err = buf_err(&b);
	PangoLayout *pl = pdf_pen_layout_new(p, PDF_FONT, w);
	PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_alignment(pl, align);
	pango_layout_set_text(pl, buf_cstr(&b), -1);
	buf_release(&b);
	return pl;
}

static void para(struct rpass *rp, struct pdf_pen *p, const char *text, double size, bool bold, double indent,
		 double space, PangoAlignment align)
{
	PangoLayout *pl = text_layout(rp, p, text, size, bold, PDF_TEXT_W - indent, align);
	pdf_pen_show(p, pl, PDF_MARGIN_L + indent, space);
	g_object_unref(pl);
}

static void heading(struct rpass *rp, struct pdf_pen *p, const char *text)
{
	pdf_pen_need(p, 3 * BODY_PT);
	p->y += 6;
	para(rp, p, text, BODY_PT + 1, true, 0, 4, PANGO_ALIGN_LEFT);
}

/* One row of a table: cells side by side at the given widths, kept on
 * one page, with a rule beneath. */
static void table_row(struct rpass *rp, struct pdf_pen *p, const char *const *cells, const double *w, int n,
		      bool bold)
{
	PangoLayout *pl[8];
	double h = 0;
	assert(n <= 8);
	for (int i = 0; i < n; i++) {
		pl[i] = text_layout(rp, p, cells[i], TABLE_PT, bold, w[i] - 4, PANGO_ALIGN_LEFT);
		double hi = pdf_layout_height(pl[i]);
		if (hi > h)
			h = hi;
	}
	pdf_pen_need(p, h + 4);
	double x = PDF_MARGIN_L;
	for (int i = 0; i < n; i++) {
		if (p->draw) {
			cairo_move_to(p->cr, x + 2, p->y + 2);
			pango_cairo_show_layout(p->cr, pl[i]);
		}
		x += w[i];
		g_object_unref(pl[i]);
	}
	p->y += h + 4;
	pdf_pen_rule(p, PDF_MARGIN_L, PDF_TEXT_W, p->y, bold ? 0.8 : 0.3);
	p->y += 2;
}

static void cover(struct rpass *rp, struct pdf_pen *p)
{
	const json_t *r = rp->r, *d = rp->d;
	char line[256];
	p->y = 7 * PDF_CM;
	para(rp, p, str(d, "org"), 22, true, 0, 30, PANGO_ALIGN_CENTER);
	snprintf(line, sizeof line, "รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้ ประจำปีงบประมาณ %lld",
		 (long long)json_integer_value(json_object_get(d, "fy")));
	para(rp, p, line, 22, true, 0, 30, PANGO_ALIGN_CENTER);
	const json_t *plan = json_object_get(d, "plan");
	if (json_is_object(plan)) {
		para(rp, p, str(plan, "title"), BODY_PT, false, 0, 24, PANGO_ALIGN_CENTER);
	}
	long long version = (long long)json_integer_value(json_object_get(r, "version"));
	if (version > 0)
		snprintf(line, sizeof line, "ฉบับที่ %lld (%s)", version,
			 strcmp(str(r, "status"), "submitted") == 0 ? "เสนอผู้บริหารแล้ว" : "ฉบับร่าง");
	else
		snprintf(line, sizeof line, "ฉบับร่าง (ข้อมูล ณ วันที่จัดพิมพ์)");
	para(rp, p, line, BODY_PT, false, 0, 6, PANGO_ALIGN_CENTER);
	const json_t *t = json_object_get(r, "submitted_at");
	if (!json_is_integer(t))
		t = json_object_get(r, "created_at");
	struct buf b;
	buf_init(&b, 512);
	buf_puts(&b, "วันที่ ");
	cal_format_th(&b, cal_from_unix(json_integer_value(t)), 0);
	para(rp, p, buf_cstr(&b), BODY_PT, false, 0, 6, PANGO_ALIGN_CENTER);
	buf_release(&b);
	para(rp, p, "คณะกรรมการจัดการความรู้", BODY_PT, false, 0, 0, PANGO_ALIGN_CENTER);
	pdf_pen_new_page(p);
}

static void plan_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๑. สรุปแผนการจัดการความรู้");
	const json_t *plan = json_object_get(rp->d, "plan");
	if (!json_is_object(plan)) {
		para(rp, p, "ยังไม่มีแผนการจัดการความรู้ในระบบ", BODY_PT, false, INDENT, 6, PANGO_ALIGN_LEFT);
		return;
	}
	char line[600];
	snprintf(line, sizeof line, "%s (ปีงบประมาณ %lld–%lld)", str(plan, "title"),
		 (long long)json_integer_value(json_object_get(plan, "fy_from")),
		 (long long)json_integer_value(json_object_get(plan, "fy_to")));
	para(rp, p, line, BODY_PT, true, INDENT, 2, PANGO_ALIGN_LEFT);
	if (str(plan, "vision")[0]) {
		para(rp, p, "วิสัยทัศน์", BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
		para(rp, p, str(plan, "vision"), BODY_PT, false, INDENT, 4, PANGO_ALIGN_LEFT);
	}
	if (str(plan, "main_goals")[0]) {
		para(rp, p, "เป้าหมายหลัก", BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
		para(rp, p, str(plan, "main_goals"), BODY_PT, false, INDENT, 4, PANGO_ALIGN_LEFT);
	}
	const json_t *ss = json_object_get(plan, "strategies");
	if (json_array_size(ss))
		para(rp, p, "ยุทธศาสตร์การจัดการความรู้", BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
	size_t i;
	const json_t *s;
	json_array_foreach(ss, i, s) {
		snprintf(line, sizeof line, "ยุทธศาสตร์ที่ %lld %s", (long long)json_integer_value(json_object_get(s, "number")),
			 str(s, "title"));
		para(rp, p, line, BODY_PT, false, INDENT * 1.5, 2, PANGO_ALIGN_LEFT);
	}
}

/* The chart of one KPI: its value in each year of the trend, with the
 * targets; or the year's value against its target. */
static int kpi_chart(struct rpass *rp, struct pdf_pen *p, const json_t *k)
{
	const char *code = str(k, "code");
	char title[400], cats[TREND_MAX][16];
	const char *labels[TREND_MAX];
	double vals[TREND_MAX], tgts[TREND_MAX];
	int n = 0;
	size_t i;
	const json_t *y;
	json_array_foreach(json_object_get(rp->d, "trend"), i, y) {
		if (n >= TREND_MAX)
			break;
		size_t j;
		const json_t *t;
		json_array_foreach(json_object_get(y, "kpis"), j, t) {
			if (strcmp(str(t, "code"), code) != 0)
				continue;
			snprintf(cats[n], sizeof cats[n], "%lld", (long long)json_integer_value(json_object_get(y, "fy")));
			vals[n] = json_is_number(json_object_get(t, "value")) ? json_number_value(json_object_get(t, "value"))
									   : NAN;
			tgts[n] = json_is_number(json_object_get(t, "target")) ? json_number_value(json_object_get(t, "target"))
									    : NAN;
			n++;
		}
	}
	if (n == 0) {
		snprintf(cats[0], sizeof cats[0], "%lld", (long long)json_integer_value(json_object_get(rp->d, "fy")));
		vals[0] = json_is_number(json_object_get(k, "value")) ? json_number_value(json_object_get(k, "value")) : NAN;
		tgts[0] = json_is_number(json_object_get(k, "target")) ? json_number_value(json_object_get(k, "target")) : NAN;
		n = 1;
	}
	struct buf b[TREND_MAX];
	for (int c = 0; c < n; c++) {
		buf_init(&b[c], 64);
		pdf_put_text(&b[c], cats[c], rp->thai);
		labels[c] = buf_cstr(&b[c]);
	}
	struct buf tb;
	buf_init(&tb, 1024);
	snprintf(title, sizeof title, "%s %s (ร้อยละ)", code, str(k, "name_th"));
	pdf_put_text(&tb, title, rp->thai);
	const struct chart_series ser = {.name = "ผลการดำเนินงาน", .values = vals};
	const struct chart ch = {.id = "kpi", .title = buf_cstr(&tb), .unit = "%", .kind = CHART_BARS,
				 .categories = labels, .ncategories = n, .series = &ser, .nseries = 1,
				 .target = tgts, .target_label = "ค่าเป้าหมาย", .y_max = 100, .thai_digits = rp->thai};
	int rc = 0;
	/* The caption, kept with its chart. */
	pdf_pen_need(p, CHART_H + 8 + 2 * SMALL_PT);
	para(rp, p, title, SMALL_PT, true, 0, 2, PANGO_ALIGN_LEFT);
	pdf_pen_need(p, CHART_H + 8);
	if (p->draw)
		rc = chart_cairo(&ch, p->cr, PDF_MARGIN_L, p->y, PDF_TEXT_W, CHART_H, 10);
	p->y += CHART_H + 8;
	buf_release(&tb);
	for (int c = 0; c < n; c++)
		buf_release(&b[c]);
	return rc;
}

static int kpi_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๒. ผลการดำเนินงานตามตัวชี้วัด");
	const double w[] = {PDF_TEXT_W * 0.36, PDF_TEXT_W * 0.13, PDF_TEXT_W * 0.2, PDF_TEXT_W * 0.14,
			    PDF_TEXT_W * 0.17};
	const char *head[] = {"ตัวชี้วัด", "ค่าเป้าหมาย", "ผลงาน/ทั้งหมด", "ร้อยละ", "ผลการประเมิน"};
	table_row(rp, p, head, w, 5, true);
	size_t i;
	const json_t *k;
	const json_t *kpis = json_object_get(rp->d, "kpis");
	json_array_foreach(kpis, i, k) {
		char name[600], tgt[32], nd[64], val[32], a[32], b[32];
		snprintf(name, sizeof name, "%s %s", str(k, "code"), str(k, "name_th"));
		num(tgt, sizeof tgt, json_object_get(k, "target"));
		num(a, sizeof a, json_object_get(k, "numerator"));
		num(b, sizeof b, json_object_get(k, "denominator"));
		snprintf(nd, sizeof nd, "%s/%s", a, b);
		num(val, sizeof val, json_object_get(k, "value"));
		/* A custom indicator the committee has not entered yet. */
		bool pending = json_is_true(json_object_get(k, "custom")) && !json_is_true(json_object_get(k, "entered"));
		if (pending) {
			snprintf(nd, sizeof nd, "–");
			snprintf(val, sizeof val, "–");
		}
		if (!json_is_number(json_object_get(k, "target")))
			snprintf(tgt, sizeof tgt, "–");
		const char *cells[] = {name, tgt, nd, val,
				       pending ? "รอบันทึก"
				       : json_is_true(json_object_get(k, "met")) ? "บรรลุ" : "ไม่บรรลุ"};
		table_row(rp, p, cells, w, 5, false);
	}
	p->y += 8;
	json_array_foreach(kpis, i, k) {
		int rc = kpi_chart(rp, p, k);
		if (rc)
			return rc;
	}
	return 0;
}

/* A row of evidence as one short line: its name or title, and what
 * backs it. */
static void evidence_line(struct rpass *rp, struct pdf_pen *p, const json_t *row)
{
	struct buf b;
	buf_init(&b, 4096);
	const char *name = str(row, "name");
	if (!name[0])
		name = str(row, "title");
	if (!name[0])
		name = str(row, "job_line");
	buf_puts(&b, "• ");
	buf_puts(&b, name[0] ? name : "–");
	/* A custom indicator's evidence: the document it names, the link. */
	if (str(row, "document_title")[0]) {
		buf_puts(&b, " (เอกสาร: ");
		buf_puts(&b, str(row, "document_title"));
		buf_puts(&b, ")");
	}
	if (str(row, "url")[0] && !json_object_get(row, "evidence")) {
		buf_puts(&b, " ");
		buf_puts(&b, str(row, "url"));
	}
	size_t j;
	const json_t *e;
	int shown = 0;
	const json_t *ev = json_object_get(row, "evidence");
	if (!ev)
		ev = json_object_get(row, "developed_people");
	json_array_foreach(ev, j, e) {
		const char *t = str(e, "title");
		if (!t[0])
			t = str(e, "name");
		if (!t[0] || shown >= 3)
			continue;
		buf_puts(&b, shown ? ", " : ": ");
		buf_puts(&b, t);
		shown++;
	}
	para(rp, p, buf_cstr(&b), SMALL_PT, false, INDENT * 1.5, 0, PANGO_ALIGN_LEFT);
	buf_release(&b);
}

static void evidence_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๓. หลักฐานประกอบตัวชี้วัด");
	size_t i;
	const json_t *k;
	json_array_foreach(json_object_get(rp->d, "kpis"), i, k) {
		char line[600];
		snprintf(line, sizeof line, "%s %s", str(k, "code"), str(k, "name_th"));
		para(rp, p, line, BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
		if (json_is_true(json_object_get(k, "custom"))) {
			/* The committee's own measure: its note, then its evidence. */
			snprintf(line, sizeof line, "ผลที่คณะทำงานบันทึก%s%s",
				 str(k, "note")[0] ? ": " : "", str(k, "note")[0] ? str(k, "note") : "");
			para(rp, p, line, SMALL_PT, false, INDENT, 0, PANGO_ALIGN_LEFT);
			size_t j;
			const json_t *row;
			json_array_foreach(json_object_get(k, "rows"), j, row)
				if (j < EVIDENCE_MAX)
					evidence_line(rp, p, row);
			if (!json_array_size(json_object_get(k, "rows")))
				para(rp, p, "– ไม่มีหลักฐาน –", SMALL_PT, false, INDENT * 1.5, 0, PANGO_ALIGN_LEFT);
			p->y += 4;
			continue;
		}
		for (int counted = 1; counted >= 0; counted--) {
			para(rp, p, counted ? "รายการที่นับเป็นผลงาน" : "รายการที่ยังไม่เป็นผลงาน", SMALL_PT, true, INDENT,
			     0, PANGO_ALIGN_LEFT);
			size_t j;
			const json_t *row;
			int n = 0, more = 0;
			json_array_foreach(json_object_get(k, "rows"), j, row) {
				/* KPI1/KPI3 rows say "counted", KPI2's job lines "developed". */
				bool in = json_is_true(json_object_get(row, "counted")) ||
					  json_is_true(json_object_get(row, "developed"));
				if (in != (counted == 1))
					continue;
				if (n < EVIDENCE_MAX) {
					evidence_line(rp, p, row);
					n++;
				} else {
					more++;
				}
			}
			if (n == 0)
				para(rp, p, "– ไม่มี –", SMALL_PT, false, INDENT * 1.5, 0, PANGO_ALIGN_LEFT);
			if (more) {
				snprintf(line, sizeof line, "และอีก %d รายการ", more);
				para(rp, p, line, SMALL_PT, false, INDENT * 1.5, 0, PANGO_ALIGN_LEFT);
			}
		}
		p->y += 4;
	}
}

static void activity_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๔. กิจกรรมการพัฒนาบุคลากรในปีงบประมาณ");
	const json_t *acts = json_object_get(rp->d, "activities");
	if (!json_array_size(acts)) {
		para(rp, p, "ไม่มีกิจกรรมในปีงบประมาณนี้", BODY_PT, false, INDENT, 4, PANGO_ALIGN_LEFT);
		return;
	}
	const double w[] = {PDF_TEXT_W * 0.45, PDF_TEXT_W * 0.2, PDF_TEXT_W * 0.2, PDF_TEXT_W * 0.15};
	const char *head[] = {"กิจกรรม", "ประเภท", "วันที่", "ผู้เข้าร่วม (คน)"};
	table_row(rp, p, head, w, 4, true);
	size_t i;
	const json_t *a;
	json_array_foreach(acts, i, a) {
		char n[32];
		num(n, sizeof n, json_object_get(a, "participants"));
		const char *cells[] = {str(a, "title"), str(a, "kind_th"), str(a, "start_date"), n};
		table_row(rp, p, cells, w, 4, false);
	}
	p->y += 4;
}

static void gap_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๕. ช่องว่างองค์ความรู้");
	const json_t *cov = json_object_get(rp->d, "coverage");
	char line[600], a[32], b[32];
	num(a, sizeof a, json_object_get(cov, "covered"));
	num(b, sizeof b, json_object_get(cov, "total"));
	snprintf(line, sizeof line, "องค์ความรู้ที่จำเป็นซึ่งมีเอกสารเผยแพร่แล้ว %s จาก %s รายการ", a, b);
	para(rp, p, line, BODY_PT, false, INDENT, 2, PANGO_ALIGN_LEFT);
	const json_t *gaps = json_object_get(rp->d, "gaps");
	if (json_array_size(gaps))
		para(rp, p, "องค์ความรู้ที่ยังไม่มีเอกสาร", BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
	size_t i;
	const json_t *g;
	json_array_foreach(gaps, i, g) {
		snprintf(line, sizeof line, "• %s%s%s", str(g, "title"), str(g, "unit_name")[0] ? " — " : "",
			 str(g, "unit_name"));
		para(rp, p, line, SMALL_PT, false, INDENT * 1.5, 0, PANGO_ALIGN_LEFT);
	}
}

static void narrative_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๖. ปัญหา อุปสรรค และข้อเสนอแนะ");
	const char *pr = str(rp->d, "problems"), *po = str(rp->d, "proposals");
	para(rp, p, "ปัญหาและอุปสรรค", BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
	para(rp, p, pr[0] ? pr : "–", BODY_PT, false, INDENT, 4, PANGO_ALIGN_LEFT);
	para(rp, p, "ข้อเสนอแนะ", BODY_PT, true, INDENT, 0, PANGO_ALIGN_LEFT);
	para(rp, p, po[0] ? po : "–", BODY_PT, false, INDENT, 4, PANGO_ALIGN_LEFT);
}

static void committee_section(struct rpass *rp, struct pdf_pen *p)
{
	heading(rp, p, "๗. คณะกรรมการจัดการความรู้");
	const json_t *com = json_object_get(rp->d, "committee");
	if (!json_array_size(com)) {
		para(rp, p, "ยังไม่ได้แต่งตั้งคณะกรรมการ", BODY_PT, false, INDENT, 4, PANGO_ALIGN_LEFT);
		return;
	}
	const double w[] = {PDF_TEXT_W * 0.1, PDF_TEXT_W * 0.35, PDF_TEXT_W * 0.33, PDF_TEXT_W * 0.22};
	const char *head[] = {"ลำดับ", "ชื่อ – สกุล", "ตำแหน่ง", "หน้าที่"};
	table_row(rp, p, head, w, 4, true);
	size_t i;
	const json_t *m;
	json_array_foreach(com, i, m) {
		char n[24];
		snprintf(n, sizeof n, "%zu", i + 1);
		const char *cells[] = {n, str(m, "name"), str(m, "position"), str(m, "role_th")};
		table_row(rp, p, cells, w, 4, false);
	}
}

static int body(struct pdf_pen *p, void *ctx)
{
	struct rpass *rp = ctx;
	cover(rp, p);
	plan_section(rp, p);
	int rc = kpi_section(rp, p);
	if (rc)
		return rc;
	evidence_section(rp, p);
	activity_section(rp, p);
	gap_section(rp, p);
	narrative_section(rp, p);
	committee_section(rp, p);
	return rp->err;
}

int report_pdf_render(const json_t *r, bool thai_digits, struct buf *out)
{
	assert(out);
	const json_t *d = json_object_get(r, "data");
	if (!json_is_object(d))
		return err_fail(ERR_INVAL, "data", "รายงานไม่มีข้อมูล", "The report holds no data.");
	struct rpass rp = {.r = r, .d = d, .thai = thai_digits};
	const struct pdf_pen_opts o = {.title = "รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้",
				       .first_top = PDF_MARGIN_T,
				       .thai_digits = true};
	return pdf_pen_render(&o, body, &rp, out);
}
