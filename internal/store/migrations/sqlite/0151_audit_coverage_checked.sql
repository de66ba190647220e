-- 0151: how many hardship-group members an audit run's coverage check
-- looked at (issue 15): the denominator of 代缴覆盖率, offered beside the
-- self-evaluation with the people missing (audit_coverage) as the rest.
ALTER TABLE audit_runs ADD COLUMN coverage_checked INTEGER NOT NULL DEFAULT 0;
