-- PostgreSQL's 0005 creates Quartz.NET's qrtz_ tables for the clustered job store. The embedded SQLite database runs
-- Quartz's in-memory store, which has no tables; this script keeps the two histories numbered alike.
SELECT 1;
