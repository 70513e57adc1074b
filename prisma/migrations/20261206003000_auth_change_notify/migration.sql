-- Session cache invalidation across runtime processes (apps/runtime/src/auth/sessionCache.ts): every
-- change of a user or a session NOTIFYs `flowstate_auth` with the user's id at commit, a truncate
-- notifies `*` (forget everything). Additive: a runtime that does not listen ignores it.
CREATE FUNCTION flowstate_user_changed() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''flowstate_auth'', OLD.id::text)\073 RETURN NULL\073 END\073';

CREATE FUNCTION flowstate_session_changed() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''flowstate_auth'', OLD.user_id::text)\073 RETURN NULL\073 END\073';

CREATE FUNCTION flowstate_auth_truncated() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''flowstate_auth'', ''*'')\073 RETURN NULL\073 END\073';

CREATE TRIGGER app_user_changed AFTER UPDATE OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION flowstate_user_changed();

CREATE TRIGGER user_session_changed AFTER UPDATE OR DELETE ON user_session
  FOR EACH ROW EXECUTE FUNCTION flowstate_session_changed();

CREATE TRIGGER app_user_truncated AFTER TRUNCATE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION flowstate_auth_truncated();

CREATE TRIGGER user_session_truncated AFTER TRUNCATE ON user_session
  FOR EACH STATEMENT EXECUTE FUNCTION flowstate_auth_truncated();
