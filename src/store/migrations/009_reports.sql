-- The annual monitoring and evaluation report (km/report): one row per
-- version of a fiscal year's report. A draft is gathered live from the
-- data; submitting freezes everything it shows into `snapshot` (JSON),
-- which nothing changes afterwards. km/report is the only code that
-- writes this table. created_by / submitted_by: NULL for the operator.
CREATE TABLE annual_reports (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  fy INTEGER NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  problems TEXT NOT NULL DEFAULT '',
  proposals TEXT NOT NULL DEFAULT '',
  snapshot TEXT,
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  submitted_by BIGINT REFERENCES accounts(id),
  submitted_at BIGINT,
  UNIQUE (org_id, fy, version)
);
