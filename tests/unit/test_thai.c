/* Tests of thai/: normalisation rules, word segmentation, TCC boundaries
 * (a property checked over the gold files' text when they are present),
 * Latin and number tokens, unknown runs and their fallback units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "thai/normalize.h"
#include "thai/segment.h"
#include "thai/terms.h"
#include "thai/thai_int.h"

static struct thai_dict *dict;

static int setup(void **state)
{
	(void)state;
	return thai_dict_load_default(&dict);
}

static int teardown(void **state)
{
	(void)state;
	thai_dict_free(dict);
	return 0;
}

/* Normalises `in` and checks the result is `want`. */
static void norm_is(const char *in, const char *want)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	assert_int_equal(thai_normalize(in, strlen(in), &b), 0);
	assert_string_equal(buf_cstr(&b), want);
	assert_true(utf8_valid_text(b.p ? b.p : "", b.len));
	buf_release(&b);
}

static void normalize_rules(void **state)
{
	(void)state;
	norm_is("น\u0E4D\u0E32", "นำ");                           /* ํ + า → ำ */
	norm_is("น\u0E4D\u0E49\u0E32", "น้ำ");                      /* ํ ้ า → ้ำ */
	norm_is("น\u0E49\u0E4D\u0E32", "น้ำ");                      /* ้ ํ า → ้ำ */
	norm_is("น\u0E33\u0E49", "น้ำ");                            /* ำ ้ → ้ำ */
	norm_is("ป\u0E48\u0E39", "ปู่");                            /* tone before ู → after */
	norm_is("ก\u0E48\u0E34", "กิ่");                            /* tone before ิ → after */
	norm_is("ก\u0E48\u0E48า", "ก่า");                           /* doubled tone mark */
	norm_is("กิิน", "กิน");                                      /* doubled vowel mark */
	norm_is("เเมว", "แมว");                                     /* เเ → แ */
	norm_is("ความ\u200Bรู้\u00AD\uFEFF\u200C\u200D\u2060", "ความรู้"); /* invisibles */
	norm_is("ปี ๒๕๖๘", "ปี 2568");                               /* Thai digits */
	norm_is("\uFF11\uFF12", "12");                               /* full-width digits */
	norm_is("KM Portal ÀÉ", "km portal àé");                     /* Latin case */
	norm_is("\uFF2B\uFF2D", "km");                               /* full-width Latin */
	norm_is("ดีๆ", "ดีๆ");                                       /* ๆ kept */
	norm_is("", "");
	struct buf b;
	buf_init(&b, 1 << 20);
	assert_int_equal(thai_normalize("\xE0\xB8", 2, &b), ERR_INVAL);
	buf_release(&b);
}

/* Segments `text` and checks the tokens, joined with '|' (spaces dropped). */
struct joined {
	struct buf b;
	const char *p;
};

static int join_tok(void *ctx, const struct thai_tok *t)
{
	struct joined *j = ctx;
	if (t->kind == THAI_TOK_SPACE)
		return 0;
	if (j->b.len)
		buf_putc(&j->b, '|');
	buf_append(&j->b, j->p + t->off, t->len);
	return 0;
}

static void seg_is(const char *text, const char *want)
{
	struct joined j = {.p = text};
	buf_init(&j.b, 1 << 20);
	assert_int_equal(thai_segment(dict, text, strlen(text), join_tok, &j), 0);
	assert_string_equal(buf_cstr(&j.b), want);
	buf_release(&j.b);
}

