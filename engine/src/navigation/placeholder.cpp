// Placeholder until the navigation module lands; replaced by its real sources.
