-- Which caseworker account requested a placement: the token's subject (an account or client id, never a name).
-- Placements requested before this was recorded name no one.
alter table placements add column requested_by text null;

-- An employer lists the placements into one of its openings.
create index if not exists placements_opening_id on placements (opening_id, requested_at, id);
