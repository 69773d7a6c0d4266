#!/bin/bash
# Issue "Close the loop with the annotators", part 4: the annotation effort per round (pre-annotation against ground
# truth) on cxr-lungs, active learning from the `representative` cold start of 8 in rounds of 8, two seeds.
# Resumable: rerun after an interruption.
source "$(dirname "$0")/common.sh"
start=$(date +%s)
"$BIN/scanselect" experiment --name effort-lungs-v2 --mode active-learning --data "$SHARED/data/cxr-lungs/manifest.csv" \
  --test-count 30 --cold-start representative --budget 8 --batch 8 --rounds 3 \
  --strategies entropy+diversity,random --seeds 0,1 $MODEL
echo "ELAPSED: $(( $(date +%s) - start )) s"
