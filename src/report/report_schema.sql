-- report_schema.sql - the DMARC aggregate report store (RFC 9990), shared by
-- the milter (which records) and authreport (which sends). The same text
-- runs on SQLite 3 and PostgreSQL 15: only TEXT and BIGINT columns, and
-- upserts through ON CONFLICT. Every statement is idempotent, so the milter
-- and authreport both run it when they open a store.

-- One aggregated row of a report (RFC 9990 <record>): messages of one UTC
-- day and policy domain that share source address, identifiers, results
-- and disposition. Both writers add to n with
--   INSERT ... ON CONFLICT (key columns) DO UPDATE SET n = n + excluded.n
-- Empty strings, never NULL, stand for "absent" so the key stays unique.
CREATE TABLE IF NOT EXISTS dmarc_row (
	day TEXT NOT NULL,            -- YYYY-MM-DD, UTC
	policy_domain TEXT NOT NULL,  -- the domain whose record applied
	source_ip TEXT NOT NULL,      -- textual address of the SMTP client
	header_from TEXT NOT NULL,    -- RFC5322.From domain
	envelope_from TEXT NOT NULL,  -- RFC5321.MailFrom domain, '' if null
	envelope_to TEXT NOT NULL,    -- first recipient domain, '' if unknown
	spf_domain TEXT NOT NULL,     -- domain SPF checked
	spf_result TEXT NOT NULL,     -- none|neutral|pass|fail|softfail|temperror|permerror
	dkim TEXT NOT NULL,           -- each signature as domain/selector/result,
	                              -- joined by spaces, sorted; '' for none
	dmarc_dkim TEXT NOT NULL,     -- pass|fail: an aligned DKIM pass
	dmarc_spf TEXT NOT NULL,      -- pass|fail: an aligned SPF pass
	disposition TEXT NOT NULL,    -- none|quarantine|reject (what we applied)
	reasons TEXT NOT NULL,        -- override reasons as type:comment, joined
	                              -- by newlines; '' for none
	n BIGINT NOT NULL,            -- messages
	PRIMARY KEY (day, policy_domain, source_ip, header_from, envelope_from,
	    envelope_to, spf_domain, spf_result, dkim, dmarc_dkim, dmarc_spf,
	    disposition, reasons)
);

-- The policy published for a domain on a day (RFC 9990 <policy_published>)
-- and where its reports go: the last one seen wins.
CREATE TABLE IF NOT EXISTS dmarc_policy (
	day TEXT NOT NULL,
	policy_domain TEXT NOT NULL,
	discovery TEXT NOT NULL,      -- psl|treewalk
	p TEXT NOT NULL,              -- none|quarantine|reject
	sp TEXT NOT NULL,             -- '' when not published
	np TEXT NOT NULL,             -- '' when not published
	adkim TEXT NOT NULL,          -- r|s
	aspf TEXT NOT NULL,           -- r|s
	testing TEXT NOT NULL,        -- y|n (t=)
	fo TEXT NOT NULL,             -- as published, '' when absent
	rua TEXT NOT NULL,            -- the rua= value as published, '' when absent
	seen BIGINT NOT NULL,         -- unix time of the last message
	PRIMARY KEY (day, policy_domain)
);

-- Reports built and what became of them: a (day, policy_domain) with a row
-- here is never sent again. status: sent|written|failed|suppressed|
-- unverified (external rua not authorized by _report._dmarc).
CREATE TABLE IF NOT EXISTS dmarc_sent (
	day TEXT NOT NULL,
	policy_domain TEXT NOT NULL,
	report_id TEXT NOT NULL,
	status TEXT NOT NULL,
	detail TEXT NOT NULL,
	at BIGINT NOT NULL,           -- unix time
	PRIMARY KEY (day, policy_domain)
);

-- Destinations never to send to (bounces, loops), managed by authreport.
CREATE TABLE IF NOT EXISTS dmarc_suppress (
	address TEXT NOT NULL PRIMARY KEY, -- a mailto: address or a domain
	reason TEXT NOT NULL,
	at BIGINT NOT NULL
);

-- One sender at a time across MX hosts sharing a store: authreport takes
-- this row (INSERT; the loser sees a conflict) and deletes it when done;
-- a lock older than an hour is taken over.
CREATE TABLE IF NOT EXISTS dmarc_lock (
	name TEXT NOT NULL PRIMARY KEY,
	holder TEXT NOT NULL,         -- hostname:pid
	at BIGINT NOT NULL
);
