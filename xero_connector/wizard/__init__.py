from . import xero_partner_export
from . import xero_partner_link
