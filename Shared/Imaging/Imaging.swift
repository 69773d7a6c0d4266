// Placeholder until the Imaging library lands.
