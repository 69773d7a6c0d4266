#!/bin/bash
# Issue "Picks that beat random", session 4: the cxr-mcsz cold start at budget 8 (the row still missing), then
# active learning on the whole cxr-mcsz pool (554 scans, 150 test) from the `representative` cold start of 16, in
# rounds of 16 up to 64 labelled — two seeds and three strategies, what fits beside a working session on 2 cores.
# Resumable: rerun after an interruption. Binaries are copied to $BIN so builds can go on meanwhile.
source "$(dirname "$0")/common.sh"
DATA="$SHARED/data/cxr-mcsz/manifest.csv"
start=$(date +%s)
"$BIN/scanselect" experiment --name mcsz-cold-8 --mode cold-start --data "$DATA" --test-count 150 \
  --strategies representative,paper,random --seeds 0,1,2 --budget 8 $MODEL
echo "ELAPSED after cxr-mcsz cold 8: $(( $(date +%s) - start )) s"
"$BIN/scanselect" experiment --name mcsz-al --mode active-learning --data "$DATA" --test-count 150 \
  --cold-start representative --budget 16 --batch 16 --rounds 3 \
  --strategies entropy+diversity,entropy,random --seeds 0,1 $MODEL
echo "ELAPSED after cxr-mcsz active learning: $(( $(date +%s) - start )) s"
