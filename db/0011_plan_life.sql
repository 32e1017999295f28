-- 0011: a task's life and a plan's year. Plans can be archived (read-only, no reminders,
-- out of forms and reports unless chosen) and carried over; a carried task points to its
-- origin. Extensions (延期) and closures (销号 / reopen) are kept as history rows.
ALTER TABLE plans ADD COLUMN archived_at TEXT;
ALTER TABLE plans ADD COLUMN origin_plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL;
ALTER TABLE tasks ADD COLUMN origin_task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL;

CREATE TABLE task_extensions (
    id                 INTEGER PRIMARY KEY,
    task_id            INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    old_deadline       TEXT,             -- ISO, the deadline before this extension
    old_deadline_text  TEXT,
    new_deadline       TEXT NOT NULL,    -- ISO, the approved date
    reason             TEXT NOT NULL,
    approved_by        TEXT,
    approved_on        TEXT,             -- ISO
    requested_on       TEXT NOT NULL,    -- ISO
    after_deadline     INTEGER NOT NULL DEFAULT 0,  -- requested once the deadline had passed
    created_at         TEXT NOT NULL
);
CREATE INDEX idx_task_extensions_task ON task_extensions(task_id);

CREATE TABLE task_closures (
    id              INTEGER PRIMARY KEY,
    task_id         INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    action          TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
    on_date         TEXT NOT NULL,       -- ISO
    evidence        TEXT,                -- 销号 evidence, or the reason for reopening
    source_file_id  INTEGER REFERENCES source_files(id),
    approved_by     TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX idx_task_closures_task ON task_closures(task_id);
