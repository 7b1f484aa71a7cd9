-- Covering index for "replies and errors per candidate" (the report's runs table, coverage): with it
-- SQLite counts from the index (~16 bytes per reply) instead of reading every reply's row with its
-- text (~700 bytes). At a million replies the report's runs query went from 2.4 s to 0.2 s
-- (BENCHMARKS.md, "Store and analysis at scale").
CREATE INDEX responses_coverage ON responses (candidate_id, error_class, probe_row, sample);
