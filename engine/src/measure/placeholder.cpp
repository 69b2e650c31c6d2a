// Placeholder until the measure module lands; replaced by its real sources.
