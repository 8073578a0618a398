-- Who signed an agreement for the city: the coordinator's subject (an account id, never a name). Agreements signed
-- before this was recorded name no one.
alter table agreements add column signed_by text null;
