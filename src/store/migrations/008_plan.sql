-- The KM plan as data (km/plan): the plan's main goals and KM focus areas,
-- its indicators with a target per fiscal year, and its action-plan rows
-- (แผนปฏิบัติการ). km/plan is the only code that writes these tables;
-- km/kpi reads the targets of KPI1–KPI3 from them.

-- Text shown as written: main goals (เป้าหมายหลัก) and focus areas
-- (จุดเน้น / กลุ่มเป้าหมาย), each at most 4,000 characters (km/plan).
ALTER TABLE km_plans ADD COLUMN main_goals TEXT NOT NULL DEFAULT '';
ALTER TABLE km_plans ADD COLUMN focus_areas TEXT NOT NULL DEFAULT '';

-- An indicator of a plan. code: 'KPI1', 'KPI2', 'KPI3' (computed by
-- km/kpi) or the committee's own code; kind: how the seed groups its
-- goals (Output, Outcome, System). strategy_id: the strategy it measures
-- (NULL: the plan as a whole).
CREATE TABLE plan_kpis (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  plan_id BIGINT NOT NULL REFERENCES km_plans(id) ON DELETE CASCADE,
  strategy_id BIGINT REFERENCES km_strategies(id) ON DELETE SET NULL,
  code TEXT NOT NULL,
  measure TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('output', 'outcome', 'system')),
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (plan_id, code)
);

-- A target per fiscal year (B.E., within the plan's period), a percentage.
CREATE TABLE plan_kpi_targets (
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  kpi_id BIGINT NOT NULL REFERENCES plan_kpis(id) ON DELETE CASCADE,
  fy INTEGER NOT NULL,
  target REAL NOT NULL CHECK (target >= 0 AND target <= 100),
  PRIMARY KEY (kpi_id, fy)
);

-- A row of the action plan: what is done, how, when, measured how, to
-- what target, by whom, with what note and what evidence.
CREATE TABLE plan_actions (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  plan_id BIGINT NOT NULL REFERENCES km_plans(id) ON DELETE CASCADE,
  strategy_id BIGINT REFERENCES km_strategies(id) ON DELETE SET NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  activity TEXT NOT NULL,
  method TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL DEFAULT '',
  kpi TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  responsible TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_actions_plan ON plan_actions (plan_id, sort);
