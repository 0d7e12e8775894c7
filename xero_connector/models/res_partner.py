"""Partners are Xero contacts: the values the contact mapping reads and writes.

A top-level partner is one Xero contact. Its billing address is its invoice-type child
address when it has one, else its own; its delivery-type child is Xero's STREET address;
its other child contacts are Xero's ContactPersons; a company's main contact person
gives Xero's first and last name.
"""

from odoo import _, api, fields, models
from odoo.tools import email_normalize

from ..odoo_series import MOBILE_FIELDS, PARTNER_HAS_MOBILE, partner_mobile_field
from ..xero import entities
from ..xero import mapping_contacts as mapping
from .res_partner_terms import terms_values

# a partner's address, on the partner or on its invoice and delivery children
ADDRESS_FIELDS = ("street", "street2", "city", "state_id", "zip", "country_id")
# the contact's plain values both ways, {mapping key: partner field}: read from the
# partner, applied from Xero and watched, all from this one table
OWN_KEYS = {
    "name": "name",
    "email": "email",
    "phone": "phone",
    "mobile": "xero_mobile",
    "vat": "vat",
    "ref": "ref",
    "active": "active",
    "first_name": "xero_first_name",
    "last_name": "xero_last_name",
    "tax_type": "xero_tax_type",
}
# what Xero alone says of the contact: applied, never sent
FROM_XERO_KEYS = {
    "is_customer": "xero_is_customer",
    "is_supplier": "xero_is_supplier",
    "outstanding": "xero_balance_outstanding",
    "overdue": "xero_balance_overdue",
}
# partner fields whose change changes what Xero holds for the partner itself: the plain
# values' and those behind the nested values (currency, terms, persons, addresses)
WATCHED_FIELDS = (
    *OWN_KEYS.values(),
    *MOBILE_FIELDS,
    "property_product_pricelist",
    "property_payment_term_id",
    "xero_contact_person_id",
    "is_company",
    *ADDRESS_FIELDS,
)
# child fields whose change changes what Xero holds for the parent
CHILD_WATCHED_FIELDS = ("name", "email", "type", "active", "parent_id", *ADDRESS_FIELDS)
# a contact's values applied after its partner is created: they make records of their own
NESTED_VALUES = ("billing_address", "delivery_address", "persons", "currency")


