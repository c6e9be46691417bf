-- votes, their options and ballots
SELECT 1;
