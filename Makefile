# mmloc: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
DATA := data/synthetic
DEMO_DIR := work_dirs/demo
DEMO_CFG := configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py
DEMO_EPOCHS ?= 6
PYTEST_ARGS ?=

.PHONY: install data priors demo test bench clean

install:
	bash tools/install.sh

# The embedded procedural data set (ImageNet layout for pretraining + kNN),
# generated once: its last-written annotation file is the target.
DATA_DONE := $(DATA)/imagenet/meta/val.txt

data: install $(DATA_DONE) $(PRIORS_DONE)

$(DATA_DONE):
	$(PY) tools/data/make_synthetic.py --out-dir $(DATA) --formats imagenet \
		--num-per-class 100 --num-val-per-class 20 --size 96 --seed 0 \
		--overwrite

# Its localization priors, mirroring the images (see
# configs/_base_/datasets/synthetic-96px_priors.py): two classical saliency
# maps and FH segments. FH's min_size=1000 is for ~500 px photos (0.5% of the
# image); 50 keeps that share at 96 px. A stamp marks a complete run; the
# generators skip finished files, so an interrupted run resumes.
PRIORS_DONE := $(DATA)/imagenet/.priors-done
IMNET := $(DATA)/imagenet

priors: $(PRIORS_DONE)

$(PRIORS_DONE): $(DATA_DONE)
	for split in train val; do \
		for method in fine_grained spectral_residual; do \
			$(PY) tools/data/gen_saliency.py --in-dir $(IMNET)/$$split \
				--out-dir $(IMNET)/saliency/$$method/$$split \
				--method $$method --workers 2 || exit 1; \
		done; \
		$(PY) tools/data/gen_fh_masks.py --in-dir $(IMNET)/$$split \
			--out-dir $(IMNET)/fh_masks/$$split --min-size 50 \
			--workers 2 || exit 1; \
	done
	touch $@

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
	$(PY) tools/benchmarks/bench_transforms.py --workers 2

clean:
	rm -rf work_dirs $(DATA)
