-- The W3C traceparent of the request or message whose transaction wrote the row: the relay publishes the row inside
-- that trace, so one trace runs from the request through the bus to every consumer. Rows from before carry none.
alter table outbox_messages add column trace_parent text null;
