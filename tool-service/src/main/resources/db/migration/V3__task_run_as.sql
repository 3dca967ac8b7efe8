-- Who a task acts as (issue 15): the user who created it or last changed its definition, and the API key they used
-- (null for a JWT). A tool.call runs with a token identity-service issues on behalf of that user and key, so the
-- user's current roles and the key's server scope apply when it runs, not the service's. Rows from before have
-- none and fail with a clear error until someone saves them again.
alter table tasks add column run_as_user_id varchar(200);
alter table tasks add column run_as_api_key_id varchar(200);
