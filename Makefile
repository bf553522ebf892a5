# mmloc: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
DATA := data/synthetic
DEMO_DIR := work_dirs/demo
# The demo chain's arms, pretraining epochs and transfer lengths (tools/
# experiments/localization_effect.py on the shape benchmark; the arms'
# configs are in projects/localization_benchmark/configs/, their budget
# retimed to DEMO_EPOCHS). No transfers by default: 20 FCN / 10 Mask R-CNN
# iterations read the all-background floor (7.6 mIoU, 0.0 AP) for every arm
# and took 7.5 of the 17.8 minutes; `make demo DEMO_FCN_ITERS=300
# DEMO_DET_ITERS=100` runs the benchmark's transfers.
DEMO_ARMS ?= random mocov2 mocov2_cast
DEMO_EPOCHS ?= 6
DEMO_FCN_ITERS ?= 0
DEMO_DET_ITERS ?= 0
PYTEST_ARGS ?=

.PHONY: install data priors demo test bench clean

install:
	bash tools/install.sh

# The embedded procedural data set, generated once, in the layouts the
# demo reads: ImageNet (pretraining, probing), the Backgrounds Challenge,
# VOC (FCN transfer) and COCO (Mask R-CNN transfer). The stamp marks a
# complete run of all four (a tree from an older, ImageNet-only version is
# rewritten whole).
DATA_DONE := $(DATA)/.layouts-done

# Its localization priors, mirroring the images (see
# configs/_base_/datasets/synthetic-96px_priors.py): two classical saliency
# maps, the true foreground as an oracle map (saliency/ground_truth: the
# evidence experiment's CAST-with-a-perfect-prior arm) and FH segments.
# FH's min_size=1000 is for ~500 px photos (0.5% of the image); 50 keeps
# that share at 96 px. A stamp marks a complete run; the
# generators skip finished files, so an interrupted run resumes.
# (Defined before `data`: make expands prerequisites as it reads them.)
PRIORS_DONE := $(DATA)/imagenet/.priors-v2-done
IMNET := $(DATA)/imagenet

$(DATA_DONE):
	$(PY) tools/data/make_synthetic.py --out-dir $(DATA) \
		--formats imagenet bgc voc coco \
		--num-per-class 100 --num-val-per-class 20 --size 96 --seed 0 \
		--overwrite
	touch $@

priors: $(PRIORS_DONE)

$(PRIORS_DONE): $(DATA_DONE)
	for split in train val; do \
		for method in fine_grained spectral_residual; do \
			$(PY) tools/data/gen_saliency.py --in-dir $(IMNET)/$$split \
				--out-dir $(IMNET)/saliency/$$method/$$split \
				--method $$method --workers 2 || exit 1; \
		done; \
		$(PY) tools/data/gen_saliency.py --in-dir $(IMNET)/$$split \
			--out-dir $(IMNET)/saliency/ground_truth/$$split \
			--import-dir $(IMNET)/gt_masks/$$split --foreground-masks \
			--workers 2 || exit 1; \
		$(PY) tools/data/gen_fh_masks.py --in-dir $(IMNET)/$$split \
			--out-dir $(IMNET)/fh_masks/$$split --min-size 50 \
			--workers 2 || exit 1; \
	done
	touch $@

# The shape benchmark (the evidence experiment's default): the class is the
# silhouette alone (textures drawn per instance from a shared pool), 128 px,
# 2,000 training / 1,000 val images, backgrounds at 35 % contrast (objects
# stand out as in photographs of them; at full contrast the baselines learn
# nothing but backgrounds in the budget: README, "Choosing the budget")
# (projects/localization_benchmark/configs/_base_/shapes-128px.py). Its priors: the two classical saliency
# maps, the true foreground as a map, FH segments (min_size 90: 0.5 % of a
# 128 px image, as 50 is at 96 px) and the prior-quality sweep's ground
# truth degraded at two levels (each level's measured agreement with the
# truth is printed and kept in its degrade_summary.json).
SHAPES := data/synthetic-shapes
SHAPES_IMNET := $(SHAPES)/imagenet
SHAPES_DONE := $(SHAPES)/.layouts-done
SHAPES_PRIORS_DONE := $(SHAPES_IMNET)/.priors-done
SHAPES_GEN_ARGS ?= --class-cue shape --size 128 --num-per-class 200 \
	--num-val-per-class 100 --background-contrast 0.35 --seed 0
