-- A row the relay cannot publish (a message type this build does not know, a body that does not read as its type)
-- is parked with the reason instead of holding back every row after it; GET /admin/outbox lists the parked rows.
alter table outbox_messages add column parked_at timestamptz null;
alter table outbox_messages add column error text null;

-- The relay reads what is neither sent nor parked, oldest first.
drop index if exists outbox_messages_unsent;
create index if not exists outbox_messages_waiting on outbox_messages (created_at) where sent_at is null and parked_at is null;
