"""Merges cold-start experiment folders (their results.csv) and pairs every strategy with random seed by seed.

usage: summarize.py EXPERIMENT_DIR[=TAG] [EXPERIMENT_DIR[=TAG] …]
A TAG names the folder's variant: its strategies other than random are listed as "strategy (TAG)", so the same
strategy run with two settings (e.g. two volume embeddings) pairs with one random.
Prints, per labelled count and strategy: seeds, Dice and HD95 mean ± sd, and versus random the paired mean ± sd
difference and the number of seeds where the strategy is ahead (Dice higher, HD95 lower). With several labelled
counts (active learning), also each seed's mean over the counts after the first (the rounds the strategies chose),
paired the same way. Folders run with the same
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
    units = set()
    for argument in folders:
        folder, _, tag = argument.partition("=")
        with open(os.path.join(folder, "results.csv")) as handle:
            for row in csv.DictReader(handle):
                strategy = row["strategy"]
                if tag and strategy != "random":
                    strategy = f"{strategy} ({tag})"
                key = (int(row["labelled"]), strategy)
                rows[key][int(row["seed"])] = (float(row["dice"]), float(row["hd95"]))
                units.add(row["unit"])
    unit = "/".join(sorted(units))
    counts = sorted({key[0] for key in rows})
    tables = [(f"labelled {labelled}", {strategy: seeds for (count, strategy), seeds in rows.items() if count == labelled})
              for labelled in counts]
    if len(counts) > 1:
        means = defaultdict(dict)  # strategy -> seed -> (mean dice, mean hd95) over the chosen rounds
        for strategy in {key[1] for key in rows}:
            for seed in set.intersection(*(set(rows.get((c, strategy), {})) for c in counts[1:])):
                values = [rows[(c, strategy)][seed] for c in counts[1:]]
                means[strategy][seed] = tuple(statistics.mean(v[i] for v in values) for i in (0, 1))
        tables.append((f"mean over labelled {counts[1]}–{counts[-1]}", means))
    for title, table in tables:
        print_table(title, table, unit)


def print_table(title, table, unit):
    random = table.get("random", {})
    print(f"\n{title}")
    print(f"| strategy | seeds | Dice | HD95 {unit} | ΔDice vs random | wins | ΔHD95 vs random | wins |")
    print("|---|---:|---|---|---|---:|---|---:|")
    for strategy, seeds in sorted(table.items()):
        if not seeds:
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
