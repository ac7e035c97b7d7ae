-- Staff development (km/training): which job line each person held when,
-- development activities and who took part, and the short report each
-- participant files afterwards (it becomes a "training lessons" document).

-- A person's job lines over time: [from_date, to_date), to_date NULL while
-- current. KPI 2 counts a person for the job line held on the activity's
-- date. km/people keeps it in step with people.job_line_id.
CREATE TABLE person_job_lines (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  job_line_id BIGINT NOT NULL REFERENCES job_lines(id),
  from_date TEXT NOT NULL, -- YYYY-MM-DD
  to_date TEXT             -- exclusive; NULL: still held
);
CREATE INDEX person_job_lines_person ON person_job_lines (person_id, from_date);
CREATE INDEX person_job_lines_line ON person_job_lines (org_id, job_line_id);
-- Everyone's current job line, held since they started (or since ever).
INSERT INTO person_job_lines (org_id, person_id, job_line_id, from_date)
  SELECT org_id, id, job_line_id, coalesce(start_date, '1900-01-01') FROM people WHERE job_line_id IS NOT NULL;

-- A development activity: a course, a seminar, a study visit …
CREATE TABLE activities (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('training', 'seminar', 'meeting', 'study_visit', 'elearning',
    'coaching', 'on_the_job', 'knowledge_sharing')),
  internal INTEGER NOT NULL DEFAULT 0, -- 1: run by the organisation itself
  provider TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  hours REAL NOT NULL DEFAULT 0,
  cost REAL NOT NULL DEFAULT 0,     -- baht, in all
  location TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  fy INTEGER NOT NULL,              -- the fiscal year of start_date
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (end_date >= start_date)
);
CREATE INDEX activities_org_fy ON activities (org_id, fy, start_date);

-- Who took part, with the report they owe (report_status: 'due', 'filed'
-- with the document it became, 'waived'), and evidence (a certificate).
CREATE TABLE activity_participants (
  activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  hours REAL,                       -- NULL: the activity's hours
  report_status TEXT NOT NULL DEFAULT 'due' CHECK (report_status IN ('due', 'filed', 'waived')),
  report_document_id BIGINT REFERENCES documents(id),
  certificate_sha256 TEXT,
  certificate_name TEXT,
  certificate_mime TEXT,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_participants_person ON activity_participants (person_id);
