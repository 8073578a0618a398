-- How to sign up for a course: the provider's phone, e-mail and web page, each optional. Shown by the public course
-- finder; carried to the other services in CourseState.Contact.
alter table courses add column contact_phone text null;
alter table courses add column contact_email text null;
alter table courses add column contact_url text null;
