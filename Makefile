# claws: every command a researcher needs. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.claws-setup

.PHONY: help setup reproduce test test-fast lab tidy lock bench clean-build
help:
	@echo "make reproduce   set up .venv, run the definition sweep, and regenerate every figure, table, results.json and report.html into figures/"
	@echo "make test        set up .venv and run all tests (library notebooks + pytest, incl. figure reproduction)"
	@echo "make lab         open the notebooks in JupyterLab with the project's kernel"
	@echo "make tidy        export the library from nbs/ and clean the notebooks (run before committing)"
	@echo "make lock        re-pin requirements.lock from the current .venv"
	@echo "make bench       run the benchmark scripts (paper-scale synthetic data)"

# Set-up: a .venv with the exact versions of requirements.lock, the package installed editable,
# the `claws` Jupyter kernel registered inside the venv, and nbdev's clean-on-save hook for
# JupyterLab in the venv's own Jupyter config (nothing is written outside the project).
setup: $(STAMP)
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name claws --display-name claws >/dev/null
	mkdir -p $(VENV)/etc/jupyter
	printf '%s\n' 'def nbdev_clean_jupyter(**kwargs):' \
	  '    from nbdev.clean import clean_jupyter' \
	  '    clean_jupyter(**kwargs)' \
	  'c.ContentsManager.pre_save_hook = nbdev_clean_jupyter' > $(VENV)/etc/jupyter/jupyter_server_config.py
	touch $@

# the definition sweep first, so that the report written by `claws reproduce` includes its robustness table
reproduce: setup
	$(BIN)/claws sweep
	$(BIN)/claws reproduce

test: setup
	$(BIN)/nbdev-test --n-workers 2
	$(BIN)/pytest -n 2 --dist loadgroup -q

test-fast: setup
	$(BIN)/pytest -n 2 -q -m "not slow"

lab: setup
	$(BIN)/jupyter lab --notebook-dir=nbs

tidy: setup
	$(BIN)/nbdev-export
	$(BIN)/python scripts/tidy_notebooks.py
	$(BIN)/nbdev-clean

lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^claws' | sed 's/+cpu//' | LC_ALL=C sort -f > requirements.lock

bench: setup
	for f in scripts/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean-build:
	rm -rf build
