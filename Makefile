# The two set-up commands: `make run` and `make test` (README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

help:
	@echo "make run    install if needed, train if needed, start the whole stack, print the URLs"
	@echo "make test   install if needed, validate, train if needed, run the whole test suite"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md"
	@echo "make train | make seed | make install | make clean"

install:
	@scripts/install.sh

train: install
	@scripts/train.sh

seed: install
	@source scripts/env.sh && python -m actions.shop.seed

run: train
	@source scripts/env.sh && mkdir -p var && exec honcho -f Procfile -d . start

validate: install
	@source scripts/env.sh && rasa data validate --fail-on-warnings

test: install
	@WITH_BROWSER=1 scripts/install.sh
	@$(MAKE) --no-print-directory validate
	@$(MAKE) --no-print-directory train
	@source scripts/env.sh && pytest

bench: train
	@source scripts/env.sh && python -m bench

clean:
	rm -rf models results .pytest_cache

.PHONY: help install train seed run validate test bench clean
