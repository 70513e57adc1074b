-- A check a single statement can make about its own writes: flowstate_assert(ok, message) raises
-- SQLSTATE FS409 with the message unless ok is true, which aborts the statement and everything it
-- wrote. A batch of migration steps is written together with its items by ONE statement (no
-- transaction around it), which must apply as a whole or not at all (persistStep.ts, writeStepsWith).
CREATE FUNCTION flowstate_assert(ok boolean, message text) RETURNS boolean LANGUAGE plpgsql AS E'BEGIN IF ok IS NOT TRUE THEN RAISE EXCEPTION USING ERRCODE = ''FS409'', MESSAGE = message\073 END IF\073 RETURN true\073 END\073';
