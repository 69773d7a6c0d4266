"""Parses a Prometheus text exposition with prometheus_client's own parser (the reference reader) and prints
the families (type, help) and every sample as JSON. A malformed exposition makes the parser raise, and the test
fails with its message.

usage: parse_metrics.py EXPOSITION_FILE
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
samples = []
with open(sys.argv[1]) as f:
    for family in text_string_to_metric_families(f.read()):
        families[family.name] = {"type": family.type, "help": family.documentation}
        for sample in family.samples:
            samples.append({"name": sample.name, "labels": sample.labels, "value": sample.value})
print(json.dumps({"families": families, "samples": samples}))
