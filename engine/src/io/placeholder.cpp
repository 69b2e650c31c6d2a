// Placeholder until the io module lands; replaced by its real sources.
