-- a role's parity: the group (its name as the room writes it) each term takes a member of
-- and a member not of; '' for none (!role add … --seats 2 --parity <group>)
ALTER TABLE roles ADD COLUMN parity TEXT NOT NULL DEFAULT '';
