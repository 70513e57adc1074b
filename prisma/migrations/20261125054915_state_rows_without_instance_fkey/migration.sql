-- State instances, occurrences and firings lose their foreign key to instance, as history did
-- (see the StateInstance model's comment). Only the step statement writes them, joined on the
-- instance rows it updates, and instances are never deleted. Each key check was a lookup and a
-- row lock on the instance per inserted row.
ALTER TABLE "firing" DROP CONSTRAINT "firing_instance_id_fkey";

ALTER TABLE "occurrence" DROP CONSTRAINT "occurrence_instance_id_fkey";

ALTER TABLE "state_instance" DROP CONSTRAINT "state_instance_instance_id_fkey";
