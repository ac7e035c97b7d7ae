/*
 * handlers: the functions the route table points at. Pages (h_pages.c),
 * administration pages (h_admin.c), the JSON API (h_api.c), the
 * repository (h_docs.c), search (h_search.c) and static assets
 * (assets.c). Each reads validated parameters from the req, calls the
 * domain, and answers with resp_*.
 */
#ifndef KLANG_WEB_HANDLERS_H
#define KLANG_WEB_HANDLERS_H

#include "web/req.h"

/* pages */
int h_home(struct req *r);
int h_portal(struct req *r);
int h_login_form(struct req *r);
int h_login(struct req *r);
int h_logout(struct req *r);
int h_lang(struct req *r);
int h_org(struct req *r);
int h_kmap(struct req *r);
int h_static(struct req *r);
int h_favicon(struct req *r);

/* administration */
int h_admin_units(struct req *r);
int h_admin_unit_create(struct req *r);
int h_admin_unit(struct req *r);
int h_admin_unit_update(struct req *r);
int h_admin_people(struct req *r);
int h_admin_person_create(struct req *r);
int h_admin_person(struct req *r);
int h_admin_person_update(struct req *r);
/* the staff list imported from a file (h_staff.c) */
int h_admin_people_import_form(struct req *r);
int h_admin_people_import(struct req *r);
int h_admin_people_import_template(struct req *r);
int h_api_people_import(struct req *r);
int h_admin_joblines(struct req *r);
int h_admin_jobline_create(struct req *r);
int h_admin_jobline(struct req *r);
int h_admin_jobline_update(struct req *r);
int h_admin_issue_create(struct req *r);
int h_admin_issue(struct req *r);
int h_admin_issue_update(struct req *r);
int h_admin_goal_create(struct req *r);
int h_admin_goal_delete(struct req *r);
int h_admin_rk_create(struct req *r);
int h_admin_rk(struct req *r);
int h_admin_rk_update(struct req *r);
int h_admin_rk_delete(struct req *r);
int h_admin_search_terms(struct req *r);
int h_admin_search_term_add(struct req *r);
int h_admin_search_term_delete(struct req *r);
int h_admin_search_word_add(struct req *r);
int h_admin_search_word_delete(struct req *r);
int h_admin_audit(struct req *r);
int h_admin_audit_csv(struct req *r);
int h_api_audit(struct req *r);

/* search (h_search.c) */
int h_search(struct req *r);
int h_api_search(struct req *r);
int h_api_search_titles(struct req *r);
int h_api_equivs(struct req *r);
int h_api_equiv_add(struct req *r);
int h_api_equiv_delete(struct req *r);
int h_api_words(struct req *r);
int h_api_word_add(struct req *r);
int h_api_word_delete(struct req *r);

/* the knowledge repository (h_docs.c) */
int h_docs(struct req *r);
int h_docs_review(struct req *r);
int h_admin_templates(struct req *r);
int h_admin_template_save(struct req *r);
int h_doc(struct req *r);
int h_doc_new(struct req *r);
int h_doc_create(struct req *r);
int h_doc_edit(struct req *r);
int h_doc_update(struct req *r);
int h_doc_history(struct req *r);
int h_doc_diff(struct req *r);
int h_doc_restore(struct req *r);
/* Adds the revision's body as safe HTML to a doc_get object, under
 * "body_html" (for the document and review pages). */
int h_doc_add_html(json_t *doc) WUR;
/* Shows `tpl` again with the error of a rejected change and the submitted
 * values under "form"; errors that are not the user's pass through. */
int h_form_retry(struct req *r, int rc, const char *tpl, json_t *ctx);
/* Its parts: the submitted form fields (passwords left out), and the last
 * error as {message_th, message_en, field}; new objects. */
json_t *h_form_values(const struct req *r);
json_t *h_form_error(void);

/* This fiscal year (B.E.), and the years a selector offers: this one back
 * to 2564, the seed plan's first (h_kpi.c). */
int h_this_fy(void);
json_t *h_fy_choices(void);

/* h_training */
int h_development(struct req *r);
int h_activities_api(struct req *r);
int h_activity_new(struct req *r);
int h_activity_create(struct req *r);
int h_activity(struct req *r);
int h_activity_update(struct req *r);
int h_activity_participants(struct req *r);
int h_activity_participant_remove(struct req *r);
int h_activity_report(struct req *r);
int h_person_development(struct req *r);
int h_kpi(struct req *r);
int h_kpi_value(struct req *r);
int h_kpi_value_clear(struct req *r);
int h_kpi_evidence_add(struct req *r);
int h_kpi_evidence_delete(struct req *r);
int h_activity_certificate_upload(struct req *r);
int h_activity_certificate(struct req *r);

/* the annual monitoring and evaluation report (h_report.c) */
int h_reports(struct req *r);
int h_report_create(struct req *r);
int h_report(struct req *r);
int h_report_update(struct req *r);
int h_report_submit(struct req *r);
int h_report_publish(struct req *r);

