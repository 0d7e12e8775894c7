# The two commands of the README: `make demo` and `make test` (plus `make bench`, `make lint`).
ODOO_ROOT ?= /opt/odoo
export ODOO_ROOT
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed$(subst /,-,$(ODOO_ROOT))

.PHONY: test lint pot wheel demo bench screenshots system-deps venv clean

# make lint first: CI enforces the OCA's linters
test: system-deps $(STAMP)
	scripts/lint
	scripts/run-tests

# ruff (lint and format) and pylint-odoo with the OCA's mandatory checks
lint: $(STAMP)
	scripts/lint

# the addon as the odoo-addon-xero_connector wheel for the series at ODOO_ROOT, in var/dist
# (whool builds it from the manifest)
wheel: $(STAMP)
	scripts/build-wheel

# the translators' template, i18n/xero_connector.pot, exported from a fresh database
pot: system-deps $(STAMP)
	scripts/pot

demo: system-deps $(STAMP)
	scripts/demo

# Speed, API calls and memory of a large import, a no-change sync and a push (figures in var/bench.json).
bench: system-deps $(STAMP)
	scripts/bench

# The user guide's screenshots, taken by the tours in headless Chromium (docs/screenshots), also
# shown by the addon's Apps page (static/description).
screenshots: system-deps $(STAMP)
	mkdir -p docs/screenshots
	XERO_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots scripts/run-tests
	cp docs/screenshots/*.png xero_connector/static/description/   # the Apps page shows them too

venv: $(STAMP)

# The virtualenv is rebuilt only when a requirements file changes; one virtualenv serves every
# Odoo series (each adds its own requirements), with a stamp per Odoo tree.
$(STAMP): requirements.txt $(wildcard $(ODOO_ROOT)/requirements.txt)
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check \
		$(if $(wildcard $(ODOO_ROOT)/requirements.txt),-r $(ODOO_ROOT)/requirements.txt) -r requirements.txt
	touch $@

# Debian packages the tests and the demo need, installed when missing and run as root.
system-deps:
	@scripts/system-deps

clean:
	rm -rf $(VENV) var
