/* fuzz_form: urlencoded parsing and parameter validation on arbitrary bytes. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "web/form.h"
#include "web/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"a", "b", NULL};
static const struct route spec = {
	HTTP_POST, "/f", NULL, 0, 0, 0,
	{{"name", PS_BODY, PK_LINE, true, 0, 20, NULL, "ชื่อ"},
	 {"text", PS_BODY, PK_TEXT, false, 0, 100, NULL, NULL},
	 {"n", PS_BODY, PK_INT, false, -5, 500, NULL, NULL},
	 {"id", PS_BODY, PK_ID, false, 0, 0, NULL, NULL},
	 {"kind", PS_BODY, PK_ENUM, false, 0, 0, kinds, NULL},
	 {"on", PS_BODY, PK_BOOL, false, 0, 0, NULL, NULL},
	 {"day", PS_BODY, PK_DATE, false, 0, 0, NULL, NULL},
	 {"pw", PS_BODY, PK_SECRET, false, 0, 16, NULL, NULL}},
};

struct fields {
	struct kv *kv;
	size_t n;
};

static struct str lookup(void *ctx, const struct param_spec *p, bool *present)
{
	struct fields *f = ctx;
	return form_get(f->kv, f->n, p->name, present);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1 << 24);
	if (!a)
		return 0;
	struct fields f = {0};
	if (form_parse(a, (const char *)data, size, FORM_MAX_FIELDS, &f.kv, &f.n) == 0) {
		struct param_value out[ROUTE_MAX_PARAMS];
		const char *th, *en, *field;
		int rc = route_params_validate(&spec, lookup, &f, a, out, &th, &en, &field);
		if (rc == 0 && out[0].present && strlen(out[0].text) > 20 * 4)
			__builtin_trap(); /* a validated line is never longer than its cap */
	}
	arena_free(a);
	return 0;
}
