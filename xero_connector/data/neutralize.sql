-- A copied database must never talk to the production Xero organisation: every secret
-- goes (tokens, client secret, webhook key, a sign-in under way), and with them the
-- organisation's connection to the app, so the copy is plainly disconnected.
DELETE FROM xero_connection_token;
UPDATE xero_connection SET state = 'disconnected', xero_connection_id = NULL;
