#!/bin/bash
# Issue "Picks that beat random", task-aware diversity: the paper's entropy+diversity with distances measured in
# the round's own U-Net features (`activeLearning.space: model`) instead of the pool map, on hippocampus-mr with
# exactly the settings of run-volume-al.sh, so that its arms pair seed by seed with that script's random and
# map-space entropy+diversity (summarize.py hip-al-s0 hip-al-s1 hip-al-model-s0=model hip-al-model-s1=model).
# Resumable: rerun after an interruption.
source "$(dirname "$0")/common.sh"
DATA="$SHARED/data/hippocampus-mr/manifest.csv"
echo '{"labels": [0, 1, 2], "binary": false, "training": {"dimensions": 2}, "activeLearning": {"space": "model"}}' > hip-al-model.json
start=$(date +%s)
for seed in ${SEEDS:-0 1}; do
  "$BIN/scanselect" experiment --name "hip-al-model-s$seed" --mode active-learning --data "$DATA" --test-count 60 \
    --cold-start representative --budget 10 --batch 5 --rounds 4 \
    --strategies entropy+diversity --seeds "$seed" --config hip-al-model.json \
    --working-size 64 --side 32 --base-channels 16 --depth 4 --epochs 20 --train-batch 8 --patience 8
  echo "ELAPSED after seed $seed: $(( $(date +%s) - start )) s"
done
