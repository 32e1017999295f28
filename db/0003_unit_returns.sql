-- 0003: unit returns (报送的进展填报表). One row per imported workbook: which
-- unit and period it answered, which kept file it came from, when it was
-- received. A replacement return points the old row at the new one
-- (replaced_by), so the history of a unit's returns stays visible.
-- Deleting a unit or a kept file (the demo rebuild does) takes its rows along.

CREATE TABLE unit_returns (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period          TEXT NOT NULL,        -- YYYY-MM
    source_file_id  INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
    received_on     TEXT NOT NULL,        -- ISO date the office received it
    rows_applied    INTEGER NOT NULL DEFAULT 0,
    rows_flagged    INTEGER NOT NULL DEFAULT 0,
    replaced_by     INTEGER REFERENCES unit_returns(id) ON DELETE SET NULL,
    imported_at     TEXT NOT NULL
);
CREATE INDEX idx_unit_returns_unit ON unit_returns(unit_id, period);
CREATE INDEX idx_unit_returns_period ON unit_returns(period);
