-- Indicators the committee measures itself (km/kpi_custom): a plan's KPI
-- whose code is not KPI1–KPI3 gets its result per fiscal year typed in by
-- the KM committee, as a count over a count (a percentage like the others),
-- with a note and the evidence behind it: documents of the repository (their
-- attachments hold the files) or links. km/kpi_custom is the only code that
-- writes these tables.
CREATE TABLE kpi_values (
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  kpi_id BIGINT NOT NULL REFERENCES plan_kpis(id) ON DELETE CASCADE,
  fy INTEGER NOT NULL,
  numerator BIGINT NOT NULL CHECK (numerator >= 0),
  denominator BIGINT NOT NULL CHECK (denominator > 0),
  note TEXT NOT NULL DEFAULT '',
  entered_by BIGINT REFERENCES accounts(id),
  entered_at BIGINT NOT NULL,
  PRIMARY KEY (kpi_id, fy),
  CHECK (numerator <= denominator)
);

CREATE TABLE kpi_evidence (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  kpi_id BIGINT NOT NULL REFERENCES plan_kpis(id) ON DELETE CASCADE,
  fy INTEGER NOT NULL,
  title TEXT NOT NULL,
  document_id BIGINT REFERENCES documents(id) ON DELETE SET NULL,
  url TEXT NOT NULL DEFAULT '',
  added_by BIGINT REFERENCES accounts(id),
  added_at BIGINT NOT NULL
);
CREATE INDEX kpi_evidence_kpi ON kpi_evidence (kpi_id, fy);

-- A submitted report the committee discloses on the public portal (ITA):
-- when, and by whom; NULL while it is not public.
ALTER TABLE annual_reports ADD COLUMN published_at BIGINT;
ALTER TABLE annual_reports ADD COLUMN published_by BIGINT REFERENCES accounts(id);
