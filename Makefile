# The two commands of the README: `make classroom` and `make test`.
# Each one sets up what is missing first (a virtual environment in .venv with everything installed).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: classroom test fast bundle

$(READY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(READY)

classroom: $(READY)
	$(BIN)/curriculum build
	$(BIN)/curriculum classroom

test: $(READY)
	$(BIN)/python -m pytest -n auto

fast: $(READY)
	$(BIN)/python -m pytest -m "not slow"

# The offline install bundle (dist/bundle/ and dist/bundle.tar), built where the package registries are reachable.
bundle: $(READY)
	$(BIN)/curriculum bundle --to dist/bundle