static void segment_sentences(void **state)
{
	(void)state;
	/* klang's compounds stay one search word: the built-in list holds them */
	seg_is("การจัดการความรู้ในองค์กร", "การจัดการความรู้|ใน|องค์กร");
	seg_is("คู่มือการปฏิบัติงานปีงบประมาณ", "คู่มือการปฏิบัติงาน|ปีงบประมาณ");
	seg_is("ตัวชี้วัดยุทธศาสตร์ของเทศบาล", "ตัวชี้วัด|ยุทธศาสตร์|ของ|เทศบาล");
	seg_is("ฉันกินข้าว", "ฉัน|กิน|ข้าว");
	seg_is("ไปโรงเรียน", "ไป|โรงเรียน");
	/* การ and ความ stay with the word they make a noun of */
	seg_is("การศึกษาและความสุข", "การศึกษา|และ|ความสุข");
	/* a transliteration stays one unknown run instead of rare short words */
	seg_is("โคริชูลแมนเขียน", "โคริชูล|แมน|เขียน");
	/* a word stretched for emphasis stays one token */
	seg_is("แพงมากกกกเลย", "แพง|มากกกก|เลย");
	seg_is("สวยสุดดด", "สวย|สุดดด");
	seg_is("มากมาย", "มากมาย");
}

static void segment_latin_numbers(void **state)
{
	(void)state;
	seg_is("ใช้ Python3 กับ KM", "ใช้|Python3|กับ|KM");
	seg_is("ราคา 1,250.50 บาท", "ราคา|1,250.50|บาท");
	seg_is("ปี๒๕๖๘", "ปี|๒๕๖๘");
	seg_is("ดีๆ!!", "ดี|ๆ|!|!");
	seg_is("เวลา 10:30 น.", "เวลา|10:30|น.");
}

static void segment_social_media(void **state)
{
	(void)state;
	/* a web address or an @name is one token; an e-mail address is not */
	seg_is("ดูที่ https://www.example.co.th/a-b?x=1. นะ", "ดู|ที่|https://www.example.co.th/a-b?x=1|.|นะ");
	seg_is("ที่ www.example.com/x", "ที่|www.example.com/x");
	seg_is("ตาม @user_1 ไป", "ตาม|@user_1|ไป");
	seg_is("ส่ง a@b.com", "ส่ง|a|@|b|.|com");
	/* - ' ’ & _ between letters or digits stay inside a Latin word */
	seg_is("รถ HR-V กับ Kiehl’s และ AT&T", "รถ|HR-V|กับ|Kiehl’s|และ|AT&T");
	seg_is("e- GP", "e|-|GP");
	/* digits written before letters make one Latin word */
	seg_is("ซื้อ 4u2 ขนาด 2GB", "ซื้อ|4u2|ขนาด|2GB");
	/* a + after a number or word, and the ".-" of a price, belong to it */
	seg_is("555+ ราคา 199.- ค่ะ", "555+|ราคา|199.-|ค่ะ");
	seg_is("SPF50 PA+++ 1+1", "SPF50|PA+++|1|+|1");
	/* a repeated symbol is one token, ! and ? one by one */
	seg_is("((((ok)))) >> !!", "((((|ok|))))|>>|!|!");
	/* an ASCII emoticon is one token */
	seg_is("ดีมาก :) T_T <3 ^_^", "ดี|มาก|:)|T_T|<3|^_^");
	/* the number of a list item keeps its "." or ")" */
	seg_is("1. ข้อแรก 2) ข้อสอง", "1.|ข้อ|แรก|2)|ข้อ|สอง");
	seg_is("ราคา 2.5", "ราคา|2.5");
	/* an abbreviation keeps its dots: consonants only, or a chain */
	seg_is("ไป จ. กับ กทม. ปี พ.ศ. 2567 เม.ย.", "ไป|จ.|กับ|กทม.|ปี|พ.ศ.|2567|เม.ย.");
	seg_is("ค.ศ.1990 ดี...", "ค.ศ.|1990|ดี|...");
	seg_is("กับอ. ค้าบ.", "กับ|อ.|ค้าบ|.");
	/* a consonant that is no word alone joins the syllable it closes, or
	 * at the start of a run the word it opens */
	seg_is("ยาคุม", "ยาคุม");
	seg_is("หรือคร้า", "หรือ|คร้า");
	seg_is("แย้วเลย", "แย้ว|เลย");
	seg_is("สถุน", "สถุน");
	/* a word with its last letter stretched stays one token */
	seg_is("ก็ไปปป", "ก็|ไปปป");
	seg_is("นะะะะมา", "นะะะะ|มา");
	seg_is("พ่องงงงง", "พ่องงงงง");
	seg_is("ผมงงมาก", "ผม|งง|มาก");
	/* a zero-width space opens the word after it */
	seg_is("กิน\u200bข้าว \u200bไป", "กิน|\u200bข้าว|\u200bไป");
}

