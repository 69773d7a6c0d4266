#!/bin/bash
# The paper's comparison on cxr-lungs: (a) cold start at budgets 8 and 16, (b) active learning to 40 labelled.
set -e
cd /work/exp
export SCANSELECT_SCHEMAS=/work/main/schemas
DATA=/work/shared/data/cxr-lungs/manifest.csv
MODEL="--working-size 128 --side 96 --base-channels 16 --depth 4 --epochs 40 --train-batch 4 --patience 15"
SEEDS=0,1,2,3,4
start=$(date +%s)
for b in 8 16; do
  /work/exp-bin/scanselect experiment --name cxr-cold-$b --mode cold-start --data $DATA --test-count 30 \
    --strategies paper,random,typiclust,probcover,coreset --seeds $SEEDS --budget $b $MODEL
  echo "ELAPSED after cold $b: $(( $(date +%s) - start )) s"
done
/work/exp-bin/scanselect experiment --name cxr-al --data $DATA --test-count 30 \
  --strategies random,entropy,entropy+diversity,coreset --seeds $SEEDS --budget 8 --batch 4 --rounds 8 $MODEL
echo "ELAPSED total: $(( $(date +%s) - start )) s"
