/*
 * assets: the static files compiled into the binary (CSS, JavaScript, the
 * Thai web fonts), served with long caching under a version that changes
 * when any of them changes.
 */
#ifndef KLANG_WEB_ASSETS_H
#define KLANG_WEB_ASSETS_H

#include "core/embed.h"

extern const struct embed_file web_static[];
extern const struct embed_file web_templates[];

/* A short hex digest of all static files (computed once; thread-safe after
 * the first call, which app_open makes). */
const char *assets_version(void);

#endif
