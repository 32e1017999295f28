-- 0006: one plan per document. The import checks for the same file (hash) or the
-- same title and year before writing; this trigger makes the check hold when two
-- windows or two offices import at the same moment. A trigger rather than a unique
-- index, so a ledger that already holds a duplicate (made before this check) still
-- opens; the program names the message 'govtrack: duplicate plan' to tell it apart.
CREATE TRIGGER plans_one_per_document BEFORE INSERT ON plans
WHEN EXISTS (SELECT 1 FROM plans
             WHERE (title = NEW.title AND year IS NEW.year)
                OR (NEW.source_hash IS NOT NULL AND source_hash = NEW.source_hash))
BEGIN
    SELECT RAISE(ABORT, 'govtrack: duplicate plan');
END;
