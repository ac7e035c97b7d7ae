-- The search index's own tables (search/). search_docs holds each
-- document's facts that decide who may see it and the filters, narrow so
-- that checking thousands of candidates stays in memory; search_text its
-- indexed text in the form snippets are cut from. The full-text index over
-- search_text (an FTS5 table on SQLite) is created by search/ itself, being
-- the backend's own part.

CREATE TABLE search_docs (
  id ID_KEY, -- the document's id
  org_id BIGINT NOT NULL,
  unit_id BIGINT,
  division_id BIGINT,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  visibility TEXT NOT NULL,
  created_by BIGINT,
  fy INTEGER NOT NULL DEFAULT 0,
  issues TEXT NOT NULL DEFAULT '', -- ",1,4,": strategic issues covered
  updated_at BIGINT NOT NULL,
  len BIGINT NOT NULL DEFAULT 0 -- its tokens, as the index counted them (ranking)
);
CREATE INDEX search_docs_org ON search_docs (org_id, status);

CREATE TABLE search_text (
  id ID_KEY, -- the document's id
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  attach TEXT NOT NULL DEFAULT ''
);

CREATE TABLE search_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Spellings a query treats as one (พ.ร.บ. = พระราชบัญญัติ), edited by admins.
CREATE TABLE search_equivalences (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  terms TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
-- Each spelling cut into search terms, found by its first term.
CREATE TABLE search_equiv_spellings (
  equiv_id BIGINT NOT NULL REFERENCES search_equivalences(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL,
  first_term TEXT NOT NULL,
  terms_norm TEXT NOT NULL,
  PRIMARY KEY (equiv_id, terms_norm)
);
CREATE INDEX search_equiv_first ON search_equiv_spellings (org_id, first_term);

-- Queries that found nothing: the knowledge-gap report reads them.
CREATE TABLE search_misses (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  account_id BIGINT,
  query TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX search_misses_org ON search_misses (org_id, at);

-- Words an organisation's admins add to the dictionary search cuts text with.
CREATE TABLE search_words (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  word TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, word)
);
