# Two commands matter: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test venv dev bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/python -m matcher demo
	@echo
	@echo "De webapplicatie / the web application:"
	@echo "  $(BIN)/python -m matcher serve --demo"
	@echo "  then open http://127.0.0.1:5000/ and log in as demo-consultant, demo-coach,"
	@echo "  demo-advisor or demo-admin with the password demo-demo-demo"

# axe-core for the browser tests' accessibility checks, pinned in package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.installed-dev $(AXE)
	$(BIN)/ruff check matcher taskmodels web tests benchmarks tools
	$(BIN)/mypy matcher taskmodels web
	$(BIN)/python -m pytest -q --durations=25

# Every speed target of the issues; each script prints ours beside a peer's figures.
BENCHES := bench_reading bench_redesign bench_match bench_gap bench_carve bench_regional bench_monitor bench_pool bench_web_load
bench: $(VENV)/.installed-dev
	for b in $(BENCHES); do echo "== $$b"; $(BIN)/python benchmarks/$$b.py || exit 1; done

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check matcher taskmodels web tests benchmarks tools
	$(BIN)/mypy matcher taskmodels web

clean:
	rm -rf $(VENV) build *.egg-info
