#!/bin/bash
# Issue "3-D volumes", §3 and §4 (cold start): a volume's embedding from its central slices (`encoder.volume:
# central`, the default) vs the mean and max over its foreground slices (`foreground-mean-max`), and the default
# cold start (`representative`) vs `paper` and random, on hippocampus-mr: fixed test split of 60 volumes (test seed
# 0), pool 200, budgets 10 and 5, seeds 0–4 (random and `paper` once: `paper`'s picks differ from `representative`'s
# only in how a cluster is filled, so the embedding comparison is `representative`'s). 2-D U-Net on the volumes'
# slices, 64² working grid. Resumable: rerun after an interruption. Folders `hip-cs-*` (the earlier `hip-cold-*`
# folders predate the aspect-kept working grid and the foreground z-score).
source "$(dirname "$0")/common.sh"
VOLUME_MODEL="--working-size 64 --side 64 --base-channels 16 --depth 4 --epochs 40 --train-batch 8 --patience 15"
DATA="$SHARED/data/hippocampus-mr/manifest.csv"
for volume in central foreground-mean-max; do
  echo "{\"labels\": [0, 1, 2], \"binary\": false, \"encoder\": {\"volume\": \"$volume\"}}" > "hip-$volume.json"
done
start=$(date +%s)
for budget in 10 5; do
  "$BIN/scanselect" experiment --name "hip-cs-central-$budget" --mode cold-start --data "$DATA" --test-count 60 \
    --strategies representative,random,paper --seeds 0,1,2,3,4 --budget "$budget" --config hip-central.json $VOLUME_MODEL
  echo "ELAPSED central $budget: $(( $(date +%s) - start )) s"
  "$BIN/scanselect" experiment --name "hip-cs-fmm-$budget" --mode cold-start --data "$DATA" --test-count 60 \
    --strategies representative --seeds 0,1,2,3,4 --budget "$budget" --config hip-foreground-mean-max.json $VOLUME_MODEL
  echo "ELAPSED foreground-mean-max $budget: $(( $(date +%s) - start )) s"
done
