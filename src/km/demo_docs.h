/*
 * demo_docs: the demo organisation's knowledge documents, content only:
 * operations manuals of every division spread over the fiscal years since
 * the seed plan began (some years every division has one, some not, as
 * happens), two citizen manuals, expert knowledge, training lessons, a good
 * practice, a regulation summary and drafts. demo.c creates them through
 * the real workflow, on past dates.
 */
#ifndef KLANG_KM_DEMO_DOCS_H
#define KLANG_KM_DEMO_DOCS_H

#include <stddef.h>

struct demo_doc {
	const char *unit;       /* unit code from demo.c, e.g. "FIN", "HEALTH-CTR" */
	const char *kind;
	const char *visibility; /* public, org, unit */
	const char *title;
	const char *summary;
	const char *body_md;
	const char *tags;       /* comma-separated */
	const char *covers[4];  /* exact titles of required-knowledge items, NULL-terminated */
	int fy;                 /* B.E. fiscal year of publication; 0: still a draft */
	int revisions;          /* edits after the first save, before publication */
};

extern const struct demo_doc demo_docs[];
extern const size_t demo_docs_count;

#endif
