-- The foundation: organisations, their units, people and job lines,
-- accounts with roles, sessions, API tokens, login throttling, the audit
-- trail, and the knowledge map (strategic issues, goals, required knowledge)
-- with the KM plan's strategies.
--
-- Every table below organisations carries org_id: one instance serves many
-- organisations, and every query of a domain module filters on it.
-- Times are Unix seconds (UTC); dates are 'YYYY-MM-DD'; booleans 0/1.

CREATE TABLE organisations (
  id ID_PRIMARY_KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'municipality',
  province TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

-- Units nest: the organisation's divisions (สำนัก / กอง) are level 1, their
-- sections (ฝ่าย / งาน) level 2. parent_id is NULL for level 1.
CREATE TABLE units (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  parent_id BIGINT REFERENCES units(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  level INTEGER NOT NULL DEFAULT 1,
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, code)
);
CREATE INDEX units_org ON units (org_id, parent_id, sort);

CREATE TABLE job_lines (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, code),
  UNIQUE (org_id, name)
);

CREATE TABLE people (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  unit_id BIGINT REFERENCES units(id),
  job_line_id BIGINT REFERENCES job_lines(id),
  name TEXT NOT NULL,
  position TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT '',
  employment_type TEXT NOT NULL DEFAULT 'municipal_employee'
    CHECK (employment_type IN ('municipal_employee', 'permanent_worker', 'contract_worker')),
  email TEXT NOT NULL DEFAULT '',
  start_date TEXT,
  retirement_date TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX people_org_unit ON people (org_id, unit_id);

-- An account is a login. Logins are unique across the instance so that the
-- login page needs no organisation field.
CREATE TABLE accounts (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  person_id BIGINT REFERENCES people(id),
  login TEXT NOT NULL UNIQUE,
  pass_hash TEXT NOT NULL DEFAULT '',
  committee_role TEXT
    CHECK (committee_role IN ('chair', 'vice_chair', 'member', 'secretary', 'assistant_secretary')),
  disabled INTEGER NOT NULL DEFAULT 0,
  lang TEXT NOT NULL DEFAULT 'th',
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE account_roles (
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL
    CHECK (role IN ('admin', 'km_committee', 'executive', 'unit_head', 'staff')),
  PRIMARY KEY (account_id, role)
);

-- Session and API tokens are stored as SHA-256 hashes (hex); the secret
-- itself exists only in the client's cookie or script.
CREATE TABLE sessions (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Failed logins within the throttling window, by account login and by address.
CREATE TABLE login_failures (
  id ID_PRIMARY_KEY,
  login TEXT NOT NULL,
  ip TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Append-only. Each event's hash covers its fields and the previous event's
-- hash, so a change to any past event breaks the chain.
CREATE TABLE audit_events (
  id ID_PRIMARY_KEY,
  org_id BIGINT REFERENCES organisations(id),
  at BIGINT NOT NULL,
  actor_account_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id BIGINT,
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_events_org ON audit_events (org_id, at);

-- The KM plan: a period of fiscal years (B.E.) with its vision and strategies.
CREATE TABLE km_plans (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  title TEXT NOT NULL,
  fy_from INTEGER NOT NULL,
  fy_to INTEGER NOT NULL,
  vision TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  CHECK (fy_to >= fy_from)
);
CREATE INDEX km_plans_org ON km_plans (org_id, fy_to);

CREATE TABLE km_strategies (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  plan_id BIGINT NOT NULL REFERENCES km_plans(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  meaning TEXT NOT NULL DEFAULT '',
  mission TEXT NOT NULL DEFAULT '',
  responsible TEXT NOT NULL DEFAULT '',
  goal TEXT NOT NULL DEFAULT '',
  timeframe TEXT NOT NULL DEFAULT '',
  UNIQUE (plan_id, number)
);

-- The knowledge map (the plan's section 4): strategic issue -> goals ->
-- required knowledge -> responsible unit (NULL: the organisation as a whole).
CREATE TABLE strategic_issues (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, number)
);

CREATE TABLE strategic_goals (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  issue_id BIGINT NOT NULL REFERENCES strategic_issues(id) ON DELETE CASCADE,
  sort INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL
);
CREATE INDEX strategic_goals_issue ON strategic_goals (issue_id, sort);

CREATE TABLE required_knowledge (
  id ID_PRIMARY_KEY,
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  issue_id BIGINT NOT NULL REFERENCES strategic_issues(id) ON DELETE CASCADE,
  unit_id BIGINT REFERENCES units(id),
  sort INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX required_knowledge_issue ON required_knowledge (issue_id, sort);
CREATE INDEX required_knowledge_recent ON required_knowledge (org_id, created_at);