static int join_term(void *ctx, const struct thai_term *t)
{
	struct buf *b = ctx;
	if (t->colocated)
		return 0;
	if (b->len)
		buf_putc(b, '|');
	buf_append(b, t->p, t->n);
	return 0;
}

static void terms_are(const char *text, const char *want)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(thai_terms(dict, text, strlen(text), 0, join_term, &b), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void terms_of_joined_tokens(void **state)
{
	(void)state;
	/* what the segmenter keeps together is searched as before, by its parts */
	terms_are("ดู https://www.Example.co.th/a-1 นะ", "ดู|https|www|example|co|th|a|1|นะ");
	terms_are("รถ HR-V ของ @Shop_TH", "รถ|hr|v|ของ|shop|th");
	terms_are("555+ ราคา 199.- บาท 1. ข้อ", "555|ราคา|199|บาท|1|ข้อ");
	terms_are("ไป จ. กับ กทม. เม.ย.", "ไป|จ|กับ|กทม|เมย");
}

static int kinds_tok(void *ctx, const struct thai_tok *t)
{
	struct buf *b = ctx;
	buf_putc(b, (char)('0' + t->kind));
	return 0;
}

static void segment_kinds_and_unknown(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1 << 10);
	const char *s = "ไป abc 12 ?";
	assert_int_equal(thai_segment(dict, s, strlen(s), kinds_tok, &b), 0);
	char want[] = {'0' + THAI_TOK_WORD,   '0' + THAI_TOK_SPACE,  '0' + THAI_TOK_LATIN,
		       '0' + THAI_TOK_SPACE,  '0' + THAI_TOK_NUMBER, '0' + THAI_TOK_SPACE,
		       '0' + THAI_TOK_PUNCT,  0};
	assert_string_equal(buf_cstr(&b), want);
	buf_reset(&b);
	/* a run outside the dictionary is one unknown token */
	s = "ฏฐฑฒ";
	assert_int_equal(thai_segment(dict, s, strlen(s), kinds_tok, &b), 0);
	assert_int_equal(b.len, 1);
	assert_int_equal(b.p[0], '0' + THAI_TOK_UNKNOWN);
	buf_release(&b);
	/* an organisation's word makes an unknown name findable as a word */
	seg_is("คุณกรรณิการ์ศรีสุข", "คุณ|กรรณิการ์|ศรี|สุข");
	assert_int_equal(thai_dict_add(dict, "ศรีสุข"), 0);
	assert_int_not_equal(thai_dict_lookup(dict, "ศรีสุข", strlen("ศรีสุข")) & THAI_SRC_ORG, 0);
	seg_is("คุณกรรณิการ์ศรีสุข", "คุณ|กรรณิการ์|ศรีสุข");
	assert_int_equal(thai_dict_add(dict, ""), ERR_INVAL);
}

static int units_tok(void *ctx, const struct thai_tok *t)
{
	return t->kind == THAI_TOK_UNKNOWN ? join_tok(ctx, t) : 1;
}

static void fallback_units(void **state)
{
	(void)state;
	const char *s = "ชูลแมน";
	struct joined j = {.p = s};
	buf_init(&j.b, 1 << 10);
	assert_int_equal(thai_units(s, strlen(s), THAI_UNIT_TCC, units_tok, &j), 0);
	assert_string_equal(buf_cstr(&j.b), "ชู|ล|แม|น");
	buf_reset(&j.b);
	assert_int_equal(thai_units(s, strlen(s), THAI_UNIT_BIGRAM, units_tok, &j), 0);
	assert_string_equal(buf_cstr(&j.b), "ชูล|ลแม|แมน");
	buf_reset(&j.b);
	s = "เกาะ";
	j.p = s;
	assert_int_equal(thai_units(s, strlen(s), THAI_UNIT_BIGRAM, units_tok, &j), 0);
	assert_string_equal(buf_cstr(&j.b), "เกาะ");
	buf_release(&j.b);
}

