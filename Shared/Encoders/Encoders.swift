// Placeholder until the Encoders library lands.
