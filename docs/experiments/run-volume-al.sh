#!/bin/bash
# Issue "3-D volumes", §4 (the active-learning part, cut to fit beside a working session on 2 cores): on
# hippocampus-mr (fixed test split of 60 volumes, test seed 0; pool 200), the `representative` cold start of 10
# volumes, then rounds of 5 up to 30 labelled with random, entropy, entropy+diversity (the paper) and coreset.
# The slice U-Net (the 3-D one trained slower and no better at budget 10: run-volume-network.sh), small so that
# three seeds fit in about an hour: 64² working grid trained at 32², base 16, depth 4, ≤ 20 epochs, patience 8,
# warm-started each round; labels 0/1/2. One experiment per seed (hip-al-s0, -s1, …) so that a stopped run still
# has every strategy of the seeds it finished; summarize.py merges them. Resumable: rerun after an interruption.
source "$(dirname "$0")/common.sh"
DATA="$SHARED/data/hippocampus-mr/manifest.csv"
echo '{"labels": [0, 1, 2], "binary": false, "training": {"dimensions": 2}}' > hip-al.json
start=$(date +%s)
for seed in ${SEEDS:-0 1 2}; do
  "$BIN/scanselect" experiment --name "hip-al-s$seed" --mode active-learning --data "$DATA" --test-count 60 \
    --cold-start representative --budget 10 --batch 5 --rounds 4 \
    --strategies random,entropy,entropy+diversity,coreset --seeds "$seed" --config hip-al.json \
    --working-size 64 --side 32 --base-channels 16 --depth 4 --epochs 20 --train-batch 8 --patience 8
  echo "ELAPSED after seed $seed: $(( $(date +%s) - start )) s"
done
