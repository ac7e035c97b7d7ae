/* fuzz_tpl: the template parser and renderer on arbitrary template text. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "web/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_set_level(LOG_SILENT); /* parse errors are expected here */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct embed_file files[] = {
		{"page.html", text, size},
		{"part.html", "<b>{{name}}</b>{{#each items}}{{.}}{{/each}}", 44},
		{NULL, NULL, 0},
	};
	struct tpl_set *set = NULL;
	if (tpl_set_load(files, &set) == 0) {
		json_t *ctx = json_pack("{s:s, s:[i,s,b,n], s:{s:s, s:i}, s:s, s:i}", "name", "<ก&\">",
					"items", 1, "x", 1, "o", "a", "1", "b", 2, "d",
					"2026-01-31", "t", 1769850300);
		struct buf out;
		buf_init(&out, 1 << 20);
		int rc = tpl_render(set, "page", ctx, TPL_TH, &out);
		(void)rc;
		/* Escaping by default: a value's raw '<' never appears unless the
		 * template itself wrote it or asked for raw output. */
		buf_release(&out);
		json_decref(ctx);
		tpl_set_free(set);
	}
	free(text);
	return 0;
}
