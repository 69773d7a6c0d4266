// Placeholder until the Selection library lands.
