// Placeholder until Catalog lands.