def xero_figure(label, compute, help_text):
    """A figure of the customer's from Xero, computed (per company), for Xero users."""
    return fields.Float(
        label, compute=compute, digits="Account", help=help_text, groups="xero_connector.group_xero_user"
    )


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "xero.two.way.mixin"]

    _xero_entity = entities.CONTACT
    _xero_fields = mapping.FIELDS
    _xero_watched_fields = WATCHED_FIELDS

    xero_mobile = partner_mobile_field()
    xero_first_name = fields.Char(
        "First Name (Xero)",
        compute="_compute_xero_person_name",
        store=True,
        readonly=False,
        help="Xero's first name: a person's own, a company's main contact person's.",
    )
    xero_last_name = fields.Char("Last Name (Xero)", compute="_compute_xero_person_name", store=True, readonly=False)
    xero_contact_person_id = fields.Many2one(
        "res.partner",
        "Main Contact Person",
        domain="[('parent_id', '=', id), ('type', '=', 'contact')]",
        help="The person Xero shows as this company's contact; the other contacts go as contact persons.",
    )
    xero_tax_type = fields.Char(
        "Xero Sales Tax Type", help="Xero's tax type for sales to this customer (AccountsReceivableTaxType)."
    )
    xero_branding_theme_id = fields.Many2one(
        "xero.branding.theme",
        company_dependent=True,
        readonly=True,
        help="The look of this customer's invoices and quotes in Xero, instead of the connection's default "
        "theme: the contact's branding theme, set in Xero (Xero's API takes none for a contact).",
    )
    xero_name_key = fields.Char(
        compute="_compute_xero_name_key",
        store=True,
        index=True,
        help="The name folded as Xero compares names: case and accents ignored.",
    )
    # what Xero alone knows, per company (each company may be linked to its own organisation)
    xero_is_customer = fields.Boolean(
        "Customer in Xero", company_dependent=True, readonly=True, groups="xero_connector.group_xero_user"
    )
    xero_is_supplier = fields.Boolean(
        "Supplier in Xero", company_dependent=True, readonly=True, groups="xero_connector.group_xero_user"
    )
    xero_balance_outstanding = fields.Float(
        "Outstanding (Xero balance)",
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups="xero_connector.group_xero_user",
    )
    xero_balance_overdue = fields.Float(
        "Overdue (Xero balance)",
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups="xero_connector.group_xero_user",
    )
    xero_payment_terms = fields.Char(
        "Payment Terms (Xero)",
        company_dependent=True,
        readonly=True,
        help="The contact's sales payment terms as Xero has them.",
        groups="xero_connector.group_xero_user",
    )
    # the customer's position: from the sales documents imported from Xero, else its balances
    xero_outstanding = xero_figure(
        "Outstanding (Xero)", "_compute_xero_position", "What the customer owes, as Xero says."
    )
    xero_overdue = xero_figure(
        "Overdue (Xero)", "_compute_xero_position", "The part of what is owed that is past due, as Xero says."
    )
    xero_total_sales = xero_figure(
        "Total Sales (Xero)",
        "_compute_xero_position",
        "Authorised and paid invoices less credit notes, untaxed; voided and deleted documents left out.",
    )
    xero_last_invoice_date = fields.Date(
        "Last Invoice (Xero)", compute="_compute_xero_position", groups="xero_connector.group_xero_user"
    )

    @api.depends("name", "is_company", "xero_contact_person_id.name")
    def _compute_xero_person_name(self):
        for partner in self:
            person = partner.xero_contact_person_id if partner.is_company else partner
            first, last = partner.xero_first_name, partner.xero_last_name
            still_theirs = mapping.fold(mapping.join_name(first, last)) == mapping.fold(person.name)
            if (first or last) and (still_theirs or not person):
                # they still make the person's name (Xero's own split, a last name alone),
                # or a company has no main person to take them from: kept as they are,
                # not split again whenever the name is recomputed
                partner.xero_first_name, partner.xero_last_name = first, last
            else:
                partner.xero_first_name, partner.xero_last_name = mapping.split_name(person.name)

    @api.depends_context("company")
    def _compute_xero_position(self):
        """Three grouped queries for the whole recordset, in the current company."""
        Transaction = self.env["xero.sales.transaction"].sudo()
        partners = self.filtered("id")
        base = [("partner_id", "in", partners.ids), ("company_id", "=", self.env.company.id), ("counted", "=", True)]
        sales = dict(Transaction._read_group(base, ["partner_id"], ["amount_untaxed:sum"])) if partners else {}
        last = (
            dict(Transaction._read_group(base + [("kind", "=", "invoice")], ["partner_id"], ["date:max"]))
            if partners
            else {}
        )
        unpaid = base + [("kind", "=", "invoice"), ("status", "=", "AUTHORISED")]
        due = dict(Transaction._read_group(unpaid, ["partner_id"], ["amount_due:sum"])) if partners else {}
        overdue = (
            dict(
                Transaction._read_group(
                    unpaid + [("due_date", "<", fields.Date.context_today(self))], ["partner_id"], ["amount_due:sum"]
                )
            )
            if partners
            else {}
        )
        known = (
            set(
                Transaction._read_group(
                    [("partner_id", "in", partners.ids), ("company_id", "=", self.env.company.id)], ["partner_id"], []
                )
            )
            if partners
            else set()
        )
        for partner in self:
            key = partner._origin
            from_documents = (key,) in known
            partner.xero_total_sales = sales.get(key, 0.0)
            partner.xero_last_invoice_date = last.get(key, False)
            partner.xero_outstanding = due.get(key, 0.0) if from_documents else partner.xero_balance_outstanding
            partner.xero_overdue = overdue.get(key, 0.0) if from_documents else partner.xero_balance_overdue

    @api.depends("name")
    def _compute_xero_name_key(self):
        for partner in self:
            partner.xero_name_key = mapping.fold(partner.name) if partner.name else False

    # -- reading and applying the mapped values ---------------------------------------------
    def _xero_billing_partner(self):
        return self.child_ids.filtered(lambda c: c.active and c.type == "invoice")[:1] or self

    def _xero_delivery_partner(self):
        return self.child_ids.filtered(lambda c: c.active and c.type == "delivery")[:1]

    def _xero_persons(self):
        """The child contacts Xero keeps as contact persons, in creation order."""
        return self.child_ids.filtered(
            lambda c: c.active and c.type == "contact" and c != self.xero_contact_person_id
        ).sorted("id")

    def _xero_read_values(self, connection=None, entity=None):
        self.ensure_one()
        partner = self.with_company(connection.company_id) if connection else self
        currency = partner.property_product_pricelist.currency_id
        company_currency = (connection.company_id if connection else self.env.company).currency_id
        return {
            **{key: self[field] or False for key, field in OWN_KEYS.items()},
            "name": self.name or "",
            "phone": self._xero_default_phone(connection),
            "active": self.active,
            # Xero's empty default currency is the organisation's own
            "currency": currency.name if currency and currency != company_currency else False,
            "billing_address": _address_values(self._xero_billing_partner()),
            "delivery_address": _address_values(self._xero_delivery_partner()),
            "persons": [_person_values(p) for p in self._xero_persons()[: mapping.MAX_PERSONS]],
            "payment_terms": terms_values(partner.property_payment_term_id),
        }

    def _xero_apply_values(self, values, connection=None, entity=None):
        """Write what came from Xero: own fields at once, addresses and persons on the
        child partners they belong to."""
        self.ensure_one()
        partner = self.with_company(connection.company_id) if connection else self
        partner = partner.with_context(xero_from_sync=True, active_test=False)
        # an address emptied in Xero is emptied in Odoo (else Odoo would send it back)
        if "billing_address" in values:
            billing = partner._xero_billing_partner()
            billing.write(partner._xero_address_vals(values["billing_address"] or {}))
        if "delivery_address" in values:
            delivery = partner._xero_delivery_partner()
            vals = partner._xero_address_vals(values["delivery_address"] or {})
            if delivery:
                delivery.write(vals)
            elif values["delivery_address"]:
                # made first, then addressed: Odoo gives a company without an address the
                # address of its first child at creation, which Xero's empty POBOX denies
                partner.create({"parent_id": partner.id, "type": "delivery"}).write(vals)
        names = None
        if partner.is_company and ("first_name" in values or "last_name" in values):
            # the main person's name is both, joined; Xero's first and last name stay as Xero
            # has them (a last name alone is not a first name), the one not sent unchanged
            first = values.get("first_name", partner.xero_first_name)
            last = values.get("last_name", partner.xero_last_name)
            partner._xero_apply_main_person(first, last)
            names = {"xero_first_name": first or False, "xero_last_name": last or False}
        if "persons" in values:
            partner._xero_apply_persons(values["persons"] or [])
        # after the persons: renaming the main one recomputes the names Xero's override
        own = partner._xero_own_values(values, connection)
        if "name" in own and not partner.is_company:
            # a person renamed in Xero keeps the first and last name Xero has, rather
            # than new ones split from the name
            own.setdefault("xero_first_name", partner.xero_first_name)
            own.setdefault("xero_last_name", partner.xero_last_name)
        if "property_product_pricelist" in own:
            # on its own: on 19.0, writing the pricelist (a company-dependent field with an
            # inverse) with the Tax ID in one write puts the old Tax ID back
            partner.write({"property_product_pricelist": own.pop("property_product_pricelist")})
        if names:
            own.update(names)
        if own:
            partner.write(own)

    def _xero_default_phone(self, connection=None):
        """Xero's DEFAULT phone. Where Odoo has no mobile field (19.0), a contact whose
        only number in Xero is its mobile shows it as its phone: that phone is then no
        default phone of Xero's, unless Xero's default phone is that same number too
        (as both sides last agreed)."""
        if not PARTNER_HAS_MOBILE and self.phone and self.phone == self.xero_mobile:
            agreed = (self._xero_links(connection).synced_values or {}) if connection and self.id else {}
            if agreed.get("phone") != self.phone:
                return False
        return self.phone or False

    @api.model
    def _xero_restore_mobile_numbers(self):
        """After an upgrade from Odoo 18 to 19, which drops the partners' mobile field
        (moving numbers into phone): each linked contact's mobile number comes back from
        the last values both sides agreed on, so that no contact looks changed and no
        push clears Xero's MOBILE phone. Returns the partners restored."""
        restored = self.browse()
        if PARTNER_HAS_MOBILE:
            return restored
        for link in self.env["xero.sync.link"]._xero_of_entity(entities.CONTACT):
            mobile = (link.synced_values or {}).get("mobile")
            partner = self.with_context(active_test=False).browse(link.res_id).exists()
            if mobile and partner and not partner.xero_mobile:
                partner.with_context(xero_from_sync=True).xero_mobile = mobile
                restored |= partner
        return restored

    def _xero_phone_shown(self, values, connection=None):
        """The phone a contact from Xero shows where Odoo has no mobile field: its
        default phone, else its mobile number."""
        default = values["phone"] if "phone" in values else self._xero_default_phone(connection)
        mobile = values["mobile"] if "mobile" in values else self.xero_mobile
        return default or mobile or False

    def _xero_own_values(self, values, connection):
        keys = {**OWN_KEYS, **FROM_XERO_KEYS}
        # a partner being created (``self`` empty) takes every value: an empty recordset
        # reads as False, and an archived contact would otherwise come in active
        own = {
            field: values[key]
            for key, field in keys.items()
            if key in values and (not self or self[field] != values[key])
        }
        if not PARTNER_HAS_MOBILE and {"phone", "mobile"} & set(values):
            own.pop("phone", None)
            shown = self._xero_phone_shown(values, connection)
            if not self or self.phone != shown:
                own["phone"] = shown
        own.update(self._xero_rank_values(values))
        if "payment_terms" in values and mapping.terms_exchanged(values["payment_terms"]):
            term = self._xero_payment_term(values["payment_terms"], connection)
            if term != self.property_payment_term_id:
                own["property_payment_term_id"] = term.id
        if "xero_terms" in values:
            words = self._xero_terms_words(values["xero_terms"])
            if words != (self.xero_payment_terms or False):
                own["xero_payment_terms"] = words
        if "currency" in values:
            pricelist = self._xero_pricelist_for(values["currency"], connection)
            if pricelist and pricelist != self.property_product_pricelist:
                own["property_product_pricelist"] = pricelist.id
        if "branding_theme" in values and connection:
            theme = connection._xero_branding_theme(values["branding_theme"])
            if theme != self.xero_branding_theme_id:
                own["xero_branding_theme_id"] = theme.id
        return own

    def _xero_rank_values(self, values):
        """A contact Xero marks as a customer (a supplier) is one in Odoo too: it gets the
        rank Odoo's own sales (purchases) give, so it shows under Sales > Customers and in
        the customer filters. A rank Odoo already has is never lowered."""
        ranks = {}
        if values.get("is_customer") and not self.customer_rank:
            ranks["customer_rank"] = 1
        if values.get("is_supplier") and not self.supplier_rank:
            ranks["supplier_rank"] = 1
        return ranks

    def _xero_pricelist_for(self, code, connection):
        """The pricelist of a Xero default currency (none: the organisation's own): the
        partner's own if it is in that currency, else the first in it, made if missing."""
        company = connection.company_id if connection else self.env.company
        current = self.property_product_pricelist
        currency = (
            self.env["res.currency"].with_context(active_test=False).search([("name", "=", code)], limit=1)
            if code
            else company.currency_id
        )
        if not currency or current.currency_id == currency:
            return current
        Pricelist = self.env["product.pricelist"].sudo()
        pricelist = Pricelist.search(
            [("currency_id", "=", currency.id), ("company_id", "in", [company.id, False])], limit=1
        )
        if not pricelist and code:
            pricelist = Pricelist.create(
                {"name": _("%s (from Xero)", code), "currency_id": currency.id, "company_id": company.id}
            )
        return pricelist or current

    def _xero_address_vals(self, address):
        Country = self.env["res.country"].with_context(lang="en_US")
        country = address.get("country") and (
            Country.search([("name", "=ilike", address["country"])], limit=1)
            or Country.search([("code", "=ilike", address["country"])], limit=1)
        )
        state = (
            country
            and address.get("state")
            and self.env["res.country.state"].search(
                [
                    ("country_id", "=", country.id),
                    "|",
                    ("name", "=ilike", address["state"]),
                    ("code", "=ilike", address["state"]),
                ],
                limit=1,
            )
        )
        return {
            "street": address.get("street") or False,
            "street2": address.get("street2") or False,
            "city": address.get("city") or False,
            "zip": address.get("zip") or False,
            "country_id": country.id if country else False,
            "state_id": state.id if state else False,
        }

    def _xero_apply_main_person(self, first, last):
        name = mapping.join_name(first, last)
        person = self.xero_contact_person_id
        if name and not person:
            person = self.child_ids.filtered(
                lambda c: c.type == "contact" and mapping.fold(c.name) == mapping.fold(name)
            )[:1] or self.create({"name": name, "parent_id": self.id, "type": "contact"})
            self.xero_contact_person_id = person
        elif name and person.name != name:
            person.name = name

    def _xero_apply_persons(self, persons):
        """Xero's contact persons become child contacts: matched by email, else name;
        created when new; those Xero no longer has are archived, never deleted."""
        known = self._xero_persons()
        kept = self.browse()
        for person in persons:
            name = (
                mapping.join_name(person.get("first_name"), person.get("last_name"))
                or person.get("email")
                or _("Contact")
            )
            email = person.get("email") or False
            child = (known - kept).filtered(
                lambda c, email=email, name=name: (
                    (email and c.email and c.email.lower() == email.lower())
                    or mapping.fold(c.name) == mapping.fold(name)
                )
            )[:1]
            if child:
                if (child.name, child.email or False) != (name, email):
                    child.write({"name": name, "email": email})
            else:
                child = self.create({"name": name, "email": email, "parent_id": self.id, "type": "contact"})
            kept |= child
        (known[: mapping.MAX_PERSONS] - kept).write({"active": False})

    @api.model
    def _xero_create_from(self, values_list, connection=None, entity=None):
        """New partners from Xero contacts: a company unless the name says a private
        person (the connection's B2C pattern), then their addresses and persons."""
        Partner = self.with_company(connection.company_id) if connection else self
        # as Odoo's own mass imports: no "created" note or follower per partner (the
        # sync log says what the import created)
        Partner = Partner.with_context(xero_from_sync=True, tracking_disable=True)
        records = Partner.create(Partner._xero_create_values(values_list, connection))
        # their computed fields too, while tracking is off
        Partner.env.flush_all()
        for record, values in zip(records, values_list, strict=True):
            extra = {k: values[k] for k in NESTED_VALUES if values.get(k)}
            if record.is_company and (values.get("first_name") or values.get("last_name")):
                extra.update(first_name=values.get("first_name"), last_name=values.get("last_name"))
            if extra:
                record._xero_apply_values(extra, connection, entity=entity)
        return records.with_env(self.env)

    @api.model
    def _xero_create_values(self, values_list, connection=None):
        """What ``create`` gets for new partners from these Xero contacts' values (the
        benchmark measures the ORM's own speed with the same)."""
        classify = connection.b2c_classify if connection else True
        pattern = connection.b2c_pattern if connection else mapping.DEFAULT_B2C_PATTERN
        create_values = []
        for values in values_list:
            vals = {
                "is_company": not (classify and mapping.is_b2c(values.get("name"), pattern)),
                # the connection's company's customer: another company's users do not see it
                "company_id": connection.company_id.id if connection else False,
            }
            vals.update(self._xero_own_values({k: v for k, v in values.items() if k not in NESTED_VALUES}, connection))
            if not vals["is_company"]:
                # a person's first and last name are Xero's, not split from the name
                vals.setdefault("xero_first_name", values.get("first_name") or False)
                vals.setdefault("xero_last_name", values.get("last_name") or False)
            create_values.append(vals)
        return create_values

    def _xero_check_values(self, values, connection=None, entity=None, link=None):
        errors, warnings = [], []
        # Xero takes no change to an archived contact until it is restored: while both
        # sides keep it archived, nothing is sent (restoring it in Odoo sends the restore)
        archived_in_xero = link and link.xero_id and link.synced_values and link.synced_values.get("active") is False
        if archived_in_xero and not values.get("active", True):
            errors.append(
                _(
                    "The contact is archived in Xero, which takes no changes to it: restore the customer "
                    "(in Xero, or unarchive it here) to send them."
                )
            )
        name = values.get("name") or ""
        if not name.strip():
            errors.append(_("A Xero contact needs a name."))
        elif len(name) > mapping.NAME_LIMIT:
            errors.append(
                _(
                    "The name is %(length)s characters long; Xero takes at most %(limit)s.",
                    length=len(name),
                    limit=mapping.NAME_LIMIT,
                )
            )
        for key, label in (("email", _("Email")),):
            if values.get(key) and not _valid_email(values[key]):
                errors.append(_("%(label)s %(value)s is not a valid address.", label=label, value=values[key]))
        for person in values.get("persons") or []:
            if person.get("email") and not _valid_email(person["email"]):
                errors.append(_("Contact person email %s is not a valid address.", person["email"]))
        code_labels = {"ref": _("Reference (ledger code)"), "vat": _("Tax ID")}
        for key, label in code_labels.items():
            if values.get(key) and len(values[key]) > mapping.CODE_LIMIT:
                errors.append(
                    _("%(label)s is longer than Xero's %(limit)s characters.", label=label, limit=mapping.CODE_LIMIT)
                )
        if values.get("payment_terms") == mapping.ODOO_ONLY_TERMS:
            warnings.append(
                _(
                    "Payment terms %s have no equivalent in Xero (a number of days after the invoice date or "
                    "after the end of its month, or a day of the following month, for the whole amount): "
                    "not sent; Xero keeps the contact's own.",
                    self.with_company(
                        connection.company_id if connection else self.env.company
                    ).property_payment_term_id.display_name,
                )
            )
        left_out = self._xero_persons()[mapping.MAX_PERSONS :]
        if left_out:
            warnings.append(_("Xero keeps five contact persons; not sent: %s.", ", ".join(left_out.mapped("name"))))
        return errors, warnings

    @api.model
    def _xero_explain_error(self, message):
        message = super()._xero_explain_error(message)
        if "is already assigned to another contact" in message:
            message += " " + _('If it is this customer, use "Link to Xero contact..." instead.')
        if "Account Number already exists" in message:
            message += " " + _(
                "Another Xero contact has this customer's Reference (ledger code): change the "
                'Reference, or use "Link to Xero contact..." if it is this customer.'
            )
        if "Website must be valid" in message:
            message += " " + _(
                "Xero refuses every update of this contact because of the website typed in "
                "Xero: correct it there to a full address (https://...) or clear it, then click "
                "Update to Xero."
            )
        if "Archived contacts cannot currently be edited" in message:
            message += " " + _(
                "The contact is archived in Xero, which takes no change to it through the API: restore "
                "it in Xero (Contacts, Archived, Restore) and the change goes with the next sync, or "
                "archive this customer in Odoo too."
            )
        return message

    @api.model
    def _xero_find_created(self, run, payload, entity=None):
        """A contact's name is unique among active contacts: the one named so is ours."""
        found = run.client.contacts_named(run.connection.tenant_id, payload.get("Name"))
        return found[0]["ContactID"] if found else None

    @api.model
    def _xero_prepare_creates(self, connection, creates, entity=None):
        """A contact created from Odoo takes the connection's template where it has
        nothing; one Xero already has (``_xero_already_in_xero``) is not sent."""
        defaults = dict(connection.template_values or {})
        if connection.default_sales_tax_type:
            defaults.setdefault("AccountsReceivableTaxType", connection.default_sales_tax_type)
        for _record, _values, payload in creates:
            for key, value in defaults.items():
                payload.setdefault(key, value)
        return self._xero_already_in_xero(connection, [(record, values) for record, values, _payload in creates])

    # -- changes in Odoo --------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self.env.context.get("xero_from_sync"):
            partners.filtered("parent_id").parent_id._xero_mark_changed()
            partners._xero_push_new_customers()
        return partners

    def write(self, vals):
        parents_before = self.filtered("parent_id").parent_id if "parent_id" in vals else self.browse()
        result = super().write(vals)
        if not self.env.context.get("xero_from_sync") and set(vals) & set(CHILD_WATCHED_FIELDS):
            (self.filtered("parent_id").parent_id | parents_before)._xero_mark_changed()
        return result

    def _xero_push_new_customers(self, customers_only=True):
        """New customers go to Xero at once when the company's connection says so."""
        customers = self.filtered(
            lambda p: not p.parent_id and (p.is_company or p.customer_rank > 0 or not customers_only)
        )
        for company, partners in customers.grouped(lambda p: p.company_id or self.env.company).items():
            connection = self.env["xero.connection"].sudo()._xero_for_company(company)
            if connection and connection.push_new_customers:
                partners._xero_push_now(connection)

    def _xero_mark_changed(self):
        """Mark the links pending; with "push changes at once", a linked partner's
        change goes when this commits."""
        links = self._xero_links()
        links._mark_pending()
        links = links.filtered(
            lambda link: (
                link.state == "pending"
                and link.xero_id
                and link.connection_id.push_changes_now
                and link.connection_id.state == "connected"
            )
        )
        for connection, connection_links in links.grouped("connection_id").items():
            self.browse(connection_links.mapped("res_id"))._xero_push_now(connection)


def _address_values(partner):
    if not partner:
        return False
    values = {
        "street": partner.street or False,
        "street2": partner.street2 or False,
        "city": partner.city or False,
        "state": partner.state_id.name or False,
        "zip": partner.zip or False,
        "country": partner.country_id.with_context(lang="en_US").name or False,
    }
    return values if any(values.values()) else False


def _valid_email(email):
    """One address with one @ and a domain (Odoo's own parsing accepts more)."""
    return email.count("@") == 1 and bool(email_normalize(email, strict=True))


def _person_values(person):
    first, last = mapping.split_name(person.name)
    return {"first_name": first, "last_name": last, "email": person.email or False}
