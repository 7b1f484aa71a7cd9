-- A version per candidate that every write to its replies or grades bumps (triggers, so no write
-- path can forget it). Metrics cache what they read per candidate under that version
-- (metric_rows_cache) and read again only candidates whose version moved: a verdict or report after
-- `metrics`, or `watch` after one more checkpoint, re-reads one candidate instead of a million rows.
CREATE TABLE candidate_data_versions (
  candidate_id INTEGER PRIMARY KEY REFERENCES candidates(id),
  version      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO candidate_data_versions (candidate_id) SELECT id FROM candidates;

CREATE TABLE metric_rows_cache (
  candidate_id   INTEGER NOT NULL,
  set_version_id INTEGER NOT NULL,
  repeats        INTEGER NOT NULL,
  graders        TEXT NOT NULL,      -- the graders whose grades were read (the query depends on them)
  data_version   INTEGER NOT NULL,   -- candidate_data_versions.version the rows were read at
  totals         BLOB NOT NULL,      -- Float64Array columns (src/metrics/rows-codec.ts)
  groups_json    TEXT NOT NULL,
  samples        BLOB NOT NULL,
  PRIMARY KEY (candidate_id, set_version_id, repeats, graders)
) WITHOUT ROWID;

CREATE TRIGGER candidates_data_version_add AFTER INSERT ON candidates
BEGIN
  INSERT INTO candidate_data_versions (candidate_id) VALUES (NEW.id);
END;
-- Candidate ids can be reused after a delete: nothing cached for the old one may survive it.
CREATE TRIGGER candidates_data_version_drop AFTER DELETE ON candidates
BEGIN
  DELETE FROM candidate_data_versions WHERE candidate_id = OLD.id;
  DELETE FROM metric_rows_cache WHERE candidate_id = OLD.id;
END;

CREATE TRIGGER responses_bump_insert AFTER INSERT ON responses
BEGIN
  UPDATE candidate_data_versions SET version = version + 1 WHERE candidate_id = NEW.candidate_id;
END;
CREATE TRIGGER responses_bump_update AFTER UPDATE ON responses
BEGIN
  UPDATE candidate_data_versions SET version = version + 1 WHERE candidate_id IN (OLD.candidate_id, NEW.candidate_id);
END;
CREATE TRIGGER responses_bump_delete AFTER DELETE ON responses
BEGIN
  UPDATE candidate_data_versions SET version = version + 1 WHERE candidate_id = OLD.candidate_id;
END;

CREATE TRIGGER grades_bump_insert AFTER INSERT ON grades
BEGIN
  UPDATE candidate_data_versions SET version = version + 1
  WHERE candidate_id = (SELECT candidate_id FROM responses WHERE id = NEW.response_id);
END;
CREATE TRIGGER grades_bump_update AFTER UPDATE ON grades
BEGIN
  UPDATE candidate_data_versions SET version = version + 1
  WHERE candidate_id IN (SELECT candidate_id FROM responses WHERE id IN (OLD.response_id, NEW.response_id));
END;
CREATE TRIGGER grades_bump_delete AFTER DELETE ON grades
BEGIN
  UPDATE candidate_data_versions SET version = version + 1
  WHERE candidate_id = (SELECT candidate_id FROM responses WHERE id = OLD.response_id);
END;
