// Placeholder until the scenario module lands; replaced by its real sources.
