"""Merges cold-start experiment folders (their results.csv) and pairs every strategy with random seed by seed.

usage: summarize.py EXPERIMENT_DIR[=TAG] [EXPERIMENT_DIR[=TAG] …]
A TAG names the folder's variant: its strategies other than random are listed as "strategy (TAG)", so the same
strategy run with two settings (e.g. two volume embeddings) pairs with one random.
Prints, per labelled count and strategy: seeds, Dice and HD95 mean ± sd, and versus random the paired mean ± sd
difference and the number of seeds where the strategy is ahead (Dice higher, HD95 lower). Folders run with the same
seeds, test split and settings pair up (e.g. seeds 0–2 in one folder, 3–4 in another, baselines in a third).
"""
import csv
import os
import statistics
import sys
from collections import defaultdict


def spread(values):
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values) if len(values) > 1 else 0:.3f}"


def main(folders):
    rows = defaultdict(dict)  # (labelled, strategy) -> seed -> (dice, hd95)
    for argument in folders:
        folder, _, tag = argument.partition("=")
        with open(os.path.join(folder, "results.csv")) as handle:
            for row in csv.DictReader(handle):
                strategy = row["strategy"]
                if tag and strategy != "random":
                    strategy = f"{strategy} ({tag})"
                key = (int(row["labelled"]), strategy)
                rows[key][int(row["seed"])] = (float(row["dice"]), float(row["hd95"]))
    for labelled in sorted({key[0] for key in rows}):
        random = rows.get((labelled, "random"), {})
        print(f"\nlabelled {labelled}")
        print("| strategy | seeds | Dice | HD95 px | ΔDice vs random | wins | ΔHD95 vs random | wins |")
        print("|---|---:|---|---|---|---:|---|---:|")
        for (count, strategy), seeds in sorted(rows.items()):
            if count != labelled:
                continue
            dice = [seeds[s][0] for s in sorted(seeds)]
            hd95 = [seeds[s][1] for s in sorted(seeds)]
            paired = [s for s in sorted(seeds) if s in random]
            if strategy == "random" or not paired:
                print(f"| {strategy} | {len(seeds)} | {spread(dice)} | {spread(hd95)} | — | — | — | — |")
                continue
            d_dice = [seeds[s][0] - random[s][0] for s in paired]
            d_hd = [seeds[s][1] - random[s][1] for s in paired]
            print(f"| {strategy} | {len(seeds)} | {spread(dice)} | {spread(hd95)} | {statistics.mean(d_dice):+.3f} ± "
                  f"{statistics.stdev(d_dice) if len(d_dice) > 1 else 0:.3f} | {sum(d > 0 for d in d_dice)}/{len(paired)} | "
                  f"{statistics.mean(d_hd):+.2f} ± {statistics.stdev(d_hd) if len(d_hd) > 1 else 0:.2f} | "
                  f"{sum(d < 0 for d in d_hd)}/{len(paired)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
