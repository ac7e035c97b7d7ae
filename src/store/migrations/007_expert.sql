-- Tacit knowledge (km/expert): structured interviews with experts
-- (ถอดองค์ความรู้ผู้เชี่ยวชาญ), the expert's consent, and the
-- "expert knowledge" draft each becomes. km/expert is the only code that
-- writes this table; km/risk reads it for the knowledge-at-risk report.

-- One interview. expert_person_id: the person whose knowledge it records;
-- unit_id: the expert's unit when recorded (where the draft is made, and
-- whose division's heads may edit it). interviewer_account_id: who
-- conducted it (NULL once that account is gone), with the name as recorded.
-- The six sections are at most 4,000 characters each (checked by
-- km/expert). Consent: consent_given 0/1, when (consent_at, Unix seconds),
-- how it was recorded (consent_note, e.g. "ลงนามในแบบยินยอม"), by whom
-- (consent_by_account_id) and in which way (consent_method: 'expert', the
-- expert's own account; 'interviewer', the interviewer recording the signed
-- form). document_id: the expert_knowledge draft it became (NULL until).
CREATE TABLE expert_interviews (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  expert_person_id BIGINT NOT NULL REFERENCES people(id),
  interviewer_account_id BIGINT REFERENCES accounts(id),
  interviewer_name TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  topic TEXT NOT NULL,
  date TEXT NOT NULL, -- YYYY-MM-DD
  context TEXT NOT NULL DEFAULT '',
  key_tasks TEXT NOT NULL DEFAULT '',
  decision_rules TEXT NOT NULL DEFAULT '',
  pitfalls TEXT NOT NULL DEFAULT '',
  who_to_ask TEXT NOT NULL DEFAULT '',
  documents_used TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '',
  rk_id BIGINT REFERENCES required_knowledge(id) ON DELETE SET NULL,
  consent_given INTEGER NOT NULL DEFAULT 0 CHECK (consent_given IN (0, 1)),
  consent_at BIGINT,
  consent_note TEXT NOT NULL DEFAULT '',
  consent_by_account_id BIGINT REFERENCES accounts(id),
  consent_method TEXT CHECK (consent_method IN ('expert', 'interviewer')),
  document_id BIGINT REFERENCES documents(id),
  created_by BIGINT REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (document_id IS NULL OR consent_given = 1)
);
CREATE INDEX expert_interviews_org ON expert_interviews (org_id, date);
CREATE INDEX expert_interviews_expert ON expert_interviews (expert_person_id);
CREATE INDEX expert_interviews_interviewer ON expert_interviews (interviewer_account_id);
