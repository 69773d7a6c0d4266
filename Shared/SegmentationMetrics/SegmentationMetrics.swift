// Placeholder until the SegmentationMetrics library lands.
