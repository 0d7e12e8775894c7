from . import xero_connection_token
from . import xero_connection
from . import xero_connection_tenant
from . import res_config_settings
