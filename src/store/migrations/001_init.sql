-- stoppoint store, schema 1.
-- Integer keys everywhere on the hot tables so a million replies stay small.

CREATE TABLE probe_set_versions (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  version     TEXT NOT NULL,            -- full sha256 hex of canonical records
  meta_json   TEXT NOT NULL,            -- probe-set.yaml content
  record_count INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (name, version)
);

CREATE TABLE probe_set_tags (
  name        TEXT NOT NULL,
  tag         TEXT NOT NULL,
  version     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (name, tag)
) WITHOUT ROWID;

-- Snapshot of every record of every version: old runs stay readable after files change.
CREATE TABLE probes (
  id          INTEGER PRIMARY KEY,
  set_version_id INTEGER NOT NULL REFERENCES probe_set_versions(id),
  probe_id    TEXT NOT NULL,
  category    TEXT NOT NULL,
  behavior    TEXT NOT NULL,
  grp         TEXT,
  lang        TEXT,
  record_json TEXT NOT NULL,
  UNIQUE (set_version_id, probe_id)
);

CREATE TABLE experiments (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  plan_json   TEXT NOT NULL,            -- the plan as last run (no keys: only env var names)
  plan_path   TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE candidates (
  id          INTEGER PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id),
  name        TEXT NOT NULL,
  ordinal     INTEGER NOT NULL,         -- order tried, from the plan
  model       TEXT NOT NULL,
  config_key  TEXT NOT NULL,            -- params without seed: replicates share it
  spec_json   TEXT NOT NULL,            -- the candidate as in the plan
  UNIQUE (experiment_id, name)
);

-- One evaluation pass of a candidate on one probe-set version.
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  set_version_id INTEGER NOT NULL REFERENCES probe_set_versions(id),
  repeats     INTEGER NOT NULL,
  expected    INTEGER NOT NULL,         -- probes x repeats this run must cover
  subset      TEXT,                     -- null for the full set; else how it was limited
  status      TEXT NOT NULL,            -- running | complete | partial | interrupted | budget
  sampling_json TEXT NOT NULL,
  endpoint_url TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX runs_candidate ON runs (candidate_id, set_version_id);

-- Every reply (or the error that ended its attempts). One row per (candidate, probe, sample).
CREATE TABLE responses (
  id          INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  probe_row   INTEGER NOT NULL REFERENCES probes(id),
  sample      INTEGER NOT NULL,
  run_id      INTEGER NOT NULL REFERENCES runs(id),
  seed        INTEGER,
  text        TEXT,
  finish_reason TEXT,
  latency_ms  INTEGER,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  fingerprint TEXT,
  attempts    INTEGER NOT NULL,
  error_class TEXT,                     -- null when there is a reply
  error_message TEXT,
  created_at  INTEGER NOT NULL,         -- unix ms
  UNIQUE (candidate_id, probe_row, sample)
);

-- Grades: one per (response, grader). status keeps "could not grade" apart from "failed".
CREATE TABLE grades (
  response_id INTEGER NOT NULL REFERENCES responses(id),
  grader      TEXT NOT NULL,
  grader_version TEXT NOT NULL,
  status      TEXT NOT NULL,            -- scored | error | not_applicable
  label       TEXT,                     -- e.g. refuse | comply | partial | correct | incorrect
  score       REAL,
  detail      TEXT,
  PRIMARY KEY (response_id, grader)
) WITHOUT ROWID;
CREATE INDEX grades_grader ON grades (grader, grader_version);

CREATE TABLE judge_cache (
  cache_key   TEXT PRIMARY KEY,         -- hash(rubric version, judge model, probe, reply)
  grade_json  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE train_metrics (
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  name        TEXT NOT NULL,            -- loss | eval_loss | eval_<set>_loss | grad_norm | learning_rate
  step        INTEGER NOT NULL,
  value       REAL NOT NULL,
  PRIMARY KEY (candidate_id, name, step)
) WITHOUT ROWID;

CREATE TABLE train_logs (
  candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
  source_path TEXT NOT NULL,
  format      TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
