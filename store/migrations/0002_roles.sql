-- roles, the rotation pool, terms and mandates
SELECT 1;
