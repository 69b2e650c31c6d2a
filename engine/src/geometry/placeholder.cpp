// Placeholder until the geometry module lands; replaced by its real sources.
