from . import xero_partner_export
from . import xero_partner_link
from . import xero_lead_invoice
