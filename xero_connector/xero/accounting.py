"""The Accounting API calls the addon makes beside each entity's own list, read, write
and history (whose operations ``entities.py`` names): one named method each, holding the
SDK operation, its ``where`` filter and its paging. ``XeroClient`` has them all; no other
module names an SDK operation or writes a ``where`` filter."""

from xero_python.accounting import RequestEmpty


def where_literal(text):
    """``text`` inside a double-quoted literal of a ``where`` filter. Xero's filter
    language (.NET's Dynamic LINQ) takes a backslash as an ordinary character, so it
    stays as it is (escaped, it would no longer match); a double quote cannot be
    protected by a backslash, and no public answer shows Xero taking it doubled, so
    it is left out."""
    return str(text or "").replace('"', "")


def _equals(field, value):
    return '%s=="%s"' % (field, where_literal(value))


class AccountingCalls:
    """Mixed into ``XeroClient``, whose ``accounting`` and ``accounting_json`` make the
    calls (throttled, typed errors, quota)."""

    # -- contacts -------------------------------------------------------------------------------
    def contacts_named(self, tenant_id, name):
        """The contacts named ``name`` (Xero keeps names unique among active contacts);
        a paged read, so whole contacts."""
        return self.accounting_json(tenant_id, "get_contacts", page=1, where=_equals("Name", name)).get("Contacts", [])

    def active_contacts_with(self, tenant_id, field, value, limit=5):
        """Active contacts whose ``field`` (a Xero key, e.g. AccountNumber) is ``value``."""
        where = 'ContactStatus=="ACTIVE" AND %s' % _equals(field, value)
        answer = self.accounting_json(tenant_id, "get_contacts", page=1, page_size=limit, where=where)
        return answer.get("Contacts", [])

    def search_contacts(self, tenant_id, term, limit=20):
        """Contacts whose name or email contains ``term``, by Xero's own search, which
        leaves account numbers out."""
        answer = self.accounting_json(tenant_id, "get_contacts", search_term=term, page=1, page_size=limit)
        return answer.get("Contacts", [])

    def contacts_with_account_number(self, tenant_id, number, limit=20):
        answer = self.accounting_json(
            tenant_id, "get_contacts", page=1, page_size=limit, where=_equals("AccountNumber", number)
        )
        return answer.get("Contacts", [])

    # -- contact groups -------------------------------------------------------------------------
    def contact_groups(self, tenant_id):
        return self.accounting_json(tenant_id, "get_contact_groups")

    def contact_group(self, tenant_id, group_id):
        """The group with its members."""
        return self.accounting_json(tenant_id, "get_contact_group", group_id)

    def add_to_contact_group(self, tenant_id, group_id, contact_ids):
        """One call adding the contacts; Xero refuses all of them when one is archived."""
        body = {"Contacts": [{"ContactID": contact_id} for contact_id in contact_ids]}
        return self.accounting_json(tenant_id, "create_contact_group_contacts", group_id, body)

    def remove_from_contact_group(self, tenant_id, group_id, contact_id):
        return self.accounting(tenant_id, "delete_contact_group_contact", group_id, contact_id)

    # -- items and invoices ---------------------------------------------------------------------
    def items_with_code(self, tenant_id, code):
        """The item with this code (codes are unique in an organisation), in a list."""
        return self.accounting_json(tenant_id, "get_items", where=_equals("Code", code)).get("Items", [])

    def customer_drafts(self, tenant_id, contact_id):
        """The first page of the contact's draft sales invoices."""
        answer = self.accounting_json(
            tenant_id,
            "get_invoices",
            where='Type=="ACCREC"',
            statuses=["DRAFT"],
            contact_i_ds=[contact_id],
            page=1,
        )
        return answer.get("Invoices", [])

    def customer_quotes(self, tenant_id, contact_id):
        """The first page of the contact's quotes (Xero's pages of quotes hold 100)."""
        return self.accounting_json(tenant_id, "get_quotes", contact_id=contact_id, page=1).get("Quotes", [])

    def delete_draft_invoice(self, tenant_id, invoice_id):
        """Xero deletes a draft by its status; returns the invoice as Xero answers it."""
        body = {"Invoices": [{"InvoiceID": invoice_id, "Status": "DELETED"}]}
        return self.accounting_json(tenant_id, "update_invoice", invoice_id, body).get("Invoices", [])

    def online_invoice_url(self, tenant_id, invoice_id):
        """Where the customer sees and pays an approved invoice (Xero's online invoice)."""
        answer = self.accounting_json(tenant_id, "get_online_invoice", invoice_id)
        return ((answer.get("OnlineInvoices") or [{}])[0]).get("OnlineInvoiceUrl") or False

    def invoice_pdf(self, tenant_id, invoice_id):
        """Xero's own PDF of an invoice, as bytes."""
        return self.accounting_file(tenant_id, "get_invoice_as_pdf", invoice_id)

    def email_invoice(self, tenant_id, invoice_id, attempt=0):
        """Have Xero email an approved sales invoice to its contact (Xero answers with no
        content). The key is the invoice's and the ``attempt``'s: an answer lost and the
        call made again within Xero's idempotency window is not a second email, while a
        person asking again after a refusal gets a new answer, not the refusal replayed."""
        key = "email-%s-%s" % (invoice_id, attempt)
        self.accounting(tenant_id, "email_invoice", invoice_id, RequestEmpty(), idempotency_key=key)

    # -- the organisation and its settings -----------------------------------------------------
    def organisation(self, tenant_id):
        """The organisation, as the SDK's model (name, short code, ...)."""
        return self.accounting(tenant_id, "get_organisations").organisations[0]

    def accounts(self, tenant_id):
        return self.accounting_json(tenant_id, "get_accounts").get("Accounts", [])

    def branding_themes(self, tenant_id):
        return self.accounting_json(tenant_id, "get_branding_themes").get("BrandingThemes", [])

    def tracking_categories(self, tenant_id):
        return self.accounting_json(tenant_id, "get_tracking_categories").get("TrackingCategories", [])

    def tax_rates(self, tenant_id):
        return self.accounting_json(tenant_id, "get_tax_rates").get("TaxRates", [])
