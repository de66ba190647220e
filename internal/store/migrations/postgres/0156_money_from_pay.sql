-- 0156: a project's funds filled from the monthly cycle (issue 15) instead
-- of typed: receipts from the money recorded against each month's fund
-- request, payouts from the checked payroll. Such a record carries the
-- month it came from (pay_month, YYYY-MM) and, for a payout, the pay run
-- (pay_run), so the page links each figure to the months behind it and a
-- new fill replaces exactly the records an earlier fill wrote.
ALTER TABLE money_records ADD COLUMN pay_month TEXT NOT NULL DEFAULT '';
ALTER TABLE money_records ADD COLUMN pay_run BIGINT NOT NULL DEFAULT 0;
