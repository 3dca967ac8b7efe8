-- The logs API filters by source, user and session as often as by tool; keyset-paged exports of one source need
-- its rows in time order without walking the whole table.
create index log_entries_source_time on log_entries (source, time desc, id desc);
create index log_entries_user_time on log_entries (user_name, time desc) where user_name is not null;
create index log_entries_session_time on log_entries (session_id, time desc) where session_id is not null;