/* The property: every token boundary is a UTF-8 boundary and a TCC boundary,
 * and tokens tile the text. */
struct check {
	const char *p;
	size_t n, next;
	const uint32_t *cp;
	const size_t *off;
	const uint8_t *tcc; /* per byte: 1 if a cluster starts here */
	size_t bad;
};

static int check_tok(void *ctx, const struct thai_tok *t)
{
	struct check *c = ctx;
	if (t->off != c->next || t->len == 0)
		c->bad++;
	c->next = t->off + t->len;
	if (((unsigned char)c->p[t->off] & 0xC0) == 0x80)
		c->bad++;
	if (t->kind == THAI_TOK_WORD || t->kind == THAI_TOK_UNKNOWN) {
		if (!c->tcc[t->off] || (c->next < c->n && !c->tcc[c->next]))
			c->bad++;
	}
	return 0;
}

static void check_text(const char *p, size_t n, size_t *bad)
{
	uint32_t *cp = malloc((n + 1) * sizeof *cp);
	size_t *off = malloc((n + 1) * sizeof *off);
	uint8_t *tcc = calloc(n + 1, 1);
	assert_non_null(cp);
	assert_non_null(off);
	assert_non_null(tcc);
	size_t m = thai_decode(p, n, cp, off);
	/* clusters over each Thai-letter run, as the segmenter sees them */
	size_t i = 0;
	while (i < m) {
		if (!thai_cp_letter(cp[i])) {
			tcc[off[i]] = !thai_cp_attach(cp[i]);
			i++;
			continue;
		}
		size_t a = i;
		while (i < m && thai_cp_letter(cp[i]))
			i++;
		for (size_t k = 0; k < i - a; k += thai_tcc_len(cp + a, i - a, k))
			tcc[off[a + k]] = 1;
	}
	tcc[n] = 1;
	struct check c = {p, n, 0, cp, off, tcc, 0};
	assert_int_equal(thai_segment(dict, p, n, check_tok, &c), 0);
	if (c.next != n)
		c.bad++;
	*bad += c.bad;
	free(cp);
	free(off);
	free(tcc);
}

static void tcc_property(void **state)
{
	(void)state;
	static const char *const files[] = {
		"/work/shared/data/wordseg/wisesight-1000.txt",
		"/work/shared/data/wordseg/ud-thai-pud.txt",
	};
	size_t bad = 0, lines = 0;
	check_text("แคปิตอลฮิลจันทร์องค์ศาสตร์เสียเป็นกัน", strlen("แคปิตอลฮิลจันทร์องค์ศาสตร์เสียเป็นกัน"), &bad);
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		FILE *fp = fopen(files[f], "r");
		if (!fp)
			continue; /* the gold data lives outside the repository */
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		while ((len = getline(&line, &cap, fp)) > 0) {
			size_t k = 0;
			for (ssize_t i = 0; i < len; i++) {
				if (line[i] != '|' && line[i] != '\n')
					line[k++] = line[i];
			}
			check_text(line, k, &bad);
			lines++;
		}
		free(line);
		fclose(fp);
	}
	print_message("tcc property: %zu lines checked\n", lines);
	assert_int_equal(bad, 0);
}

static void tcc_clusters(void **state)
{
	(void)state;
	const char *s = "เป็นกันเสียองค์จันทร์";
	struct joined j = {.p = s};
	buf_init(&j.b, 1 << 10);
	assert_int_equal(thai_units(s, strlen(s), THAI_UNIT_TCC, units_tok, &j), 0);
	assert_string_equal(buf_cstr(&j.b), "เป็น|กัน|เสีย|อ|งค์|จัน|ทร์");
	buf_release(&j.b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalize_rules),
		cmocka_unit_test(segment_sentences),
		cmocka_unit_test(segment_latin_numbers),
		cmocka_unit_test(segment_social_media),
		cmocka_unit_test(terms_of_joined_tokens),
		cmocka_unit_test(segment_kinds_and_unknown),
		cmocka_unit_test(fallback_units),
		cmocka_unit_test(tcc_clusters),
		cmocka_unit_test(tcc_property),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
