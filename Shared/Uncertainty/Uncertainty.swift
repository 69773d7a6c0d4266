// Placeholder until the Uncertainty library lands.
