# Sourced by the experiment scripts: binaries copied to $BIN (so builds can go on meanwhile), the shared data, the
# working folder, the schemas, and the README's 96² model settings every comparison uses.
set -e
BIN=${BIN:-/work/exp-bin}
SHARED=${SHARED:-/work/shared}
cd "${EXP_DIR:-/work/exp}"
export SCANSELECT_SCHEMAS=${SCANSELECT_SCHEMAS:-/work/main/schemas}
MODEL="--working-size 128 --side 96 --base-channels 16 --depth 4 --epochs 40 --train-batch 4 --patience 15"
