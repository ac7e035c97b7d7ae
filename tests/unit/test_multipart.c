/* Tests of web/multipart: multipart/form-data parsing (boundaries, delimiters,
 * headers, names, limits) and the cleaning of client-supplied file names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/utf8.h"
#include "web/multipart.h"

#define CT "multipart/form-data; boundary=XyZ"
#define BODY(lit) (lit), sizeof(lit) - 1

/* Thai รายงาน ("report") in UTF-8 and percent-encoded. */
#define RAYNGAN "\xe0\xb8\xa3\xe0\xb8\xb2\xe0\xb8\xa2\xe0\xb8\x87\xe0\xb8\xb2\xe0\xb8\x99"
#define RAYNGAN_PCT "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99"

static int setup(void **state)
{
	*state = arena_new(1 << 22);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Parses and checks the failure contract: nothing out, the detail recorded. */
static int parse(struct arena *a, const char *ct, const char *body, size_t n,
		 const struct multipart_limits *lim, struct multipart_part **parts, size_t *count)
{
	err_clear();
	int rc = multipart_parse(a, ct, body, n, lim, parts, count);
	if (rc) {
		assert_null(*parts);
		assert_int_equal(*count, 0);
		assert_int_equal(err_last()->code, rc);
	}
	return rc;
}

static int parse_ct(struct arena *a, const char *ct, const char *body, size_t n)
{
	struct multipart_part *parts;
	size_t count;
	return parse(a, ct, body, n, NULL, &parts, &count);
}

static void assert_str(struct str s, const char *want)
{
	assert_non_null(s.p);
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.p, want, s.len);
	assert_int_equal(s.p[s.len], 0);
}

static void assert_inside(struct str s, const char *body, size_t n)
{
	assert_true(s.p >= body && s.p <= body + n);
	assert_true(s.len <= (size_t)(body + n - s.p));
}

#define WEBKIT "----WebKitFormBoundary7MA4YWxkTrZu0gW"
/* File bytes holding CRLF, "--", the boundary after bare LF, after CR alone,
 * after other bytes, after CRLF with two dashes too few, a NUL and 0xFF. */
#define FILE_BYTES                                                                               \
	"%PDF-1.4\r\n--\r\n" WEBKIT "\r\nx--" WEBKIT "--\n--" WEBKIT "\r\n\r--" WEBKIT \
	"\r\n\0\xff\r\n--"

static const char browser_body[] = "--" WEBKIT "\r\n"
				   "Content-Disposition: form-data; name=\"title\"\r\n"
				   "\r\n"
				   "\xe0\xb9\x81\xe0\xb8\x9c\xe0\xb8\x99 2568\r\n"
				   "--" WEBKIT "\r\n"
				   "content-disposition: form-data; name=\"note\"\r\n"
				   "\r\n"
				   "line1\r\nline2 -- end\r\n"
				   "--" WEBKIT "\r\n"
				   "Content-Disposition: form-data; name=\"upload\"; filename=\"plan.pdf\"\r\n"
				   "Content-Type: application/pdf\r\n"
				   "\r\n" FILE_BYTES "\r\n"
				   "--" WEBKIT "--\r\n";

