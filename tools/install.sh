#!/usr/bin/env bash
# One-command install of mmloc and its OpenMMLab stack into ./.venv.
#
#   bash tools/install.sh            # or: make install
#
# Idempotent: a stamp (hash of the requirement files, setup.py and this
# script) makes a second run a no-op, and the mmcv wheel with compiled ops is
# cached outside the repository (MMLOC_CACHE, default ~/.cache/mmloc), so a
# fresh clone on a machine that built it once installs in a few minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}
CACHE=${MMLOC_CACHE:-$HOME/.cache/mmloc}
WHEELS=$CACHE/wheels
MMCV_VERSION=2.1.0
OPENCV_PKG=$(grep -E '^opencv-contrib-python-headless' "$ROOT/requirements/runtime.txt")

log() { printf '\033[1;34m[install]\033[0m %s\n' "$*"; }

stamp_of() {
  cat "$ROOT"/requirements/*.txt "$ROOT/setup.py" "$ROOT/tools/install.sh" \
    | sha256sum | cut -d' ' -f1
}
STAMP_FILE=$VENV/.mmloc-install-stamp
if [[ -f $STAMP_FILE && $(cat "$STAMP_FILE") == "$(stamp_of)" ]] \
    && "$VENV/bin/python" -c 'import mmloc' 2>/dev/null; then
  log "environment up to date ($VENV)"
  exit 0
fi

[[ -x $VENV/bin/python ]] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
log "torch (from this machine's disk)"
"${PIP[@]}" install -q -r "$ROOT/requirements/torch.txt"
# After torch, which asks for setuptools>=77 (only for its cpp_extension
# helpers, which work with the older one): mmcv's and mmengine's
# pkg_resources imports need setuptools<70.
"${PIP[@]}" install -q -r "$ROOT/requirements/build.txt" 2>&1 | grep -v -e 'dependency resolver' -e 'requires setuptools' || true

BUILD_TMP=""
# A failed or interrupted build leaves no unpacked source behind.
trap '[[ -n $BUILD_TMP ]] && rm -rf "$BUILD_TMP"' EXIT

build_mmcv() {
  local tmp
  tmp=$(mktemp -d)
  BUILD_TMP=$tmp
  log "building mmcv==$MMCV_VERSION with CPU ops (about 9 minutes on 2 cores)"
  # --no-build-isolation: its setup.py needs pkg_resources (setuptools<70).
  "${PIP[@]}" download -q --no-deps --no-build-isolation --no-binary :all: \
    "mmcv==$MMCV_VERSION" -d "$tmp"
  tar -xzf "$tmp"/mmcv-"$MMCV_VERSION".tar.gz -C "$tmp"
  # torch >= 2.10 headers require C++20; mmcv 2.1.0 asks for c++14/17.
  sed -i -e 's/-std=c++14/-std=c++20/g' -e 's/-std=c++17/-std=c++20/g' \
    "$tmp/mmcv-$MMCV_VERSION/setup.py"
  mkdir -p "$WHEELS"
  # --no-build-isolation: an isolated build has no torch and silently drops ops.
  (cd "$tmp/mmcv-$MMCV_VERSION" && MMCV_WITH_OPS=1 FORCE_CUDA=0 \
    MAX_JOBS=${MAX_JOBS:-$(nproc)} \
    "${PIP[@]}" wheel -q --no-build-isolation --no-deps -w "$tmp/dist" .)
  # Atomic: a killed build never leaves a half-written wheel in the cache.
  local whl
  whl=$(ls "$tmp"/dist/mmcv-*.whl)
  cp "$whl" "$WHEELS/.$(basename "$whl").part"
  mv "$WHEELS/.$(basename "$whl").part" "$WHEELS/$(basename "$whl")"
}

mmcv_ops_ok() {
  "$VENV/bin/python" - <<'PY' 2>/dev/null
import mmcv
from mmcv.ops import nms, RoIAlign  # noqa: F401  (fails when built without ops)
assert mmcv.__version__ == '2.1.0'
PY
}

if ! mmcv_ops_ok; then
  if ! ls "$WHEELS"/mmcv-"$MMCV_VERSION"-*.whl >/dev/null 2>&1; then
    build_mmcv
  else
    log "mmcv wheel from cache $WHEELS"
  fi
  "${PIP[@]}" install -q --force-reinstall --no-deps "$WHEELS"/mmcv-"$MMCV_VERSION"-*.whl
fi

log "OpenMMLab stack, runtime and test requirements"
"${PIP[@]}" install -q -r "$ROOT/requirements/mminstall.txt" \
  -r "$ROOT/requirements/runtime.txt" -r "$ROOT/requirements/tests.txt" \
  -r "$ROOT/requirements/build.txt" --find-links "$WHEELS"
# opencv-python / -headless / -contrib all install the same cv2 module and
# overwrite each other; keep only the contrib build (it has cv2.saliency).
"${PIP[@]}" uninstall -q -y opencv-python opencv-python-headless 2>/dev/null || true
"${PIP[@]}" install -q --force-reinstall --no-deps "$OPENCV_PKG"
# transformers breaks `import mmpretrain` next to pycocotools.
"${PIP[@]}" uninstall -q -y transformers 2>/dev/null || true

log "mmloc (editable)"
"${PIP[@]}" install -q --no-build-isolation --no-deps -e "$ROOT"

mmcv_ops_ok || { echo "mmcv ops failed to import after install" >&2; exit 1; }
stamp_of > "$STAMP_FILE"
log "done: $("$VENV/bin/python" -c 'import mmloc; print("mmloc", mmloc.__version__)')"
