-- 0004: indicators (主要目标) and their reported values (breakdown assistant).
-- Append-only: never edit once shipped; add db/NNNN_name.sql instead.

CREATE TABLE indicators (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER REFERENCES plans(id) ON DELETE SET NULL,
    source_name     TEXT NOT NULL,        -- file the indicator came from, or 'typed'
    source_hash     TEXT,                 -- sha256 of that file
    natural_key     TEXT NOT NULL UNIQUE, -- source_name|table|category|seq|parent|name: same file twice → same rows
    table_title     TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL DEFAULT '',   -- 类型: 经济发展 / 民生福祉 / 主要预期目标 …
    seq             TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    parent_name     TEXT,                 -- 城镇化率 for 常住人口城镇化率
    measure         TEXT,                 -- unit of measure: % / 亿元 / 年
    baseline_text   TEXT,
    baseline        REAL,
    target_text     TEXT,                 -- as written: 8左右 / 控制在省下达指标内
    target          REAL,
    target_qualifier TEXT,                -- 左右 / 以上 / > …
    growth_text     TEXT,                 -- 年均增速 [累计] as written
    growth          REAL,
    cumulative      INTEGER NOT NULL DEFAULT 0,  -- [x]: a five-year total
    attribute       TEXT CHECK (attribute IS NULL OR attribute IN ('预期性', '约束性')),
    marks           TEXT NOT NULL DEFAULT '',
    source_line     INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX idx_indicators_plan ON indicators(plan_id);

CREATE TABLE indicator_values (
    id             INTEGER PRIMARY KEY,
    indicator_id   INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period         TEXT NOT NULL,        -- YYYY / YYYY-MM / YYYY-Qn, or a table's column label
    value_text     TEXT NOT NULL,
    value          REAL,
    unit_id        INTEGER REFERENCES units(id),   -- the unit that reports it
    reported_on    TEXT NOT NULL,        -- ISO date
    source         TEXT NOT NULL DEFAULT 'typed',  -- typed / imported
    created_at     TEXT NOT NULL,
    UNIQUE (indicator_id, period)
);
CREATE INDEX idx_indicator_values_period ON indicator_values(period);
