# mmloc: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
DATA := data/synthetic
DEMO_DIR := work_dirs/demo
DEMO_CFG := configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py
DEMO_EPOCHS ?= 6
PYTEST_ARGS ?=

.PHONY: install data demo test bench clean

install:
	bash tools/install.sh

# The embedded procedural data set (ImageNet layout for pretraining + kNN),
# generated once: its last-written annotation file is the target.
DATA_DONE := $(DATA)/imagenet/meta/val.txt

data: install $(DATA_DONE)

$(DATA_DONE):
	$(PY) tools/data/make_synthetic.py --out-dir $(DATA) --formats imagenet \
		--num-per-class 100 --num-val-per-class 20 --size 96 --seed 0 \
		--overwrite

# Install -> generate -> pretrain tiny MoCo v2 -> kNN table (random vs MoCo).
demo: data
	$(PY) tools/train.py $(DEMO_CFG) --work-dir $(DEMO_DIR) \
		--cfg-options train_cfg.max_epochs=$(DEMO_EPOCHS) \
		param_scheduler.0.T_max=$(DEMO_EPOCHS) param_scheduler.0.end=$(DEMO_EPOCHS) \
		default_hooks.checkpoint.interval=$(DEMO_EPOCHS)
	$(PY) tools/analysis/knn_eval.py $(DEMO_CFG) random \
		$(DEMO_DIR)/epoch_$(DEMO_EPOCHS).pth --out $(DEMO_DIR)/knn.json

test: install
	$(PY) -m pytest tests $(PYTEST_ARGS)

bench: install
	$(PY) tools/benchmarks/bench_synthetic.py

clean:
	rm -rf work_dirs $(DATA)
