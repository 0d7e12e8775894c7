from . import test_connection
from . import test_connection_tour
from . import test_install
from . import test_oauth_callback
from . import test_security
from . import test_token_refresh
from . import test_sync_engine
from . import test_webhook