static void browser_shaped_body(void **state)
{
	struct arena *a = *state;
	struct multipart_part *p;
	size_t n;
	const char *body = browser_body;
	size_t len = sizeof browser_body - 1;
	assert_int_equal(parse(a, "multipart/form-data; boundary=" WEBKIT, body, len, NULL, &p, &n), 0);
	assert_int_equal(n, 3);

	assert_str(p[0].name, "title");
	assert_null(p[0].filename.p);
	assert_str(p[0].content_type, "text/plain");
	assert_int_equal(p[0].data.len, strlen("\xe0\xb9\x81\xe0\xb8\x9c\xe0\xb8\x99 2568"));
	assert_memory_equal(p[0].data.p, "\xe0\xb9\x81\xe0\xb8\x9c\xe0\xb8\x99 2568", p[0].data.len);

	assert_str(p[1].name, "note");
	assert_int_equal(p[1].data.len, strlen("line1\r\nline2 -- end"));
	assert_memory_equal(p[1].data.p, "line1\r\nline2 -- end", p[1].data.len);

	assert_str(p[2].name, "upload");
	assert_str(p[2].filename, "plan.pdf");
	assert_str(p[2].content_type, "application/pdf");
	assert_int_equal(p[2].data.len, sizeof FILE_BYTES - 1);
	assert_memory_equal(p[2].data.p, FILE_BYTES, sizeof FILE_BYTES - 1);

	for (size_t i = 0; i < n; i++)
		assert_inside(p[i].data, body, len);
	/* Data is a slice of the body, not a copy. */
	assert_ptr_equal(p[2].data.p, strstr(body, "%PDF"));

	assert_ptr_equal(multipart_get(p, n, "note"), &p[1]);
	assert_ptr_equal(multipart_get(p, n, "upload"), &p[2]);
	assert_null(multipart_get(p, n, "Upload"));
	assert_null(multipart_get(p, n, "nope"));
}

static void boundary_forms(void **state)
{
	struct arena *a = *state;
	struct multipart_part *p;
	size_t n;
	/* Quoted, with characters only a quoted boundary may hold; the parameter name in
	 * any case; a decoy "boundary=" inside another parameter's quoted value. */
	const char ct[] = "Multipart/Form-Data; charset=utf-8; x=\"; boundary=wrong\"; "
			  "BOUNDARY=\"a b:c?=\"";
	static const char body[] = "--a b:c?=\r\n"
				   "Content-Disposition: form-data; name=x\r\n"
				   "\r\n"
				   "1\r\n"
				   "--a b:c?=--";
	assert_int_equal(parse(a, ct, BODY(body), NULL, &p, &n), 0);
	assert_int_equal(n, 1);
	assert_str(p[0].name, "x");
	assert_int_equal(p[0].data.len, 1);
	assert_memory_equal(p[0].data.p, "1", 1);

	/* The token form, with spaces around the '='. */
	static const char body2[] = "--XyZ\r\nContent-Disposition: form-data; name=y\r\n\r\nv\r\n--XyZ--";
	assert_int_equal(parse_ct(a, "multipart/form-data ; boundary = XyZ", BODY(body2)), 0);

	/* 70 characters is the longest boundary; 71 is refused. */
	char ct70[128], body70[256];
	memset(ct70, 0, sizeof ct70);
	memcpy(ct70, "multipart/form-data; boundary=", 30);
	memset(ct70 + 30, 'b', 70);
	memcpy(body70, "--", 2);
	memset(body70 + 2, 'b', 70);
	const char mid[] = "\r\nContent-Disposition: form-data; name=z\r\n\r\nv\r\n--";
	memcpy(body70 + 72, mid, sizeof mid - 1);
	size_t bl = 72 + sizeof mid - 1;
	memset(body70 + bl, 'b', 70);
	memcpy(body70 + bl + 70, "--", 2);
	assert_int_equal(parse_ct(a, ct70, body70, bl + 72), 0);
	ct70[100] = 'b';
	assert_int_equal(parse_ct(a, ct70, body70, bl + 72), ERR_INVAL);
}

/* A one-part body delimited by `b`, into buf. */
static size_t body_for(char *buf, size_t cap, const char *b)
{
	int n = snprintf(buf, cap, "--%s\r\nContent-Disposition: form-data; name=y\r\n\r\nv\r\n--%s--", b, b);
	assert_true(n > 0 && (size_t)n < cap);
	return (size_t)n;
}

