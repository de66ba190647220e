-- 0110: 预算执行率 by the project's rule set and whether it is below the rule set's
-- execution_min, kept with the summary (internal/project) instead of re-derived in SQL.
-- Existing rows are filled with the built-in rule sets' rule (spent ÷ budget, half up; 90%);
-- the next save of a sheet recomputes them.
ALTER TABLE projects ADD COLUMN execution_bp BIGINT;
ALTER TABLE projects ADD COLUMN low_execution INTEGER NOT NULL DEFAULT 0;
UPDATE projects SET execution_bp = (spent * 20000 + (budget_higher + budget_local + budget_other)) / (2 * (budget_higher + budget_local + budget_other))
	WHERE budget_higher + budget_local + budget_other > 0 AND spent >= 0;
UPDATE projects SET low_execution = 1 WHERE execution_bp IS NOT NULL AND execution_bp < 9000;
