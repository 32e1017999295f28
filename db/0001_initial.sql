-- 0001: the task ledger. Append-only: never edit a migration that has shipped;
-- add db/NNNN_name.sql instead.

CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'breakdown',  -- report / breakdown / scheme / plan
    year          INTEGER NOT NULL,
    doc_no        TEXT,                 -- 文号
    start_date    TEXT,                 -- ISO; NULL means 1 Jan of year
    source_name   TEXT,                 -- file name as imported
    source_hash   TEXT,                 -- sha256 of the imported bytes
    source_text   TEXT,                 -- the original text, kept for tracing
    is_demo       INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);
CREATE INDEX idx_plans_hash ON plans(source_hash);

CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,     -- canonical full name
    kind      TEXT NOT NULL DEFAULT '其他',  -- 市直部门 / 区镇街道 / 国企 / 其他
    is_group  INTEGER NOT NULL DEFAULT 0,   -- 各区镇街道 and the like
    contact   TEXT,
    phone     TEXT
);

CREATE TABLE unit_aliases (
    alias    TEXT PRIMARY KEY,
    unit_id  INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
);
CREATE INDEX idx_unit_aliases_unit ON unit_aliases(unit_id);

CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq            TEXT NOT NULL,        -- the number as written in the document
    ord            INTEGER NOT NULL,     -- position in the plan
    section        TEXT NOT NULL DEFAULT '',  -- heading path joined by ' / '
    content        TEXT NOT NULL,
    target         TEXT,                 -- quantitative target, if any
    deadline       TEXT,                 -- ISO date or NULL (long-term / unknown)
    deadline_text  TEXT,                 -- the phrase as written
    lead_official  TEXT,                 -- 牵头领导
    parent_id      INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    closed_on      TEXT,                 -- 销号 date
    note           TEXT,
    source_line    INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX idx_tasks_plan ON tasks(plan_id, ord);

CREATE TABLE task_units (
    task_id  INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    role     TEXT NOT NULL CHECK (role IN ('lead', 'assist')),
    ord      INTEGER NOT NULL,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX idx_task_units_unit ON task_units(unit_id, role);

CREATE TABLE milestones (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    due_date   TEXT NOT NULL,
    done_date  TEXT,
    percent    REAL,                     -- expected share done at due_date (for 序时进度)
    ord        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_milestones_task ON milestones(task_id);

CREATE TABLE source_files (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL UNIQUE,
    size         INTEGER NOT NULL,
    stored_path  TEXT,
    kind         TEXT NOT NULL,          -- breakdown / unit_return / docx / xlsx
    imported_at  TEXT NOT NULL
);

CREATE TABLE progress (
    id             INTEGER PRIMARY KEY,
    task_id        INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    period         TEXT NOT NULL,        -- YYYY-MM
    percent        REAL NOT NULL CHECK (percent >= 0 AND percent <= 100),
    progress_text  TEXT NOT NULL DEFAULT '',   -- 进展情况
    problems       TEXT NOT NULL DEFAULT '',   -- 存在问题
    next_steps     TEXT NOT NULL DEFAULT '',   -- 下步打算
    reported_on    TEXT NOT NULL,        -- ISO date
    source         TEXT NOT NULL DEFAULT 'typed',  -- typed / imported / demo
    source_file_id INTEGER REFERENCES source_files(id),
    created_at     TEXT NOT NULL,
    UNIQUE (task_id, unit_id, period)
);
CREATE INDEX idx_progress_task ON progress(task_id, period);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL                 -- JSON
);

CREATE TABLE reminder_acks (
    key          TEXT PRIMARY KEY,       -- stable id of the reminder
    state        TEXT NOT NULL CHECK (state IN ('ack', 'snooze')),
    until        TEXT,                   -- snooze end, ISO date
    fingerprint  TEXT,                   -- what the reminder said; a change brings it back
    at           TEXT NOT NULL
);

CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    doc_no     TEXT,
    colour     TEXT NOT NULL,            -- blue / yellow / red
    issued_on  TEXT NOT NULL,
    reply_by   TEXT,
    demand     TEXT,
    snapshot   TEXT                      -- JSON of the figures printed
);

CREATE TABLE bulletins (
    id         INTEGER PRIMARY KEY,
    period     TEXT NOT NULL,
    issue_no   TEXT,
    issued_on  TEXT NOT NULL,
    snapshot   TEXT NOT NULL             -- JSON: frozen figures of the period
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    action      TEXT NOT NULL,           -- insert / update / delete
    table_name  TEXT NOT NULL,
    row_id      INTEGER,
    before      TEXT,                    -- JSON
    after       TEXT                     -- JSON
);
CREATE INDEX idx_audit_row ON audit_log(table_name, row_id);