static void missing_or_invalid_boundary(void **state)
{
	struct arena *a = *state;
	char body[256];
	/* Each Content-Type comes with the boundary its body would use if accepted. */
	static const struct {
		const char *ct, *boundary;
	} bad[] = {
		{"multipart/form-data", "XyZ"},
		{"multipart/form-data;", "XyZ"},
		{"multipart/form-data; boundary=", ""},
		{"multipart/form-data; boundary=\"\"", ""},
		{"multipart/form-data; boundary=\"XyZ", "XyZ"},
		{"multipart/form-data; boundary=\"XyZ \"", "XyZ "},
		{"multipart/form-data; boundary=\"Xy{Z\"", "Xy{Z"},
		{"multipart/form-data; boundary=\"Xy\xe0\xb8\x81Z\"", "Xy\xe0\xb8\x81Z"},
		{"multipart/form-data; boundary=XyZ; boundary=XyZ", "XyZ"},
		{"multipart/form-data; boundary", "XyZ"},
		{"multipart/form-data boundary=XyZ", "XyZ"},
		{"multipart/mixed; boundary=XyZ", "XyZ"},
		{"text/plain; boundary=XyZ", "XyZ"},
		{"multipart/form-data; boundary=Xy\x01Z", "Xy\x01Z"},
		{"multipart/form-data; x=\"a\x01\"; boundary=XyZ", "XyZ"},
		{"", "XyZ"},
	};
	size_t n = body_for(body, sizeof body, "XyZ");
	assert_int_equal(parse_ct(a, CT, body, n), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = body_for(body, sizeof body, bad[i].boundary);
		assert_int_equal(parse_ct(a, bad[i].ct, body, n), ERR_INVAL);
	}
	n = body_for(body, sizeof body, "XyZ");
	assert_int_equal(parse_ct(a, NULL, body, n), ERR_INVAL);
	/* A trailing ';' and a space inside a quoted boundary are fine. */
	assert_int_equal(parse_ct(a, CT ";", body, n), 0);
	n = body_for(body, sizeof body, "X Z");
	assert_int_equal(parse_ct(a, "multipart/form-data; boundary=\"X Z\"", body, n), 0);
}

