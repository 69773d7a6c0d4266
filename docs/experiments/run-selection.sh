#!/bin/bash
# Issue "Picks that beat random": the robust default cold start (`representative`) beside the paper's and
# random on Montgomery alone (budgets 4, 8, 16), cxr-lungs (8, 16) and the whole cxr-mcsz pool (8, 16); then the other
# baselines on Montgomery.
# Resumable: rerun after an interruption. Binaries are copied to $BIN so builds can go on meanwhile.
source "$(dirname "$0")/common.sh"
SEEDS=0,1,2,3,4
# Montgomery alone: rows 001–138 of cxr-mcsz, absolute paths.
awk -F, -v d="$SHARED/data/cxr-mcsz" 'NR==1 {print "image,mask"; next} $4=="montgomery" {print d"/"$2","d"/"$3}' \
    "$SHARED/data/cxr-mcsz/manifest.csv" > montgomery.csv
start=$(date +%s)
for b in 4 8 16; do
  "$BIN/scanselect" experiment --name mont-$b --mode cold-start --data montgomery.csv --test-count 38 \
    --strategies representative,paper,random --seeds $SEEDS --budget $b $MODEL
  echo "ELAPSED after montgomery $b: $(( $(date +%s) - start )) s"
done
# cxr-lungs (68 pool, 30 test, five seeds) and the whole cxr-mcsz pool (554 pool, 150 test, three seeds, to fit the
# session), interleaved so that both sets have budget 8 and 16 as early as possible.
lungs() {
  "$BIN/scanselect" experiment --name lungs-cold-$1 --mode cold-start --data "$SHARED/data/cxr-lungs/manifest.csv" \
    --test-count 30 --strategies representative,paper,random --seeds $SEEDS --budget $1 $MODEL
  echo "ELAPSED after cxr-lungs $1: $(( $(date +%s) - start )) s"
}
mcsz() {
  "$BIN/scanselect" experiment --name mcsz-cold-$1 --mode cold-start --data "$SHARED/data/cxr-mcsz/manifest.csv" \
    --test-count 150 --strategies representative,paper,random --seeds 0,1,2 --budget $1 $MODEL
  echo "ELAPSED after cxr-mcsz $1: $(( $(date +%s) - start )) s"
}
lungs 8
mcsz 16
lungs 16
mcsz 8
# The other baselines on Montgomery, same seeds and test split (they pair with the arms above).
for b in 4 8 16; do
  "$BIN/scanselect" experiment --name mont-baselines-$b --mode cold-start --data montgomery.csv --test-count 38 \
    --strategies typiclust,probcover,coreset --seeds $SEEDS --budget $b $MODEL
  echo "ELAPSED after montgomery baselines $b: $(( $(date +%s) - start )) s"
done
echo "ELAPSED total: $(( $(date +%s) - start )) s"
