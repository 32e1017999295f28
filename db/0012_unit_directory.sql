-- 0012: the office's own unit directory: its official order (reports list units in it) and
-- the members of a group (各区镇街道: forms and 催报 go to the members when it lists them).
ALTER TABLE units ADD COLUMN ord INTEGER;

CREATE TABLE unit_members (
    group_id   INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, member_id)
);
