/* doc_templates: the built-in starting text of each kind of document. */
#ifndef KLANG_KM_DOC_TEMPLATES_H
#define KLANG_KM_DOC_TEMPLATES_H

/* The built-in Markdown for a kind code ("" for an unknown kind). Static. */
const char *doc_template_builtin(const char *kind);

#endif
