// Placeholder until the sim module lands; replaced by its real sources.
