-- With token storage off, OpenIddict cannot tell a code it has already exchanged: this table can. One row per
-- exchanged authorization code (the SHA-256 of its text) until the code would have expired anyway.
create table if not exists redeemed_codes (
    code_id    text primary key,
    expires_at timestamptz not null
);

create index if not exists redeemed_codes_expires_at on redeemed_codes (expires_at);
