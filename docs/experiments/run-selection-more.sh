#!/bin/bash
# Issue "Picks that beat random", second pass: seeds 3–4 on the whole cxr-mcsz pool (pairing with seeds 0–2 of
# run-selection.sh: same test split, same seed numbering), then the other baselines on Montgomery.
# Resumable: rerun after an interruption. Binaries are copied to $BIN so builds can go on meanwhile.
source "$(dirname "$0")/common.sh"
start=$(date +%s)
for b in 8 16; do
  "$BIN/scanselect" experiment --name mcsz-cold-$b-s34 --mode cold-start --data "$SHARED/data/cxr-mcsz/manifest.csv" \
    --test-count 150 --strategies representative,paper,random --seeds 3,4 --budget $b $MODEL
  echo "ELAPSED after cxr-mcsz $b seeds 3-4: $(( $(date +%s) - start )) s"
done
awk -F, -v d="$SHARED/data/cxr-mcsz" 'NR==1 {print "image,mask"; next} $4=="montgomery" {print d"/"$2","d"/"$3}' \
    "$SHARED/data/cxr-mcsz/manifest.csv" > montgomery.csv
for b in 4 8 16; do
  "$BIN/scanselect" experiment --name mont-baselines-$b --mode cold-start --data montgomery.csv --test-count 38 \
    --strategies typiclust,probcover,coreset --seeds 0,1,2,3,4 --budget $b $MODEL
  echo "ELAPSED after montgomery baselines $b: $(( $(date +%s) - start )) s"
done
echo "ELAPSED total: $(( $(date +%s) - start )) s"
