# The two commands of the README: `make demo` and `make test` (plus `make bench`).
ODOO_ROOT ?= /opt/odoo
export ODOO_ROOT
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: test demo bench screenshots system-deps venv clean

test: system-deps $(STAMP)
	scripts/run-tests

demo: system-deps $(STAMP)
	scripts/demo

# Speed, API calls and memory of a large import, a no-change sync and a push (figures in var/bench.json).
bench: system-deps $(STAMP)
	scripts/bench

# The user guide's screenshots, taken by the tours in headless Chromium (docs/screenshots).
screenshots: system-deps $(STAMP)
	mkdir -p docs/screenshots
	XERO_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots scripts/run-tests

venv: $(STAMP)

# The virtualenv is rebuilt only when a requirements file changes.
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
