#!/bin/bash
# Issue "3-D volumes", §4 (a first, small part): the slice U-Net (`training.dimensions: 2`) vs the 3-D U-Net
# (`dimensions: 3`) on hippocampus-mr, each trained on the same 10 random volumes (cold start `random`, budget 10,
# so both networks see identical picks seed by seed) and tested on the fixed split of 60 volumes (test seed 0);
# seeds 0–2. 64² working grid, base 16, 4 levels, ≤ 40 epochs, patience 15; the 3-D network on patches of 32
# slices, batch 2, 16 patches per epoch. Resumable: rerun after an interruption.
source "$(dirname "$0")/common.sh"
DATA="$SHARED/data/hippocampus-mr/manifest.csv"
echo '{"labels": [0, 1, 2], "binary": false, "training": {"dimensions": 2}}' > hip-2d.json
echo '{"labels": [0, 1, 2], "binary": false, "training": {"dimensions": 3, "patchDepth": 32}}' > hip-3d.json
start=$(date +%s)
# BUDGETS="5 20 40" extends the comparison to a supervised learning curve (folders hip-net-2d-5, …; budget 10
# keeps the first run's folder names).
for budget in ${BUDGETS:-10}; do
  suffix=$([ "$budget" = 10 ] || echo "-$budget")
  "$BIN/scanselect" experiment --name "hip-net-2d$suffix" --mode cold-start --data "$DATA" --test-count 60 \
    --strategies random --seeds 0,1,2 --budget "$budget" --config hip-2d.json \
    --working-size 64 --side 64 --base-channels 16 --depth 4 --epochs 40 --train-batch 8 --patience 15
  echo "ELAPSED 2-D, budget $budget: $(( $(date +%s) - start )) s"
  "$BIN/scanselect" experiment --name "hip-net-3d$suffix" --mode cold-start --data "$DATA" --test-count 60 \
    --strategies random --seeds 0,1,2 --budget "$budget" --config hip-3d.json \
    --working-size 64 --side 64 --base-channels 16 --depth 4 --epochs 40 --train-batch 2 --patience 15 \
    --min-samples-per-epoch 16
  echo "ELAPSED 2-D + 3-D, budget $budget: $(( $(date +%s) - start )) s"
done
