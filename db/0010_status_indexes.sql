-- Status on a day reads every task's units in order and the reports of one period:
-- indexes for both, so 10,000 tasks are evaluated without a sort or a full scan.
CREATE INDEX IF NOT EXISTS idx_task_units_task ON task_units(task_id, ord);
CREATE INDEX IF NOT EXISTS idx_progress_period ON progress(period, reported_on);
