"""Records deleted (or archived) on one side and still referred to on the other: the
record that refers to them says why it cannot go and what to do; the rest of its batch
goes; nothing is half-written, and nothing is re-created behind the user's back."""

from odoo.tests import tagged

from odoo.addons.xero_connector.odoo_series import ORDER_LINE_TAXES

from .common import OrdersCase


@tagged("post_install", "-at_install")
class TestDeletedOnOneSide(OrdersCase):
    def setUp(self):
        super().setUp()
        self.desk, self.lamp = self.product("DESK-OAK"), self.product("LAMP-LED")
        self.ui = "tenants/%s/ui/" % self.tenant_id

    def sync(self):
        """The routine sync, then a fresh read of what the forms show."""
        self.connection._xero_sync()
        self.env.invalidate_all()

    def line(self, product, price=10):
        return {"product_id": product.id, "price_unit": price, ORDER_LINE_TAXES: [(6, 0, self.gst.ids)]}

    def invoices_referencing(self, order):
        return [i for i in self.xero_records("Invoices") if i.get("Reference") == order.name]

    def delete_item_in_xero(self, product):
        self.emulator_admin("DELETE", self.ui + "Items/%s" % product.xero_item_id)

    def test_an_item_deleted_in_xero_fails_its_order_alone_until_the_order_is_sent_again(self):
        self.delete_item_in_xero(self.lamp)
        good = self.order("Desk Buyer", [self.line(self.desk)])
        lamp_order = self.order("Lamp Buyer", [self.line(self.lamp), self.line(self.desk)])
        links = (good | lamp_order)._xero_ensure_links(self.connection)
        self.sync()
        self.assertEqual(links[0].state, "synced")
        self.assertEqual(links[1].state, "error")
        self.assertIn("Item code 'LAMP-LED' is not valid", lamp_order.xero_invoice_error)
        self.assertIn(
            "[LAMP-LED] LED desk lamp was deleted in Xero. Send this invoice again to re-create it",
            lamp_order.xero_invoice_error,
        )
        self.assertIn("Deleted in Xero", self.lamp.xero_error)
        self.assertFalse(self.lamp.xero_item_id, "the product no longer points at the deleted item")
        self.assertTrue(self.invoices_referencing(good))
        self.assertFalse(self.invoices_referencing(lamp_order), "nothing half-written in Xero")
        self.assertNotIn(
            "LAMP-LED",
            [i["Code"] for i in self.xero_records("Items")],
            "the routine sync re-creates nothing the accounts team deleted",
        )
        # the salesperson sends it again: the item is re-created, then the invoice goes
        lamp_order.action_xero_send_invoice()
        self.run_after_commit()
        self.assertEqual(links[1].state, "synced", links[1].last_error)
        self.assertEqual([i["Code"] for i in self.xero_records("Items")].count("LAMP-LED"), 1)
        self.assertEqual(len(self.invoices_referencing(lamp_order)), 1)
        self.assertTrue(self.lamp.xero_item_id)

    def test_a_product_changed_in_odoo_after_its_item_was_deleted_in_xero(self):
        self.delete_item_in_xero(self.lamp)
        (self.lamp | self.desk).write({"lst_price": 99})
        self.connection.write({"contacts_only": False})
        self.sync()
        items = {i["Code"]: i for i in self.xero_records("Items")}
        self.assertEqual(items["DESK-OAK"]["SalesDetails"]["UnitPrice"], 99, "the rest of the batch went")
        self.assertNotIn("LAMP-LED", items, "not re-created without being asked")
        self.assertIn("Deleted in Xero: Xero no longer has this record. Export it to Xero again", self.lamp.xero_error)
        self.lamp.action_xero_export()
        self.run_after_commit()
        items = {i["Code"]: i for i in self.xero_records("Items")}
        self.assertEqual(items["LAMP-LED"]["SalesDetails"]["UnitPrice"], 99)
        self.assertEqual(self.lamp.xero_item_id, items["LAMP-LED"]["ItemID"])

    def test_a_customer_archived_in_xero_is_named_on_the_order_and_the_batch_goes(self):
        customer = self.Partner.search([("name", "=", "Bayside Club")])
        contact_id = self.xero_contact("Bayside Club")[0]["ContactID"]
        self.emulator_admin(
            "POST", self.ui + "Contacts", Contacts=[{"ContactID": contact_id, "ContactStatus": "ARCHIVED"}]
        )
        archived = self.order(None, [self.line(self.desk)], partner=customer)
        # sent at once, before Odoo has read the change: Xero's refusal, explained
        archived.action_xero_send_invoice()
        self.run_after_commit()
        self.assertIn(
            "The contact must be un-archived before creating new invoices or credit notes. The "
            "customer is archived in Xero: restore it there",
            archived.xero_invoice_error,
        )
        # the routine sync reads the archive first, and keeps the invoice back itself
        good = self.order("Active Buyer", [self.line(self.desk)])
        (good | archived)._xero_ensure_links(self.connection)
        self.sync()
        self.assertFalse(customer.active, "archived in Xero, archived in Odoo")
        self.assertEqual(good._xero_links(self.connection).state, "synced")
        self.assertIn(
            "The customer Bayside Club is archived: Xero takes no invoices for archived contacts",
            archived.xero_invoice_error,
        )
        self.assertFalse(self.invoices_referencing(archived), "nothing half-written in Xero")

    def test_an_invoice_voided_or_deleted_in_xero_is_made_again_only_on_request(self):
        orders = self.order("Void Buyer", [self.line(self.desk)]) | self.order("Gone Buyer", [self.line(self.desk)])
        links = orders._xero_ensure_links(self.connection)
        self.sync()
        first_ids = links.mapped("xero_id")
        self.emulator_admin(
            "POST",
            self.ui + "Invoices",
            Invoices=[{"InvoiceID": first_ids[0], "Status": "AUTHORISED", "DueDate": "2026-12-31"}],
        )
        self.emulator_admin(
            "POST",
            self.ui + "Invoices",
            Invoices=[
                {"InvoiceID": first_ids[0], "Status": "VOIDED"},
                {"InvoiceID": first_ids[1], "Status": "DELETED"},
            ],
        )
        self.sync()
        self.assertEqual(orders.mapped("xero_invoice_status"), ["VOIDED", "DELETED"])
        self.assertEqual(orders.mapped("xero_invoice_voided"), [True, True], "the form offers to send it again")
        orders.order_line.write({"product_uom_qty": 3})
        self.sync()
        for order, status in zip(orders, ("voided", "deleted"), strict=True):
            self.assertIn(
                "was %s in Xero and takes no more changes. Send the invoice to Xero again" % status,
                order.xero_invoice_error,
            )
        self.assertEqual([len(self.invoices_referencing(o)) for o in orders], [1, 1], "no new invoice unasked")
        orders.action_xero_send_invoice()
        self.run_after_commit()
        self.assertEqual(links.mapped("state"), ["synced", "synced"])
        for order, old_id in zip(orders, first_ids, strict=True):
            invoices = {i["InvoiceID"]: i for i in self.invoices_referencing(order)}
            self.assertEqual(len(invoices), 2, "a new draft beside the dead one")
            self.assertEqual(invoices[order._xero_links(self.connection).xero_id]["Status"], "DRAFT")
            self.assertEqual(invoices[old_id]["Status"], "VOIDED" if order == orders[0] else "DELETED")
            self.assertEqual(order.xero_invoice_status, "DRAFT")

    def test_a_partner_deleted_in_odoo_comes_back_with_the_next_invoice_xero_raises_for_it(self):
        partner = self.Partner.search([("name", "=", "Marine Systems")])
        contact_id = self.xero_contact("Marine Systems")[0]["ContactID"]
        partner.unlink()
        self.emulator_admin(
            "POST",
            self.ui + "Invoices",
            Invoices=[
                {
                    "Type": "ACCREC",
                    "Contact": {"ContactID": contact_id},
                    "Date": "2026-11-20",
                    "DueDate": "2026-12-20",
                    "Status": "AUTHORISED",
                    "Reference": "After the deletion",
                    "LineItems": [
                        {
                            "Description": "Repairs",
                            "Quantity": 1,
                            "UnitAmount": 80,
                            "AccountCode": "200",
                            "TaxType": "OUTPUT2",
                        }
                    ],
                }
            ],
        )
        self.sync()
        transaction = self.env["xero.sales.transaction"].search([("reference", "=", "After the deletion")])
        self.assertEqual(transaction.partner_id.name, "Marine Systems", "the invoice came in with its customer")
        self.assertEqual(transaction.partner_id._xero_links(self.connection).xero_id, contact_id)
        self.assert_in_lockstep()

    def test_cancelling_an_order_deletes_its_draft_in_xero_but_not_an_approved_invoice(self):
        draft, approved = (
            self.order("Draft Buyer", [self.line(self.desk)]),
            self.order("Approved Buyer", [self.line(self.desk)]),
        )
        links = (draft | approved)._xero_ensure_links(self.connection)
        self.sync()
        never_sent = self.order("Waiting Buyer", [self.line(self.desk)])
        never_sent._xero_ensure_links(self.connection)  # Xero was down when it was confirmed
        never_sent.with_context(disable_cancel_warning=True).action_cancel()
        self.emulator_admin(
            "POST",
            self.ui + "Invoices",
            Invoices=[{"InvoiceID": links[1].xero_id, "Status": "AUTHORISED", "DueDate": "2026-12-31"}],
        )
        self.sync()
        (draft | approved).with_context(disable_cancel_warning=True).action_cancel()
        self.run_after_commit()
        statuses = {i["InvoiceID"]: i["Status"] for i in self.xero_records("Invoices")}
        self.assertEqual((statuses[links[0].xero_id], statuses[links[1].xero_id]), ("DELETED", "AUTHORISED"))
        self.assertEqual(draft.xero_invoice_status, "DELETED", "the order shows it at once")
        self.assertIn("is AUTHORISED: cancelling the order does not withdraw it", approved.message_ids[0].body)
        self.sync()
        self.assertFalse(self.invoices_referencing(never_sent), "a cancelled order's waiting invoice is not sent")
        self.assertFalse(never_sent.xero_invoice_pending)
        # confirmed again: a new draft, beside the deleted one
        self.connection.push_confirmed_orders = True
        draft.action_draft()
        draft.action_confirm()
        self.run_after_commit()
        self.assertEqual(len(self.invoices_referencing(draft)), 2)
        self.assertEqual(draft.xero_invoice_status, "DRAFT")
