/*
 * recognition: the seed plan's change management — who took part in
 * knowledge management in a fiscal year (1 October – 30 September, named
 * by its B.E. year), ranked, and a certificate of recognition (เกียรติบัตร)
 * for any of them.
 *
 * What counts, per person of the staff registry (work done through an
 * account that is not linked to a person is not counted: a certificate
 * needs a name):
 *   published   documents first published in the year (documents.published_fy)
 *               of which the person is an author (document_authors) or wrote
 *               a revision up to that publication
 *   reviews     review and approve steps the person's accounts took in the
 *               year (document_transitions)
 *   answers     community replies the person wrote in the year that are the
 *               answer of their thread (community_threads.answer_reply_id;
 *               the year of the reply, as the marking is not dated)
 *   activities  development activities of the year (by their start date,
 *               activities.fy) the person took part in
 * score = 3 × published + 2 × reviews + 2 × answers + 1 × activities:
 * writing knowledge weighs most, reviewing it and answering colleagues
 * next, learning counts too. The list is ordered by score, then published,
 * then name; people with equal scores share a rank (1, 2, 2, 4).
 *
 * The list shows names and positions only (no e-mail, dates or logins);
 * any account of the organisation may read it. Certificates are for
 * admins and the KM committee, and are recorded in the audit trail
 * ("recognition.certificate").
 *
 * This module reads the tables of doc, workflow, community and training
 * (and writes none): a report across them.
 */
#ifndef KLANG_KM_RECOGNITION_H
#define KLANG_KM_RECOGNITION_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "km/authz.h"

struct db;

#define RECOGNITION_W_PUBLISHED 3
#define RECOGNITION_W_REVIEWS 2
#define RECOGNITION_W_ANSWERS 2
#define RECOGNITION_W_ACTIVITIES 1
#define RECOGNITION_LIST_MAX 1000 /* contributors listed at most */

/* The contributors of fiscal year `fy` (B.E.), best first: [{rank,
 * person_id,name,position,published,reviews,answers,activities,score}],
 * people with a score of 0 left out. Any account of the organisation (and
 * the operator); ERR_INVAL for a year outside 2400–2700. */
int recognition_list(struct db *db, const struct actor *a, int fy, json_t **out) WUR;

/* One person's counts for `fy`, in the list's shape (rank 0 when their
 * score is 0). ERR_NOTFOUND for a person outside the organisation. */
int recognition_person(struct db *db, const struct actor *a, int64_t person_id, int fy,
		       json_t **out) WUR;

/* Who signs certificates unless the caller says otherwise: the first
 * active executive of the organisation linked to a person, as
 * {"name","position"}; empty strings when there is none. */
int recognition_default_signer(struct db *db, const struct actor *a, json_t **out) WUR;

/* The certificate of recognition of `person_id` for `fy` as PDF, appended
 * to `out`: the organisation's name, the person's name and position, what
 * for (with their counts), today's date in B.E. with Thai digits, signed by
 * signer_name, signer_position (NULL or "": the default signer). Admins,
 * the KM committee and the operator; ERR_CONFLICT when the person has no
 * contribution that year; ERR_INVAL when there is no signer. Records
 * "recognition.certificate" (a write: not inside a read snapshot). */
int recognition_certificate_pdf(struct db *db, const struct actor *a, int64_t person_id, int fy,
				const char *signer_name, const char *signer_position,
				struct buf *out) WUR;

#endif