# (boundary noise: IoU ~0.75 with the truth; dilation: IoU ~0.5)
SHAPES_NOISE_LEVEL ?= 0.03
SHAPES_DILATE_LEVEL ?= 0.08

$(SHAPES_DONE):
	$(PY) tools/data/make_synthetic.py --out-dir $(SHAPES) \
		--formats imagenet bgc voc coco $(SHAPES_GEN_ARGS) --overwrite
	touch $@

$(SHAPES_PRIORS_DONE): $(SHAPES_DONE)
	for split in train val; do \
		$(PY) tools/data/gen_saliency.py --in-dir $(SHAPES_IMNET)/$$split \
			--out-dir $(SHAPES_IMNET)/saliency/fine_grained/$$split \
			--method fine_grained --workers 2 || exit 1; \
		$(PY) tools/data/gen_saliency.py --in-dir $(SHAPES_IMNET)/$$split \
			--out-dir $(SHAPES_IMNET)/saliency/ground_truth/$$split \
			--import-dir $(SHAPES_IMNET)/gt_masks/$$split \
			--foreground-masks --workers 2 || exit 1; \
		$(PY) tools/data/gen_fh_masks.py --in-dir $(SHAPES_IMNET)/$$split \
			--out-dir $(SHAPES_IMNET)/fh_masks/$$split --min-size 90 \
			--workers 2 || exit 1; \
		for out in saliency:saliency ids:seg_priors; do \
			$(PY) tools/data/degrade_priors.py \
				--in-dir $(SHAPES_IMNET)/gt_masks/$$split \
				--out-dir $(SHAPES_IMNET)/$${out#*:}/gt_noisy/$$split \
				--mode boundary_noise --level $(SHAPES_NOISE_LEVEL) \
				--output $${out%:*} --workers 2 || exit 1; \
			$(PY) tools/data/degrade_priors.py \
				--in-dir $(SHAPES_IMNET)/gt_masks/$$split \
				--out-dir $(SHAPES_IMNET)/$${out#*:}/gt_dilated/$$split \
				--mode dilate --level $(SHAPES_DILATE_LEVEL) \
				--output $${out%:*} --workers 2 || exit 1; \
		done; \
	done
	touch $@

# (after the stamps' definitions: make expands prerequisites as it reads)
data: install $(DATA_DONE) $(PRIORS_DONE) $(SHAPES_PRIORS_DONE)

# The whole chain on the embedded data: install -> generate -> priors ->
# pretrain tiny MoCo v2 and MoCo v2 + CAST -> extract the backbones ->
# linear probe + Backgrounds Challenge + Grad-CAM grounding (+ FCN and
# Mask R-CNN transfers with DEMO_FCN_ITERS / DEMO_DET_ITERS) -> one table
# ($(DEMO_DIR)/results.md) and the figures ($(DEMO_DIR)/bg_challenge.png,
# $(DEMO_DIR)/gradcam/). Finished steps are reused on a rerun.
demo: data
	$(PY) tools/experiments/localization_effect.py --arms $(DEMO_ARMS) \
		--epochs $(DEMO_EPOCHS) --seeds 0 --fcn-iters $(DEMO_FCN_ITERS) \
		--det-iters $(DEMO_DET_ITERS) --figures --show-logs \
		--work-dir $(DEMO_DIR)

test: install
	$(PY) -m pytest tests $(PYTEST_ARGS)

bench: install
	$(PY) tools/benchmarks/bench_synthetic.py
	$(PY) tools/benchmarks/bench_transforms.py --workers 2

clean:
	rm -rf work_dirs $(DATA)
