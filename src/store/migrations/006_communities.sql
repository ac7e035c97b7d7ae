-- Sharing (km/community, km/mentoring): communities of practice with their
-- members, discussion boards (threads, replies, files), meeting records,
-- and mentoring pairs (พี่เลี้ยง) with their goals and log.
--
-- Every community is open to the accounts of its organisation: anyone may
-- read its board and join; only members post. km/community is the only
-- code that writes these tables and keeps the facilitator in step with
-- community_members.

-- A community of practice (ชุมชนนักปฏิบัติ). facilitator_account_id: the
-- one facilitator (คุณอำนวย), also a member with role 'facilitator'.
-- issue_id: the strategic issue it serves (NULL: none). active = 0: kept
-- for reading, closed to new posts and members.
CREATE TABLE communities (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  facilitator_account_id BIGINT NOT NULL REFERENCES accounts(id),
  issue_id BIGINT REFERENCES strategic_issues(id) ON DELETE SET NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, name)
);
CREATE INDEX communities_org ON communities (org_id, active, name);

CREATE TABLE community_members (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'facilitator')),
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (community_id, account_id)
);
CREATE INDEX community_members_account ON community_members (account_id);

-- A thread of the board. updated_at: its last activity (a reply).
-- answer_reply_id: the reply marked as the answer (one of its own
-- replies, kept so by km/community; NULL: none). document_id: the draft
-- knowledge document it was turned into.
CREATE TABLE community_threads (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body_md TEXT NOT NULL DEFAULT '',
  author_account_id BIGINT REFERENCES accounts(id),
  author_name TEXT NOT NULL,
  answer_reply_id BIGINT,
  document_id BIGINT REFERENCES documents(id) ON DELETE SET NULL,
  locked INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX community_threads_board ON community_threads (community_id, updated_at);

CREATE TABLE community_replies (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  thread_id BIGINT NOT NULL REFERENCES community_threads(id) ON DELETE CASCADE,
  body_md TEXT NOT NULL,
  author_account_id BIGINT REFERENCES accounts(id),
  author_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  edited_at BIGINT
);
CREATE INDEX community_replies_thread ON community_replies (thread_id, id);

-- Files of a thread (reply_id NULL) or of one of its replies, stored once
-- by SHA-256 (store/blob) with the type sniffed from the bytes.
CREATE TABLE community_files (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  thread_id BIGINT NOT NULL REFERENCES community_threads(id) ON DELETE CASCADE,
  reply_id BIGINT REFERENCES community_replies(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  kind TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX community_files_thread ON community_files (thread_id, reply_id);

-- A meeting of the community (วงแลกเปลี่ยนเรียนรู้), recorded by its facilitator.
CREATE TABLE community_meetings (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  date TEXT NOT NULL, -- YYYY-MM-DD
  title TEXT NOT NULL,
  notes_md TEXT NOT NULL DEFAULT '',
  attendees INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX community_meetings_community ON community_meetings (community_id, date);

-- A mentoring pair: a mentor (พี่เลี้ยง) and a mentee, both people of the
-- organisation, with goals and a period (end_date NULL: open-ended).
CREATE TABLE mentoring_pairs (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  mentor_person_id BIGINT NOT NULL REFERENCES people(id),
  mentee_person_id BIGINT NOT NULL REFERENCES people(id),
  goals TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (mentor_person_id <> mentee_person_id),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX mentoring_pairs_org ON mentoring_pairs (org_id, active);
CREATE INDEX mentoring_pairs_mentor ON mentoring_pairs (mentor_person_id);
CREATE INDEX mentoring_pairs_mentee ON mentoring_pairs (mentee_person_id);

-- The pair's log: what was done or discussed on a date. Read and written
-- by the mentor and the mentee only.
CREATE TABLE mentoring_log (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  pair_id BIGINT NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  date TEXT NOT NULL, -- YYYY-MM-DD
  note TEXT NOT NULL,
  author_account_id BIGINT REFERENCES accounts(id),
  author_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX mentoring_log_pair ON mentoring_log (pair_id, date);
