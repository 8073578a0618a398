-- The messages each consumer has handled, written in the same transaction as what the message changed:
-- a redelivered message (same id) is recognised and changes nothing.
create table if not exists inbox_messages (
    message_id   uuid not null,
    consumer     text not null,
    processed_at timestamptz not null,
    primary key (message_id, consumer)
);

create index if not exists inbox_messages_processed_at on inbox_messages (processed_at);
