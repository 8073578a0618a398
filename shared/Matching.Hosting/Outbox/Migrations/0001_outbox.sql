create table if not exists outbox_messages (
    id             uuid primary key,
    message_type   text not null,
    body           text not null,
    correlation_id text null,
    created_at     timestamptz not null,
    sent_at        timestamptz null
);

create index if not exists outbox_messages_unsent on outbox_messages (created_at) where sent_at is null;