/* the KM plan (h_plan.c) */
int h_plans(struct req *r);
int h_plan(struct req *r);
int h_plan_edit(struct req *r);
int h_plan_update(struct req *r);
int h_plan_kpi_save(struct req *r);
int h_plan_kpi_delete(struct req *r);
int h_plan_action_save(struct req *r);
int h_plan_action_delete(struct req *r);
int h_plan_copy(struct req *r);

/* expert knowledge capture and the knowledge-at-risk report (h_expert.c) */
int h_experts(struct req *r);
int h_expert_new(struct req *r);
int h_expert_create(struct req *r);
int h_expert(struct req *r);
int h_expert_update(struct req *r);
int h_expert_consent(struct req *r);
int h_expert_document(struct req *r);
int h_knowledge_risk(struct req *r);

/* h_workflow */
int h_doc_transition(struct req *r);
int h_doc_publish(struct req *r);
int h_api_doc_workflow(struct req *r);
int h_doc_comment(struct req *r);
int h_api_doc_comments(struct req *r);
int h_doc_review(struct req *r);
int h_inbox(struct req *r);
int h_notifications(struct req *r);
int h_notifications_read(struct req *r);
int h_doc_memo(struct req *r);
int h_memos(struct req *r);
int h_workflow_rules(struct req *r);
int h_workflow_rule_set(struct req *r);
int h_doc_ack(struct req *r);
int h_doc_feedback(struct req *r);
int h_doc_export(struct req *r);
int h_corner(struct req *r);
int h_corner_update(struct req *r);
int h_doc_attach(struct req *r);
int h_doc_import_form(struct req *r);
int h_doc_import(struct req *r);
int h_api_doc_attach(struct req *r);
int h_attachment(struct req *r);
int h_attachment_preview(struct req *r);
int h_api_docs(struct req *r);
int h_api_doc(struct req *r);
int h_api_doc_create(struct req *r);
int h_api_doc_update(struct req *r);
int h_api_doc_revisions(struct req *r);

/* API */
int h_api_health(struct req *r);
int h_api_me(struct req *r);
int h_api_org(struct req *r);
int h_api_units(struct req *r);
int h_api_unit(struct req *r);
int h_api_unit_create(struct req *r);
int h_api_unit_update(struct req *r);
int h_api_people(struct req *r);
int h_api_person(struct req *r);
int h_api_person_create(struct req *r);
int h_api_person_update(struct req *r);
int h_api_joblines(struct req *r);
int h_api_jobline_create(struct req *r);
int h_api_jobline_update(struct req *r);
int h_api_kmap(struct req *r);

/* Sends a stored file (a row with id, sha256, kind, mime, filename) as
 * the answer: images and PDFs inline when ?inline=1, the rest as a
 * download (h_docs.c: attachments, and the communities' files). */
int h_file_send(struct req *r, const json_t *row);
/* DATA/files, where store/blob keeps uploads (arena memory). */
const char *h_blob_root(struct req *r);

/* communities of practice and mentoring (h_community.c) */
int h_communities(struct req *r);
int h_community_create(struct req *r);
int h_community(struct req *r);
int h_community_update(struct req *r);
int h_community_join(struct req *r);
int h_community_leave(struct req *r);
int h_community_member_add(struct req *r);
int h_community_member_remove(struct req *r);
int h_community_meeting_add(struct req *r);
int h_api_community_threads(struct req *r);
int h_community_thread_create(struct req *r);
int h_community_thread(struct req *r);
int h_api_thread_replies(struct req *r);
int h_community_reply(struct req *r);
int h_community_answer(struct req *r);
int h_community_lock(struct req *r);
int h_community_thread_doc(struct req *r);
int h_community_file(struct req *r);
int h_mentoring(struct req *r);
int h_mentoring_create(struct req *r);
int h_mentoring_pair(struct req *r);
int h_mentoring_update(struct req *r);
int h_mentoring_log_add(struct req *r);

/* recognition (h_recognition.c) and personal data (h_pdpa.c) */
int h_recognition(struct req *r);
int h_recognition_certificate(struct req *r);
int h_me_data(struct req *r);
int h_person_export(struct req *r);
int h_person_anonymise(struct req *r);

/* Appends one CSV cell (RFC 4180, quoted; a leading = + - @ tab or CR
 * neutralised for spreadsheets), preceded by a comma unless `first`
 * (h_admin.c: the audit trail's CSV, and personal-data exports). */
void h_csv_cell(struct buf *b, const char *s, bool first);

/* Shared by the page and API handlers: the unit and person inputs from the
 * validated parameters (absent parameters leave fields unchanged). */
struct unit_input;
struct person_input;
void h_unit_input(const struct req *r, struct unit_input *in);
void h_person_input(const struct req *r, struct person_input *in);

#endif
