// Placeholder until the Engine library lands.
