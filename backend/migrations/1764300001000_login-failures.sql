-- Up Migration

-- Failed logins counted per key ("ip:<address>" or "email:<address>") in a fixed window, shared by
-- every backend replica so throttling holds behind a load balancer.
CREATE TABLE selfdb.login_failures (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL
);

CREATE INDEX login_failures_window_idx ON selfdb.login_failures (window_start);

-- Down Migration

DROP TABLE selfdb.login_failures;
