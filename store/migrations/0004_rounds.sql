-- placeholder for the rounds migration, so the numbers run 1, 2, 3 ... on this branch: the rounds branch replaces it
SELECT 1;
