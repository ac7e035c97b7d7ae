-- The knowledge repository: documents and their immutable revisions, tags,
-- what each covers in the knowledge map, authors, editable templates per
-- kind, read acknowledgements, feedback, attachments and each unit's KM
-- corner (its accessible knowledge space, which the plan's KPI 3 counts).

CREATE TABLE documents (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  unit_id BIGINT REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('manual', 'citizen_manual', 'article', 'regulation',
    'expert_knowledge', 'training_lessons', 'good_practice')),
  knowledge_type TEXT NOT NULL DEFAULT 'explicit' CHECK (knowledge_type IN ('explicit', 'tacit')),
  visibility TEXT NOT NULL DEFAULT 'org' CHECK (visibility IN ('public', 'org', 'unit')),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'reviewed',
    'approved', 'published', 'retired')),
  -- The latest revision's title and summary, kept here for lists.
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  current_revision_id BIGINT,
  -- What readers see: the last published revision (NULL until published).
  published_revision_id BIGINT,
  review_due TEXT,
  published_at BIGINT,
  -- The fiscal year (B.E.) in which it was first published.
  published_fy INTEGER,
  retired_at BIGINT,
  retired_reason TEXT,
  views BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX documents_org_status ON documents (org_id, status, updated_at);
CREATE INDEX documents_unit ON documents (unit_id, kind, published_fy);

CREATE TABLE document_revisions (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  document_id BIGINT NOT NULL REFERENCES documents(id),
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body_md TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  author_account_id BIGINT REFERENCES accounts(id),
  author_name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (document_id, number)
);

CREATE TABLE document_tags (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (document_id, tag)
);
CREATE INDEX document_tags_tag ON document_tags (org_id, tag);

-- Required-knowledge items (and so strategic issues) a document covers.
CREATE TABLE document_coverage (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  rk_id BIGINT NOT NULL REFERENCES required_knowledge(id) ON DELETE CASCADE,
  PRIMARY KEY (document_id, rk_id)
);
CREATE INDEX document_coverage_rk ON document_coverage (rk_id);

CREATE TABLE document_authors (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  person_id BIGINT NOT NULL REFERENCES people(id),
  PRIMARY KEY (document_id, person_id)
);

-- The starting text of a new document of each kind, editable by admins.
CREATE TABLE doc_templates (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  kind TEXT NOT NULL,
  body_md TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, kind)
);

-- "I have read this version" of a manual.
CREATE TABLE document_reads (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  revision_id BIGINT NOT NULL REFERENCES document_revisions(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  at BIGINT NOT NULL,
  PRIMARY KEY (revision_id, account_id)
);

CREATE TABLE document_feedback (
  id ID_PRIMARY_KEY,
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  account_id BIGINT REFERENCES accounts(id),
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  comment TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);

-- Files are stored once by their SHA-256 outside any served folder; rows
-- tie them to documents with the name the user gave.
CREATE TABLE attachments (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  kind TEXT NOT NULL,
  size BIGINT NOT NULL,
  filename TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  text_truncated INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_document ON attachments (document_id);

-- A unit's KM corner (มุม KM): its page in klang, plus an optional
-- registered external space such as the unit's LINE group.
CREATE TABLE km_corners (
  unit_id BIGINT PRIMARY KEY REFERENCES units(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  intro TEXT NOT NULL DEFAULT '',
  external_label TEXT NOT NULL DEFAULT '',
  external_url TEXT NOT NULL DEFAULT '',
  views BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- Every unit knows its division (the level-1 unit above it, or itself):
-- "the same unit" for visibility means the same division (สำนัก/กอง).
ALTER TABLE units ADD COLUMN division_id BIGINT REFERENCES units(id);
UPDATE units SET division_id = id WHERE parent_id IS NULL;
UPDATE units SET division_id = parent_id WHERE division_id IS NULL AND parent_id IN (SELECT id FROM units WHERE parent_id IS NULL);
UPDATE units SET division_id = (SELECT p.division_id FROM units p WHERE p.id = units.parent_id) WHERE division_id IS NULL;
UPDATE units SET division_id = (SELECT p.division_id FROM units p WHERE p.id = units.parent_id) WHERE division_id IS NULL;
