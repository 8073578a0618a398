-- Who changed what, when: one row per change, never updated or deleted by the service.
create table if not exists audit_log (
    id             uuid primary key,
    at             timestamptz not null,
    subject        text not null,
    role           text not null,
    action         text not null,
    resource_id    text not null,
    correlation_id uuid null
);

create index if not exists audit_log_at on audit_log (at, id);
