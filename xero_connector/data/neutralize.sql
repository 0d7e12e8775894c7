-- A copied database must never talk to the production Xero organisation.
DELETE FROM xero_connection_token;
UPDATE xero_connection SET client_secret = NULL, state = 'disconnected';
