// 011: client request ids are scoped by method and user (issue 13). A request is known by
// (method, user, request id) in one table, with the hash of its whole input and the id its
// answer is built from (an order, an entry, a settlement, a print job). Before, each
// service looked its id up in its own table, globally: another user's id answered the
// first user's order. The services' own request_id columns stay (they are UNIQUE and
// cannot be dropped without rebuilding financial tables); from now on they keep the
// request's scoped stamp "method/user/id", unique by construction.
// Requests written before are copied with their old hashes (over part of the input): a
// retry that spans this upgrade is refused as request_conflict, never written twice.
import type { Migration } from './migration.ts';

export const migration011: Migration = {
  version: 11,
  name: 'request-ids',
  sql: `
CREATE TABLE requests (
  method TEXT NOT NULL,
  user_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  result_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (method, user_id, request_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER requests_no_update BEFORE UPDATE ON requests
BEGIN SELECT RAISE(ABORT, 'requests rows are immutable'); END;
CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests
BEGIN SELECT RAISE(ABORT, 'requests rows are immutable'); END;

INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms)
  SELECT 'sales.checkout', user_id, request_id, request_hash, id, created_at_ms FROM orders;
INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms)
  SELECT 'orders.refund', user_id, request_id, request_hash, order_id, created_at_ms FROM refunds;
INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms)
  SELECT CASE kind WHEN 'pay_in' THEN 'sessions.payIn' ELSE 'sessions.payOut' END, user_id, request_id, request_hash, entry_id, created_at_ms FROM cash_movements;
INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms)
  SELECT CASE a.kind WHEN 'credit_fund' THEN 'credit.fund' ELSE 'credit.payOut' END, j.user_id, a.request_id, a.request_hash, a.entry_id, j.created_at_ms
  FROM account_operations a JOIN journal j ON j.id = a.entry_id;
INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms)
  SELECT 'deferred.settle', user_id, request_id, request_hash, id, created_at_ms FROM settlements;
INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms)
  SELECT CASE
      WHEN kind = 'test_print' THEN 'printers.testPrint'
      WHEN kind = 'drawer' AND json_extract(payload, '$.reason') = 'test' THEN 'printers.testDrawer'
      WHEN kind = 'drawer' THEN 'drawer.open'
      ELSE 'printing.print' END,
    created_by, request_id, request_hash, id, created_at_ms
  FROM print_jobs WHERE request_id IS NOT NULL;
`,
};
