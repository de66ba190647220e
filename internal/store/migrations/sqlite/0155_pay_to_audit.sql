-- 0155: the monthly cycle feeds the survival audit (issue 15). A pay run's
-- overpayments (多发, 未到龄, 早于开始, 停发后, 重复) become recovery cases
-- of type 多领, one case per finding (pay_finding_id); a run's closed or
-- frozen bank accounts go to the towns as an audit run of possible deaths
-- (review, two-up-two-down), linked by audit_run_id so it is sent once.
ALTER TABLE audit_cases ADD COLUMN pay_finding_id INTEGER REFERENCES pay_findings(id);
CREATE UNIQUE INDEX audit_cases_pay_finding ON audit_cases (pay_finding_id);
ALTER TABLE pay_runs ADD COLUMN audit_run_id INTEGER REFERENCES audit_runs(id);
