-- Runs unchanged on SQLite and PostgreSQL. People sign in with an account; machines and the portal are
-- clients. Each has one role, and a provider or employer its organisation id.
create table if not exists accounts (
    id              uuid primary key,
    user_name       text not null unique,
    password_hash   text not null,
    role            text not null,
    organisation    text null,
    failed_sign_ins integer not null,
    locked_until    timestamptz null
);

-- secret_hash null: a public client (code + PKCE only). role null: a client that only signs people in
-- (the portal) and may not use client credentials. redirect_uris: absolute URIs separated by spaces
-- (as OAuth separates scopes); empty for a machine client.
create table if not exists clients (
    client_id     text primary key,
    secret_hash   text null,
    role          text null,
    organisation  text null,
    redirect_uris text not null
);
