#!/bin/bash
# Issue "3-D volumes", §4 (the active-learning part, cut to fit beside a working session on 2 cores): on
# hippocampus-mr (fixed test split of 60 volumes, test seed 0; pool 200), the `representative` cold start of 10
# volumes, then rounds of 5 up to 30 labelled with random, entropy, entropy+diversity (the paper) and coreset;
# seeds 0–2. The slice U-Net (the 3-D one trained slower and no better at budget 10: run-volume-network.sh) on a
# 64² working grid trained at 48², base 16, depth 4, ≤ 30 epochs, patience 10, warm-started each round; labels
# 0/1/2. Resumable: rerun after an interruption.
source "$(dirname "$0")/common.sh"
DATA="$SHARED/data/hippocampus-mr/manifest.csv"
echo '{"labels": [0, 1, 2], "binary": false, "training": {"dimensions": 2}}' > hip-al.json
start=$(date +%s)
"$BIN/scanselect" experiment --name hip-al --mode active-learning --data "$DATA" --test-count 60 \
  --cold-start representative --budget 10 --batch 5 --rounds 4 \
  --strategies entropy+diversity,entropy,coreset,random --seeds 0,1,2 --config hip-al.json \
  --working-size 64 --side 48 --base-channels 16 --depth 4 --epochs 30 --train-batch 8 --patience 10
echo "ELAPSED hippocampus active learning: $(( $(date +%s) - start )) s"