static void thai_file_names(void **state)
{
	struct arena *a = *state;
	struct multipart_part *p;
	size_t n;
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"raw\"; filename=\"" RAYNGAN ".pdf\"\r\n"
		"\r\n"
		"A\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"ext\"; filename=\"fallback.pdf\"; "
		"filename*=UTF-8''" RAYNGAN_PCT ".pdf\r\n"
		"\r\n"
		"B\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; filename*=utf-8'th'" RAYNGAN_PCT "; name=\"lang\"\r\n"
		"\r\n"
		"C\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"q\"; filename=\"say \\\"hi\\\".txt\"\r\n"
		"\r\n"
		"D\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"ie\"; filename=\"C:\\docs\\" RAYNGAN ".doc\"\r\n"
		"\r\n"
		"E\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"none\"; filename=\"\"\r\n"
		"Content-Type: application/octet-stream\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n";
	assert_int_equal(parse(a, CT, BODY(body), NULL, &p, &n), 0);
	assert_int_equal(n, 6);
	assert_str(p[0].filename, RAYNGAN ".pdf");
	assert_str(p[1].filename, RAYNGAN ".pdf");
	assert_str(p[2].name, "lang");
	assert_str(p[2].filename, RAYNGAN);
	assert_str(p[3].filename, "say \"hi\".txt");
	assert_str(p[4].filename, "C:\\docs\\" RAYNGAN ".doc");
	assert_string_equal(multipart_safe_filename(a, p[4].filename.p), RAYNGAN ".doc");
	assert_str(p[5].filename, ""); /* sent empty: present, not NULL as for a field */
	assert_int_equal(p[5].data.len, 0);

	/* filename* that is malformed or not UTF-8 is refused, even with a filename. */
	static const char *const bad[] = {
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename*=UTF-8''%E0%B8\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename*=ISO-8859-1''%E9\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%4\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%zz\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename*=UTF-8%41\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''a%0Ab\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''a; filename*=UTF-8''b\r\n\r\n\r\n--XyZ--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(parse_ct(a, CT, bad[i], strlen(bad[i])), ERR_INVAL);
}

static void invalid_names(void **state)
{
	struct arena *a = *state;
	static const char *const bad[] = {
		"--XyZ\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"\xe0\xb8\"\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"\xc0\xaf\"\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename=\"\xed\xa0\x80.txt\"\r\n\r\n\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\tb\"\r\n\r\n\r\n--XyZ--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse_ct(a, CT, bad[i], strlen(bad[i])), ERR_INVAL);
		assert_string_equal(err_last()->field, "file");
	}
	/* The same shape with valid names passes. */
	static const char ok[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"\xe0\xb8\x81\"; filename=\"\xe0\xb8\x82\"\r\n\r\n\r\n--XyZ--";
	assert_int_equal(parse_ct(a, CT, BODY(ok)), 0);
}

static void missing_closing_delimiter(void **state)
{
	struct arena *a = *state;
	static const char *const bad[] = {
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--XyZ",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--XyZ-",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--XyZ\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a",
		"--XyZ",
		"no delimiter at all",
		/* A delimiter must complete its line. */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZW\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--x",
		"--XyZ \t x\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(parse_ct(a, CT, bad[i], strlen(bad[i])), ERR_INVAL);
	static const char ok[] = "--XyZ \t\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ-- \r\n";
	assert_int_equal(parse_ct(a, CT, BODY(ok)), 0);
}

static void empty_body_and_empty_parts(void **state)
{
	struct arena *a = *state;
	struct multipart_part *p;
	size_t n;
	assert_int_equal(parse_ct(a, CT, "", 0), ERR_INVAL);
	assert_int_equal(parse_ct(a, CT, NULL, 0), ERR_INVAL);
	/* What a browser sends for a form without fields. */
	assert_int_equal(parse(a, CT, BODY("--XyZ--\r\n"), NULL, &p, &n), 0);
	assert_int_equal(n, 0);
	assert_null(p);
	/* Empty data, written with and without the empty line's own CRLF. */
	static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n"
				   "--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n"
				   "--XyZ\r\nContent-Disposition: form-data; name=c\r\n\r\n\r\n\r\n"
				   "--XyZ--";
	assert_int_equal(parse(a, CT, BODY(body), NULL, &p, &n), 0);
	assert_int_equal(n, 3);
	assert_str(p[0].name, "a");
	assert_int_equal(p[0].data.len, 0);
	assert_str(p[1].name, "b");
	assert_int_equal(p[1].data.len, 0);
	assert_str(p[2].name, "c");
	assert_int_equal(p[2].data.len, 2);
	assert_memory_equal(p[2].data.p, "\r\n", 2);
}

static void preamble_and_epilogue(void **state)
{
	struct arena *a = *state;
	struct multipart_part *p;
	size_t n;
	static const char body[] = "This is the preamble. --XyZ is not a delimiter here.\r\n"
				   "--XyZ\r\n"
				   "Content-Disposition: form-data; name=only\r\n"
				   "\r\n"
				   "kept\r\n"
				   "--XyZ--\r\n"
				   "epilogue\r\n"
				   "--XyZ\r\n"
				   "Content-Disposition: form-data; name=smuggled\r\n"
				   "\r\n"
				   "ignored\r\n"
				   "--XyZ--\r\n";
	assert_int_equal(parse(a, CT, BODY(body), NULL, &p, &n), 0);
	assert_int_equal(n, 1);
	assert_str(p[0].name, "only");
	assert_int_equal(p[0].data.len, 4);
	assert_memory_equal(p[0].data.p, "kept", 4);
	assert_null(multipart_get(p, n, "smuggled"));
}

static void limits(void **state)
{
	struct arena *a = *state;
	struct multipart_part *p;
	size_t n;
	static const char three[] = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
				    "--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n"
				    "--XyZ\r\nContent-Disposition: form-data; name=c\r\n\r\n3\r\n"
				    "--XyZ--";
	struct multipart_limits lim = MULTIPART_LIMITS_DEFAULT;
	lim.max_parts = 3;
	assert_int_equal(parse(a, CT, BODY(three), &lim, &p, &n), 0);
	assert_int_equal(n, 3);
	lim.max_parts = 2;
	assert_int_equal(parse(a, CT, BODY(three), &lim, &p, &n), ERR_TOOBIG);

	/* More than the default 64 parts, built in a loop. */
	static char many[65 * 64 + 16];
	size_t len = 0;
	for (int i = 0; i < 65; i++)
		len += (size_t)snprintf(many + len, sizeof many - len,
					"--XyZ\r\nContent-Disposition: form-data; name=f%d\r\n\r\nv\r\n", i);
	len += (size_t)snprintf(many + len, sizeof many - len, "--XyZ--");
	assert_int_equal(parse(a, CT, many, len, NULL, &p, &n), ERR_TOOBIG);

	/* Header bytes, counting the empty line. */
	static const char one[] = "--XyZ\r\nContent-Disposition: form-data; name=abcdefghij\r\n\r\nv\r\n--XyZ--";
	size_t section = strlen("Content-Disposition: form-data; name=abcdefghij\r\n\r\n");
	lim = MULTIPART_LIMITS_DEFAULT;
	lim.max_header_bytes = section;
	assert_int_equal(parse(a, CT, BODY(one), &lim, &p, &n), 0);
	lim.max_header_bytes = section - 1;
	assert_int_equal(parse(a, CT, BODY(one), &lim, &p, &n), ERR_TOOBIG);

	/* An 8 KiB header line against the default limit. */
	static char big[9000];
	len = (size_t)snprintf(big, sizeof big, "--XyZ\r\nX-Pad: ");
	memset(big + len, 'x', 8200);
	len += 8200;
	len += (size_t)snprintf(big + len, sizeof big - len,
				"\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--");
	assert_int_equal(parse(a, CT, big, len, NULL, &p, &n), ERR_TOOBIG);

	/* Header count. */
	static const char hdrs[] = "--XyZ\r\nX-A: 1\r\nX-B: 2\r\nContent-Disposition: form-data; name=a\r\n"
				   "\r\nv\r\n--XyZ--";
	lim = MULTIPART_LIMITS_DEFAULT;
	lim.max_headers = 3;
	assert_int_equal(parse(a, CT, BODY(hdrs), &lim, &p, &n), 0);
	lim.max_headers = 2;
	assert_int_equal(parse(a, CT, BODY(hdrs), &lim, &p, &n), ERR_TOOBIG);

	/* Field name length. */
	lim = MULTIPART_LIMITS_DEFAULT;
	lim.max_name = 10;
	assert_int_equal(parse(a, CT, BODY(one), &lim, &p, &n), 0);
	lim.max_name = 9;
	assert_int_equal(parse(a, CT, BODY(one), &lim, &p, &n), ERR_TOOBIG);
}

static void malformed_headers(void **state)
{
	struct arena *a = *state;
#define PART(h) "--XyZ\r\n" h "\r\n\r\nv\r\n--XyZ--"
	static const char *const bad[] = {
		PART("Content-Disposition form-data; name=a"),                          /* no colon */
		PART("Content-Disposition: form-data; name=a\r\n filename=x"),         /* folding */
		PART("Content-Disposition: form-data; name=a\r\n\tX-Folded: 1"),        /* folding */
		PART("Content-Disposition : form-data; name=a"),                        /* space before ':' */
		PART(": form-data; name=a"),                                            /* empty name */
		PART("Content-Disposition: attachment; name=a"),                        /* not form-data */
		PART("Content-Disposition: inline"),                                    /* not form-data */
		PART("Content-Disposition: form-data; filename=a"),                     /* no name */
		PART("Content-Disposition: form-data; name=a; name=b"),                 /* repeated name */
		PART("Content-Disposition: form-data; name=a; filename=x; filename=y"), /* repeated */
		PART("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b"),
		PART("Content-Disposition: form-data; name=\"a"),              /* unterminated quote */
		PART("Content-Disposition: form-data; name=a b"),              /* junk after value */
		PART("Content-Disposition: form-data; name"),                  /* no '=' */
		PART("Content-Disposition: form-data; =x; name=a"),            /* no parameter name */
		PART("Content-Disposition: form-data; name=\"a\r\"b\""),       /* CR inside */
		PART("Content-Disposition: form-data; name=a\r\nContent-Type: pdf"),
		PART("Content-Disposition: form-data; name=a\r\nContent-Type: text/"),
		PART("Content-Disposition: form-data; name=a\r\nContent-Type: text/plain junk"),
		PART("Content-Disposition: form-data; name=a\r\nContent-Type:"),
		PART("Content-Disposition: form-data; name=a\r\nContent-Type: a/b\r\nContent-Type: a/b"),
		PART("Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: base64"),
		PART("X-Other: 1"), /* no Content-Disposition */
		PART("Content-Disposition: form-data; name=a\r\nX-Other: a\x01" "b"), /* control */
		PART("Content-Disposition: form-data; name=a\r\nX-Other: a\rb"),      /* lone CR */
		PART("Content-Disposition: form-data; name=ab\nX-Other: 1"),           /* bare LF */
		"--XyZ\r\n\r\nv\r\n--XyZ--",                                   /* no headers */
		"--XyZ\nContent-Disposition: form-data; name=a\n\nv\n--XyZ--", /* bare LF */
		"--XyZ\r\nContent-Disposition: form-data; name=a\n\r\nv\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n--XyZ--\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n--XyZ: 1\r\n\r\nv\r\n--XyZ--",
		"--XyZ\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(parse_ct(a, CT, bad[i], strlen(bad[i])), ERR_INVAL);
	/* The accepted neighbours of those shapes. */
	struct multipart_part *p;
	size_t n;
	static const char good[] = PART("X-Other: 1\r\nCONTENT-DISPOSITION:form-data ;NAME=a;\t"
					"FileName=\"x\"; other=\"y\"\r\nContent-Type: text/csv; charset=utf-8\r\n"
					"Content-Transfer-Encoding: BINARY");
	static const char trailing[] = PART("Content-Disposition: form-data; name=b;");
	assert_int_equal(parse(a, CT, BODY(good), NULL, &p, &n), 0);
	assert_int_equal(n, 1);
	assert_str(p[0].name, "a");
	assert_str(p[0].filename, "x");
	assert_str(p[0].content_type, "text/csv; charset=utf-8");
	assert_int_equal(parse(a, CT, BODY(trailing), NULL, &p, &n), 0);
	assert_str(p[0].name, "b");
#undef PART
}

static void safe_filenames(void **state)
{
	struct arena *a = *state;
	assert_string_equal(multipart_safe_filename(a, "../../etc/passwd"), "passwd");
	assert_string_equal(multipart_safe_filename(a, "C:\\x\\" RAYNGAN ".pdf"), RAYNGAN ".pdf");
	assert_string_equal(multipart_safe_filename(a, "a/b\\c"), "c");
	assert_string_equal(multipart_safe_filename(a, ".."), "file");
	assert_string_equal(multipart_safe_filename(a, "."), "file");
	assert_string_equal(multipart_safe_filename(a, "dir/.."), "file");
	assert_string_equal(multipart_safe_filename(a, "dir/"), "file");
	assert_string_equal(multipart_safe_filename(a, ""), "file");
	assert_string_equal(multipart_safe_filename(a, NULL), "file");
	assert_string_equal(multipart_safe_filename(a, ".hidden"), "hidden");
	assert_string_equal(multipart_safe_filename(a, " . .name. . "), "name");
	assert_string_equal(multipart_safe_filename(a, "a\x01" "b\tc\r\nd\x7f.txt"), "abcd.txt");
	assert_string_equal(multipart_safe_filename(a, "\x1b.evil"), "evil");
	assert_string_equal(multipart_safe_filename(a, "x\xc2\x85y"), "xy");               /* C1 NEL */
	assert_string_equal(multipart_safe_filename(a, "inv\xe2\x80\xae" "fdp.exe"), "invfdp.exe"); /* RLO */
	assert_string_equal(multipart_safe_filename(a, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c"), "abc"); /* LS, PS */
	assert_string_equal(multipart_safe_filename(a, "\xef\xbb\xbf" "a\xd8\x9c" "b"), "ab"); /* BOM, ALM */
	assert_string_equal(multipart_safe_filename(a, "\xff\xc0\xafok"), "ok");            /* malformed */
	assert_string_equal(multipart_safe_filename(a, "\xe0\xb8\x81\xe2\x80\x8b\xe0\xb8\x82"),
			    "\xe0\xb8\x81\xe2\x80\x8b\xe0\xb8\x82"); /* ZWSP, used in Thai, stays */
	assert_string_equal(multipart_safe_filename(a, "report \"final\"; v2.pdf"),
			    "report \"final\"; v2.pdf");

	/* 100 Thai characters (300 bytes) cut on a character boundary. */
	char thai[400], want[400];
	for (int i = 0; i < 100; i++)
		memcpy(thai + 3 * i, "\xe0\xb8\x81", 3);
	thai[300] = 0;
	const char *s = multipart_safe_filename(a, thai);
	assert_int_equal(strlen(s), 198);
	assert_true(utf8_valid_text(s, strlen(s)));
	assert_memory_equal(s, thai, 198);
	/* With an extension, which survives the cut. */
	memcpy(thai + 300, ".pdf", 5);
	s = multipart_safe_filename(a, thai);
	memcpy(want, thai, 195);
	memcpy(want + 195, ".pdf", 5);
	assert_string_equal(s, want);
	assert_true(strlen(s) <= MULTIPART_FILENAME_MAX);
	/* A dot too far from the end is not an extension. */
	memcpy(thai + 300, ".abcdefghijklmnopq", 19);
	s = multipart_safe_filename(a, thai);
	assert_int_equal(strlen(s), 198);
	assert_memory_equal(s, thai, 198);
	/* A cut that lands after a space or dot does not leave it at the end. */
	char spaced[260];
	memset(spaced, 'a', 199);
	memcpy(spaced + 199, " .", 2);
	memset(spaced + 201, 'b', 50);
	spaced[251] = 0;
	s = multipart_safe_filename(a, spaced);
	assert_int_equal(strlen(s), 199);
}

static void arena_exhaustion(void **state)
{
	(void)state;
	struct arena *tiny = arena_new(64); /* smaller than one block: every allocation fails */
	assert_non_null(tiny);
	struct multipart_part *p = (void *)1;
	size_t n = 9;
	static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--";
	assert_int_equal(multipart_parse(tiny, CT, BODY(body), NULL, &p, &n), ERR_NOMEM);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_null(multipart_safe_filename(tiny, "a.pdf"));
	arena_free(tiny);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(browser_shaped_body, setup, teardown),
		cmocka_unit_test_setup_teardown(boundary_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_or_invalid_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(thai_file_names, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_names, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_closing_delimiter, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_body_and_empty_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(preamble_and_epilogue, setup, teardown),
		cmocka_unit_test_setup_teardown(limits, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(safe_filenames, setup, teardown),
		cmocka_unit_test(arena_exhaustion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
