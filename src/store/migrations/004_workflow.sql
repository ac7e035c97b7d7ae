-- Review and approval (km/workflow): who may take each step for each kind
-- of document, every step taken (bound to the revision it was taken on),
-- reviewers' comments, the approval memos with their running numbers, the
-- in-app notifications and the e-mail outbox.

-- Per organisation and kind: the roles that may submit, review, approve and
-- publish (comma-separated role names). An empty review_roles or
-- approve_roles means the kind has no such step. publish_public: publishing
-- puts the document on the public portal (citizen manuals).
CREATE TABLE workflow_rules (
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  kind TEXT NOT NULL,
  submit_roles TEXT NOT NULL,
  review_roles TEXT NOT NULL DEFAULT '',
  approve_roles TEXT NOT NULL DEFAULT '',
  publish_roles TEXT NOT NULL,
  publish_public INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, kind)
);

-- documents.status stays what readers get (published while a new revision
-- is worked on); pending_state is the state of that new revision, NULL
-- when there is none. state_since: when the current workflow state began.
ALTER TABLE documents ADD COLUMN pending_state TEXT
  CHECK (pending_state IN ('draft', 'submitted', 'reviewed', 'approved'));
ALTER TABLE documents ADD COLUMN state_since BIGINT;
ALTER TABLE documents ADD COLUMN rejected_reason TEXT;
UPDATE documents SET state_since = updated_at;

-- Every step: submit, review, request_changes, approve, reject, publish,
-- retire; on which revision, by whom (their position at the time), why.
CREATE TABLE document_transitions (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  revision_id BIGINT NOT NULL REFERENCES document_revisions(id),
  action TEXT NOT NULL CHECK (action IN ('submit', 'review', 'request_changes', 'approve',
    'reject', 'publish', 'retire')),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor_account_id BIGINT REFERENCES accounts(id),
  actor_name TEXT NOT NULL,
  actor_position TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX document_transitions_doc ON document_transitions (document_id, id);
CREATE INDEX document_transitions_actor ON document_transitions (org_id, actor_account_id, at);

-- Reviewers' comments on a revision, on the whole document (section '')
-- or on one section (its heading).
CREATE TABLE document_comments (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  revision_id BIGINT NOT NULL REFERENCES document_revisions(id),
  section TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  account_id BIGINT REFERENCES accounts(id),
  author_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX document_comments_doc ON document_comments (document_id, revision_id, id);

-- The approval memo (บันทึกข้อความ) issued when an executive approves:
-- numbered per organisation and fiscal year, and frozen (names, positions
-- and titles as they were) so that it stays the evidence it was.
CREATE TABLE approval_memos (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  fy INTEGER NOT NULL,
  number INTEGER NOT NULL,
  document_id BIGINT NOT NULL REFERENCES documents(id),
  revision_id BIGINT NOT NULL REFERENCES document_revisions(id),
  revision_number INTEGER NOT NULL,
  transition_id BIGINT NOT NULL REFERENCES document_transitions(id),
  org_name TEXT NOT NULL,
  unit_id BIGINT,
  unit_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  approver_account_id BIGINT REFERENCES accounts(id),
  approver_name TEXT NOT NULL,
  approver_position TEXT NOT NULL DEFAULT '',
  reviewers TEXT NOT NULL DEFAULT '[]', -- JSON: [{"name","position","at"}]
  submitter_name TEXT NOT NULL DEFAULT '',
  submitter_position TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  approved_at BIGINT NOT NULL,
  UNIQUE (org_id, fy, number)
);
CREATE INDEX approval_memos_doc ON approval_memos (document_id, revision_id);

-- In-app notifications (the bell): one row per recipient.
CREATE TABLE notifications (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, -- submitted, reviewed, approved, published, changes_requested, rejected, mention
  document_id BIGINT REFERENCES documents(id) ON DELETE CASCADE,
  actor_name TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_account ON notifications (account_id, read_at, id);

-- E-mail waiting to go out through SMTP (written in the transaction that
-- caused it; a sender delivers and retries).
CREATE TABLE mail_outbox (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  sent_at BIGINT,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_at);
