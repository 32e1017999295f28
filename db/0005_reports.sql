-- 0005: what the office issued is unique: one 通报 per period, one 督办单 per 文号.
-- The program checks both before writing; the indexes keep two windows (or two
-- offices sharing a file) from issuing the same number at the same moment.
CREATE UNIQUE INDEX idx_bulletins_period ON bulletins(period);
CREATE UNIQUE INDEX idx_notices_doc_no ON notices(doc_no);
