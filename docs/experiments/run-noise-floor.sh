#!/bin/bash
# Issue "Picks that beat random", §3's first step: the noise floor. One labelled set per strategy (selection seed 0)
# retrained with training seeds 0–4 on the whole cxr-mcsz pool at budget 16: the spread of test Dice over training
# seeds is what any difference between strategies has to clear.
# Resumable: rerun after an interruption. Binaries are copied to $BIN so builds can go on meanwhile.
source "$(dirname "$0")/common.sh"
start=$(date +%s)
"$BIN/scanselect" experiment --name mcsz-noise-16 --mode cold-start --data "$SHARED/data/cxr-mcsz/manifest.csv" \
  --test-count 150 --strategies representative,random --seeds 0,1,2,3,4 --selection-seed 0 --budget 16 $MODEL
echo "ELAPSED total: $(( $(date +%s) - start )) s"
