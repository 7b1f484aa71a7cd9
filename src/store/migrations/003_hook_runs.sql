-- Commands `stoppoint watch` ran on a verdict (`--on-stop CMD`), so a restarted watch never runs
-- one twice. Keyed by experiment name, not id: the record outlives the experiment's rows.
-- A row is written BEFORE the command starts (at most once, even across a crash mid-command).
CREATE TABLE hook_runs (
  experiment  TEXT NOT NULL,
  hook        TEXT NOT NULL,            -- on-stop
  command     TEXT NOT NULL,
  verdict_json TEXT NOT NULL,           -- the verdict that triggered it
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  exit_code   INTEGER,
  PRIMARY KEY (experiment, hook)
) WITHOUT ROWID;
